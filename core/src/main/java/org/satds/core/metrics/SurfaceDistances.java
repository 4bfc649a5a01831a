package org.satds.core.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Each surface element ("surfel") of two masks with its area and its distance to the other mask's surface, as
 * DeepMind's {@code compute_surface_distances(mask_gt, mask_pred, spacing_mm)} computes them (SAT vendors it as
 * evaluate/SurfaceDice.py). Its conventions, kept here:
 * <ul>
 *   <li>only the bounding box of the two masks' union is processed, padded with one empty voxel at the high end of
 *       each axis;</li>
 *   <li>a surfel is a corner between voxels: its 2x2x2 neighbour code (scipy's {@code correlate} with kernel
 *       [[[128, 64], [32, 16]], [[8, 4], [2, 1]]], mode constant 0, so corner i sees voxels i-1 and i of the
 *       padded box) is neither 0 nor 255;</li>
 *   <li>distances run from surfel to surfel ({@link DistanceTransform}, exact, with the voxel size);</li>
 *   <li>areas come from {@link SurfelAreas}.</li>
 * </ul>
 * The lists here are in C order of the corners; the original sorts them by distance, which the sums taken of them
 * do not depend on (beyond round-off far below 1e-9).
 *
 * @param gtToPred  distance in mm from each ground-truth surfel to the predicted surface (inf when it has none)
 * @param areasGt   area in mm^2 of each ground-truth surfel
 * @param predToGt  distance in mm from each predicted surfel to the ground-truth surface
 * @param areasPred area in mm^2 of each predicted surfel
 */
public record SurfaceDistances(double[] gtToPred, double[] areasGt, double[] predToGt, double[] areasPred) {

    /**
     * @param gt      C-order mask (index {@code (i0 * n1 + i1) * n2 + i2}), non-zero inside
     * @param pred    the same for the prediction
     * @param spacing voxel size in mm along the three axes
     */
    public static SurfaceDistances compute(byte[] gt, byte[] pred, int[] shape, double[] spacing) {
        int[] box = unionBox(gt, pred, shape);
        if (box == null) return new SurfaceDistances(new double[0], new double[0], new double[0], new double[0]);
        int[] corners = {box[3] - box[0] + 2, box[4] - box[1] + 2, box[5] - box[2] + 2};
        byte[] codesGt = codes(gt, shape, box, corners), codesPred = codes(pred, shape, box, corners);
        byte[] bordersGt = borders(codesGt), bordersPred = borders(codesPred);
        double[] toGt = DistanceTransform.squared(bordersGt, corners, spacing);
        double[] toPred = DistanceTransform.squared(bordersPred, corners, spacing);
        double[] areas = SurfelAreas.forSpacing(spacing);
        double[][] gtSide = surfels(bordersGt, codesGt, toPred, areas), predSide = surfels(bordersPred, codesPred, toGt, areas);
        return new SurfaceDistances(gtSide[0], gtSide[1], predSide[0], predSide[1]);
    }

    /** Offsets reached within a tolerance beyond which the distance transforms are cheaper than looking around each surfel. */
    private static final int MAX_OFFSETS = 64;

    /**
     * compute_surface_dice_at_tolerance(compute_surface_distances(gt, pred, spacing), tolerance), the same sums in
     * the same order, without the distance transforms when the tolerance reaches few corners (SAT's 1 mm on the
     * 1 x 1 x 3 mm grid: the corner itself and its 4 neighbours across the 1 mm axes): a surfel lies within the
     * tolerance of the other surface exactly when a surfel of the other lies at an offset whose distance, summed as
     * {@link DistanceTransform} sums it, is within it.
     */
    public static double surfaceDice(byte[] gt, byte[] pred, int[] shape, double[] spacing, double toleranceMm) {
        int[][] ball = offsetsWithin(spacing, toleranceMm);
        if (ball == null) return compute(gt, pred, shape, spacing).surfaceDice(toleranceMm);
        int[] box = unionBox(gt, pred, shape);
        if (box == null) return Double.NaN; // no surfel on either side: 0 / 0, as numpy gives it
        int[] corners = {box[3] - box[0] + 2, box[4] - box[1] + 2, box[5] - box[2] + 2};
        byte[] codesGt = codes(gt, shape, box, corners), codesPred = codes(pred, shape, box, corners);
        double[] areas = SurfelAreas.forSpacing(spacing), sums = new double[2]; // {within, total}
        near(codesGt, codesPred, corners, ball, areas, sums);
        near(codesPred, codesGt, corners, ball, areas, sums);
        return sums[0] / sums[1];
    }

