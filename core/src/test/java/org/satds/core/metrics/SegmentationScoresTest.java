package org.satds.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** calculate_metric_percase's conventions and the surface measure's basic properties. */
class SegmentationScoresTest {
    static final int[] SHAPE = {12, 10, 8};
    static final double[] SAT = SegmentationScores.SAT_SPACING;

    @Test
    void emptyTruthScoresOneWhenThePredictionIsEmptyElseZero() {
        byte[] empty = new byte[960], some = cube(2, 5);
        assertEquals(new SegmentationScores(1, 1), SegmentationScores.of(empty, empty, SHAPE, SAT, 1, true));
        assertEquals(new SegmentationScores(0, 0), SegmentationScores.of(some, empty, SHAPE, SAT, 1, true));
        assertEquals(new SegmentationScores(0, 0), SegmentationScores.of(empty, some, SHAPE, SAT, 1, true), "empty prediction, non-empty truth");
    }

    @Test
    void identicalMasksScoreOne() {
        byte[] m = cube(1, 7);
        SegmentationScores s = SegmentationScores.of(m, m.clone(), SHAPE, SAT, 1, true);
        assertEquals(1, s.dice());
        assertEquals(1, s.nsd());
        assertEquals(Double.NaN, SegmentationScores.of(m, m, SHAPE, SAT, 1, false).nsd());
    }

    @Test
    void diceCountsOverlap() {
        byte[] a = new byte[960], b = new byte[960];
        a[0] = a[1] = a[2] = 1;
        b[2] = b[3] = 1;
        assertEquals(2.0 * 1 / 5, SegmentationScores.dice(a, b));
    }

    @Test
    void aShiftWithinTheToleranceKeepsTheSurfaceAndOneBeyondLosesPart() {
        byte[] a = cube(2, 7), along0 = shifted(a, 1, 0), along2 = shifted(a, 1, 2);
        assertEquals(1, SegmentationScores.of(along0, a, SHAPE, SAT, 1, true).nsd(), 1e-12, "1 mm move, 1 mm tolerance");
        double nsd = SegmentationScores.of(along2, a, SHAPE, SAT, 1, true).nsd();
        assertEquals(true, nsd > 0 && nsd < 1, "a 3 mm move: " + nsd);
        assertEquals(1, SegmentationScores.of(along2, a, SHAPE, SAT, 3, true).nsd(), 1e-12, "3 mm tolerance");
    }

    @Test
    void complementaryCodesHaveTheSameArea() {
        double[] areas = SurfelAreas.forSpacing(new double[] {0.8, 1.1, 2.5});
        assertEquals(0, areas[0]);
        assertEquals(0, areas[255]);
        for (int c = 0; c < 256; c++) assertEquals(areas[c], areas[255 - c], 1e-12, "code " + c);
        assertEquals(Math.sqrt(3) / 8, SurfelAreas.forSpacing(new double[] {1, 1, 1})[1], 1e-15, "one corner voxel");
    }

    /**
     * The NSD looked up around each surfel equals, to the bit, the one read from the distance transforms, on blobs
     * with holes, with the voxel sizes and tolerances of SAT and of native scans (and one too wide to look around).
     */
    @Test
    void surfaceDiceWithoutTransformsIsTheTransformsOwn() {
        java.util.Random random = new java.util.Random(3);
        int[] shape = {23, 19, 11};
        double[][] spacings = {SAT, {0.78125, 0.78125, 2.5}, {1.5, 1.5, 1.5}, {0.7, 0.9, 1.3}};
        int checked = 0;
        for (double[] spacing : spacings)
            for (double tolerance : new double[] {1, 1.5625, 2, 5, 12})
                for (int trial = 0; trial < 4; trial++) {
                    byte[] gt = blob(random, shape), pred = trial == 0 ? new byte[gt.length] : blob(random, shape);
                    double expected = SurfaceDistances.compute(gt, pred, shape, spacing).surfaceDice(tolerance);
                    assertEquals(expected, SurfaceDistances.surfaceDice(gt, pred, shape, spacing, tolerance), 0,
                            java.util.Arrays.toString(spacing) + " at " + tolerance + " mm");
                    checked++;
                }
        assertEquals(80, checked);
    }

    /** A few random boxes, some voxels flipped. */
    private static byte[] blob(java.util.Random random, int[] shape) {
        byte[] m = new byte[shape[0] * shape[1] * shape[2]];
        for (int b = 0; b < 3; b++) {
            int[] lo = new int[3], hi = new int[3];
            for (int d = 0; d < 3; d++) {
                lo[d] = random.nextInt(shape[d] - 2);
                hi[d] = lo[d] + 1 + random.nextInt(shape[d] - lo[d] - 1);
            }
            for (int i = lo[0]; i < hi[0]; i++)
                for (int j = lo[1]; j < hi[1]; j++)
                    for (int k = lo[2]; k < hi[2]; k++) m[(i * shape[1] + j) * shape[2] + k] = 1;
        }
        for (int n = 0; n < m.length / 20; n++) m[random.nextInt(m.length)] ^= 1;
        return m;
    }

    private static byte[] cube(int lo, int hi) {
        byte[] m = new byte[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        for (int i = lo; i < hi; i++)
            for (int j = lo; j < Math.min(hi, SHAPE[1]); j++)
                for (int k = lo; k < Math.min(hi, SHAPE[2] - 1); k++) m[(i * SHAPE[1] + j) * SHAPE[2] + k] = 1;
        return m;
    }

    private static byte[] shifted(byte[] m, int by, int axis) {
        byte[] out = new byte[m.length];
        int[] st = {SHAPE[1] * SHAPE[2], SHAPE[2], 1};
        for (int i = 0; i < SHAPE[0]; i++)
            for (int j = 0; j < SHAPE[1]; j++)
                for (int k = 0; k < SHAPE[2]; k++) {
                    int[] c = {i, j, k};
                    c[axis] += by;
                    if (c[axis] >= SHAPE[axis]) continue;
                    out[c[0] * st[0] + c[1] * st[1] + c[2]] = m[i * st[0] + j * st[1] + k];
                }
        return out;
    }
}
