package org.satds.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/**
 * The foreground box found without resampling the whole grid ({@link Foreground#ofResampled}) and the box's
 * voxels resampled alone ({@link Resampler.Linear#sample}) against resampling everything, then
 * {@link Foreground#box} and {@link Foreground#crop}: the same box and the same bits, on the golden images and on
 * generated ones made to hit the edge cases (no foreground, one voxel, a corner, air with noise, channels).
 */
class ForegroundOfResampledTest {
    private static final double[] SAT_SPACING = {1, 1, 3};

    @Test
    void goldenImagesGiveTheSameBoxAndVoxels() throws IOException {
        Path golden = Path.of(System.getProperty("satds.testdata"), "golden");
        List<Path> images;
        try (Stream<Path> s = Stream.of("geometry", "real", "recipes").flatMap(g -> list(golden.resolve(g)))) {
            images = s.flatMap(d -> Stream.of(d.resolve("image.nii.gz"), d.resolve("image.nii"))).filter(Files::exists).sorted().toList();
        }
        assertTrue(images.size() >= 90, "golden images found: " + images.size());
        int shorts = 0;
        for (Path image : images) {
            Volume v = Volumes.read(image, ReadOptions.IMAGE), scan = Volumes.read(image, ReadOptions.SCAN);
            for (String codes : new String[] {"RAS", "LPS", "SPL"}) {
                assertSame(v, codes, image + " " + codes);
                // an int16 scan read as shorts: its voxels converted only where the crop reads them
                if (scan.isShorts()) assertSame(scan, codes, image + " " + codes + " as shorts");
            }
            shorts += scan.isShorts() ? 1 : 0;
        }
        assertTrue(shorts >= 10, "int16 golden images: " + shorts);
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void generatedEdgeCases() {
        int[] shape = {37, 29, 11};
        Affine lps = Affine.of(new double[][] {{-0.8, 0, 0, 10}, {0, -0.8, 0, -4}, {0, 0, 2.5, 3}, {0, 0, 0, 1}});
        Affine transposed = Affine.of(new double[][] {{0, 0, 2.5, 1}, {0.7, 0, 0, 2}, {0, -1.1, 0, 5}, {0, 0, 0, 1}});
        Affine oblique = Affine.of(new double[][] {{0.9, 0.3, 0, 1}, {-0.3, 0.9, 0, 2}, {0, 0, 2.2, 0}, {0, 0, 0, 1}});
        Random r = new Random(11);
        for (Affine a : new Affine[] {lps, transposed, oblique, Affine.diagonal(1, 1, 3)}) {
            int n = shape[0] * shape[1] * shape[2];
            float[] air = new float[n], body = new float[n], corner = new float[n], one = new float[n], noisy = new float[n];
            for (int i = 0; i < n; i++) {
                int x = i % shape[0], y = i / shape[0] % shape[1], z = i / (shape[0] * shape[1]);
                air[i] = -1000;
                boolean inside = Math.abs(x - 20) < 9 && Math.abs(y - 12) < 7 && z > 2 && z < 9;
                body[i] = inside ? (float) (40 + r.nextGaussian() * 30) : -1000;
                corner[i] = x == 0 && y == 0 && z == 0 ? 5 : -1000;
                one[i] = x == 30 && y == 3 && z == 6 ? 0.25f : -3;
                noisy[i] = (float) (-1000 + r.nextGaussian() * 400);
            }
            for (float[][] channels : new float[][][] {{air}, {body}, {corner}, {one}, {noisy}, {air, one}, {one, body}}) {
                assertSame(Volume.ofFloats(shape, a, channels), "RAS", a + " channels " + channels.length);
                assertSame(Volume.ofShorts(shape, a, rounded(channels)), "RAS", a + " channels " + channels.length + " as shorts");
            }
        }
    }

    /**
     * A plan whose coordinates are computed per voxel (oblique along every axis, each axis's table over the 160 x 160 x
     * 48 grid beyond its limit): an int16 scan is resampled as it is, without a float copy, to the same box and bits.
     */
    @Test
    void perVoxelCoordinatesReadInt16AsItIs() {
        int[] shape = {160, 160, 48};
        Affine oblique = Affine.of(new double[][] {{0.95, 0.2, 0.3, -5}, {-0.2, 0.95, 0.25, 3}, {-0.1, -0.08, 2.9, 1}, {0, 0, 0, 1}});
        Random r = new Random(5);
        short[] body = new short[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < body.length; i++) {
            int x = i % shape[0], y = i / shape[0] % shape[1], z = i / (shape[0] * shape[1]);
            double d = Math.pow((x - 70) / 50.0, 2) + Math.pow((y - 90) / 40.0, 2) + Math.pow((z - 20) / 15.0, 2);
            body[i] = (short) (d < 1 ? 40 + r.nextInt(200) : -1000 + r.nextInt(50));
        }
        Volume v = Volume.ofShorts(shape, oblique, body);
        assertEquals(null, Resampler.linear(SpatialPlan.of(shape, oblique, "RAS", SAT_SPACING)).reads(new Box(new int[3], shape)));
        assertSame(v, "RAS", "oblique int16, coordinates per voxel");
        // the box found by planes from each side of the whole grid: floats, two channels, a corner voxel, none at all
        short[] air = new short[body.length], corner = new short[body.length];
        java.util.Arrays.fill(air, (short) -1000);
        java.util.Arrays.fill(corner, (short) -1000);
        corner[body.length - 1] = 30;
        float[] floats = new float[body.length];
        for (int i = 0; i < body.length; i++) floats[i] = body[i] + 0.5f;
        assertSame(Volume.ofFloats(shape, oblique, new float[][] {floats}), "RAS", "oblique floats, coordinates per voxel");
        assertSame(Volume.ofShorts(shape, oblique, new short[][] {air, corner}), "RAS", "oblique, a corner voxel in a second channel");
        assertSame(Volume.ofShorts(shape, oblique, new short[][] {air}), "RAS", "oblique, no voxel above 0");
    }

    /** The channels rounded to int16, so that a positive fraction (one's 0.25) is 0 and drops out as it should. */
    private static short[][] rounded(float[][] channels) {
        short[][] out = new short[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = new short[channels[c].length];
            for (int i = 0; i < out[c].length; i++) out[c][i] = (short) Math.max(-32768, Math.min(32767, Math.round(channels[c][i])));
        }
        return out;
    }

    private static void assertSame(Volume v, String codes, String what) {
        SpatialPlan p = SpatialPlan.of(v.shape(), v.affine(), codes, SAT_SPACING);
        Resampler.Linear linear = Resampler.linear(p);
        int[] grid = p.outShape();
        float[][] channels = new float[v.channels()][], whole = new float[v.channels()][];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = v.floats(c);
            whole[c] = Resampler.linear(p, channels[c]);
        }
        Foreground.Resampled found = Foreground.ofResampled(linear, v);
        Box expected = Foreground.box(grid, whole);
        assertEquals(expected.isEmpty(), found.box().isEmpty(), what);
        if (expected.isEmpty()) return;
        assertArrayEquals(expected.start(), found.box().start(), what);
        assertArrayEquals(expected.end(), found.box().end(), what);
        for (int c = 0; c < channels.length; c++)
            assertArrayEquals(Foreground.crop(whole[c], grid, expected), found.sample(c), what + " channel " + c);
    }
}