    /** Adds the area of each surfel of {@code codes} to sums[1], and to sums[0] when one of {@code other}'s is within reach. */
    private static void near(byte[] codes, byte[] other, int[] corners, int[][] ball, double[] areas, double[] sums) {
        int c0 = corners[0], c1 = corners[1], c2 = corners[2];
        for (int a = 0, i = 0; a < c0; a++)
            for (int b = 0; b < c1; b++)
                for (int c = 0; c < c2; c++, i++) {
                    if (!surfel(codes[i])) continue;
                    double area = areas[codes[i] & 0xff];
                    for (int[] o : ball) {
                        int x = a + o[0], y = b + o[1], z = c + o[2];
                        if (x >= 0 && y >= 0 && z >= 0 && x < c0 && y < c1 && z < c2 && surfel(other[(x * c1 + y) * c2 + z])) {
                            sums[0] += area;
                            break;
                        }
                    }
                    sums[1] += area;
                }
    }

    private static boolean surfel(byte code) {
        return code != 0 && code != (byte) 255;
    }

    /**
     * The corner offsets whose distance, as the transform computes it ((d0 s0)^2, then (d1 s1)^2 added, then (d2
     * s2)^2 added, its square root), is within the tolerance; null when there are more than {@link #MAX_OFFSETS}.
     */
    private static int[][] offsetsWithin(double[] spacing, double toleranceMm) {
        int[] reach = new int[3];
        for (int k = 0; k < 3; k++) {
            if (!(spacing[k] > 0) || !(toleranceMm >= 0)) return null;
            reach[k] = (int) Math.min(MAX_OFFSETS, Math.floor(toleranceMm / spacing[k]) + 1);
        }
        java.util.List<int[]> ball = new java.util.ArrayList<>();
        for (int a = -reach[0]; a <= reach[0]; a++)
            for (int b = -reach[1]; b <= reach[1]; b++)
                for (int c = -reach[2]; c <= reach[2]; c++) {
                    double d0 = a * spacing[0], d1 = b * spacing[1], d2 = c * spacing[2];
                    double squared = d2 * d2 + (d1 * d1 + d0 * d0);
                    if (Math.sqrt(squared) > toleranceMm) continue;
                    if (ball.size() == MAX_OFFSETS) return null;
                    ball.add(new int[] {a, b, c});
                }
        ball.sort(java.util.Comparator.comparingInt(o -> Math.abs(o[0]) + Math.abs(o[1]) + Math.abs(o[2]))); // the corner itself first
        return ball.toArray(int[][]::new);
    }

    /**
     * compute_surface_dice_at_tolerance: the surfel area of both surfaces lying within the tolerance of the other,
     * over the total area (NaN when both are empty, as in numpy).
     */
    public double surfaceDice(double toleranceMm) {
        double within = 0, total = 0;
        for (int i = 0; i < gtToPred.length; i++) {
            if (gtToPred[i] <= toleranceMm) within += areasGt[i];
            total += areasGt[i];
        }
        for (int i = 0; i < predToGt.length; i++) {
            if (predToGt[i] <= toleranceMm) within += areasPred[i];
            total += areasPred[i];
        }
        return within / total;
    }

