package org.satds.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;

/**
 * Resampler.Nearest#nativeRows (what restore gathers a prediction through) against the whole nearest sampling of
 * the padded grid with the orientation undone ({@link Resampler.Nearest#gather}, {@link Resampler#unorient}): the same
 * values for every voxel of the scan, in each orientation, for axis-aligned, tabulated oblique and per-voxel oblique
 * plans.
 */
class NearestNativeRowsTest {
    private static final double[] PIXDIM = {1, 1, 3};
    private static final List<String> ORIENTATIONS = List.of("RAS", "LPS", "PIR");

    @Test
    void axisAlignedAndTabulatedPlans() {
        int[] shape = {60, 50, 20};
        Random r = new Random(11);
        for (Affine a : List.of(lps(), rotated(25, 10, new double[] {0.9, 0.8, 2}), Affine.diagonal(1, 1, 3)))
            for (String code : ORIENTATIONS) assertNativeRowsMatch(SpatialPlan.of(shape, a, code, PIXDIM), r);
    }

    /** An inverse whose coordinate tables would be too large (over 2^20 entries), so each voxel's source is kept. */
    @Test
    void perVoxelObliquePlan() {
        int[] shape = {1100, 1000, 3};
        assertNativeRowsMatch(SpatialPlan.of(shape, rotated(30, 0, new double[] {1, 1, 3}), "LPS", PIXDIM), new Random(5));
    }

    /** Zeros outside the crop box, as Invertd pads; the rows report the crop's own indices. */
    private static void assertNativeRowsMatch(SpatialPlan p, Random r) {
        int[] grid = p.outShape(), in = p.inShape();
        Box crop = new Box(new int[] {1, 0, grid[2] / 3}, new int[] {grid[0] - 1, grid[1] / 2 + 1, grid[2]});
        float[] cropped = new float[(int) crop.voxels()], padded = new float[grid[0] * grid[1] * grid[2]];
        for (int i = 0; i < cropped.length; i++) cropped[i] = 1 + r.nextInt(1000);
        int[] s = crop.shape(), st = crop.start();
        for (int z = 0; z < s[2]; z++)
            for (int y = 0; y < s[1]; y++)
                for (int x = 0; x < s[0]; x++)
                    padded[st[0] + x + grid[0] * (st[1] + y + grid[1] * (st[2] + z))] = cropped[x + s[0] * (y + s[1] * z)];
        Resampler.Nearest nearest = Resampler.nearest(p.inverse(crop), Box.whole(p.orientedShape()));
        float[] expected = Resampler.unorient(p, nearest.gather(padded));
        float[] actual = new float[in[0] * in[1] * in[2]];
        nearest.nativeRows(p, crop, (first, indices, from, to) -> {
            for (int x = from; x < to; x++) actual[first + x] = indices[x] == cropped.length ? 0 : cropped[indices[x]];
        });
        assertArrayEquals(expected, actual);
    }

    private static Affine lps() {
        return Affine.of(new double[][] {{-0.78, 0, 0, 100}, {0, -0.78, 0, 80}, {0, 0, 2.5, -40}, {0, 0, 0, 1}});
    }

    /** Voxel sizes {@code spacing}, rotated by {@code zDegrees} about z, then {@code xDegrees} about x. */
    private static Affine rotated(double zDegrees, double xDegrees, double[] spacing) {
        double c = Math.cos(Math.toRadians(zDegrees)), s = Math.sin(Math.toRadians(zDegrees));
        double cx = Math.cos(Math.toRadians(xDegrees)), sx = Math.sin(Math.toRadians(xDegrees));
        double[][] rz = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}}, rx = {{1, 0, 0}, {0, cx, -sx}, {0, sx, cx}};
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) sum += rx[i][k] * rz[k][j];
                m[i][j] = sum * spacing[j];
            }
        m[0][3] = -20;
        m[1][3] = 15;
        m[2][3] = 5;
        m[3][3] = 1;
        return Affine.of(m);
    }
}