    /** [min0, min1, min2, max0, max1, max2] (inclusive) of the voxels set in either mask; null when none is. */
    private static int[] unionBox(byte[] a, byte[] b, int[] shape) {
        int n1 = shape[1], n2 = shape[2];
        int[][] planes = IntStream.range(0, shape[0]).parallel().mapToObj(i0 -> {
            int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
            for (int i1 = 0; i1 < n1; i1++) {
                int row = (i0 * n1 + i1) * n2, lo = -1, hi = -1;
                for (int i2 = 0; i2 < n2; i2++) if ((a[row + i2] | b[row + i2]) != 0) { if (lo < 0) lo = i2; hi = i2; }
                if (lo < 0) continue;
                box[1] = Math.min(box[1], i1); box[4] = i1;
                box[2] = Math.min(box[2], lo); box[5] = Math.max(box[5], hi);
            }
            if (box[4] >= 0) { box[0] = box[3] = i0; }
            return box[4] >= 0 ? box : null;
        }).filter(p -> p != null).toArray(int[][]::new);
        if (planes.length == 0) return null;
        int[] box = planes[0].clone();
        for (int[] p : planes)
            for (int k = 0; k < 3; k++) { box[k] = Math.min(box[k], p[k]); box[k + 3] = Math.max(box[k + 3], p[k + 3]); }
        return box;
    }

    /**
     * The neighbour code of every corner of the box: corner (c0, c1, c2) sees box voxels (c - 1, c) on each axis,
     * the one at offset (d0, d1, d2) (each 0 for c - 1, 1 for c) weighing 2^(7 - 4 d0 - 2 d1 - d2).
     * Computed a row at a time: the four rows a corner row sees are first folded into one 4-bit column value
     * (bit 3 - 2 d0 - d1), whose bits are then spread to the even (d2 = 1) and odd (d2 = 0) code bits.
     */
    private static byte[] codes(byte[] mask, int[] shape, int[] box, int[] corners) {
        int n1 = shape[1], n2 = shape[2], c1 = corners[1], c2 = corners[2];
        int e0 = corners[0] - 1, e1 = c1 - 1, e2 = c2 - 1; // box extent
        byte[] codes = new byte[corners[0] * c1 * c2];
        IntStream.range(0, corners[0]).parallel().forEach(a -> {
            int[] column = new int[c2 + 1]; // column[c + 1]: the 4-bit value of box column c (0 outside the box)
            for (int b = 0; b < c1; b++) {
                Arrays.fill(column, 0);
                boolean any = false;
                for (int d = 0; d < 4; d++) {
                    int x = a - 1 + (d >> 1), y = b - 1 + (d & 1);
                    if (x < 0 || y < 0 || x >= e0 || y >= e1) continue;
                    int row = ((box[0] + x) * n1 + box[1] + y) * n2 + box[2], bit = 1 << (3 - d);
                    for (int z = 0; z < e2; z++) if (mask[row + z] != 0) { column[z + 1] |= bit; any = true; }
                }
                if (!any) continue;
                int out = (a * c1 + b) * c2;
                for (int c = 0; c < c2; c++) codes[out + c] = (byte) (SPREAD[column[c]] << 1 | SPREAD[column[c + 1]]);
            }
        });
        return codes;
    }

    /** A 4-bit value's bits 3, 2, 1, 0 moved to bits 6, 4, 2, 0. */
    private static final int[] SPREAD = new int[16];

    static {
        for (int v = 0; v < 16; v++) SPREAD[v] = (v & 8) << 3 | (v & 4) << 2 | (v & 2) << 1 | (v & 1);
    }

    private static byte[] borders(byte[] codes) {
        byte[] b = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) b[i] = (byte) (codes[i] != 0 && codes[i] != (byte) 255 ? 1 : 0);
        return b;
    }

    /** {distances, areas} of the surfels in {@code borders}: the square root of the other surface's transform. */
    private static double[][] surfels(byte[] borders, byte[] codes, double[] squaredToOther, double[] areas) {
        int n = 0;
        for (byte b : borders) n += b;
        double[] distances = new double[n], surfelAreas = new double[n];
        for (int i = 0, j = 0; i < borders.length; i++) {
            if (borders[i] == 0) continue;
            distances[j] = Math.sqrt(squaredToOther[i]);
            surfelAreas[j++] = areas[codes[i] & 0xff];
        }
        return new double[][] {distances, surfelAreas};
    }
}
