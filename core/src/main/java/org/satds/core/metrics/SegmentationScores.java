package org.satds.core.metrics;

/**
 * Dice and NSD of one predicted mask against its ground truth, as SAT's {@code calculate_metric_percase}
 * (zhaoziheng/SAT evaluate/metric.py) computes them.
 *
 * @param nsd NaN when not computed
 */
public record SegmentationScores(double dice, double nsd) {
    /** The voxel size SAT passes to compute_surface_distances: its normalized grid, 1 x 1 x 3 mm. */
    public static final double[] SAT_SPACING = {1, 1, 3};
    /** The tolerance SAT passes to compute_surface_dice_at_tolerance, in mm. */
    public static final double SAT_TOLERANCE_MM = 1;

    /**
     * @param pred    C-order mask, non-zero inside (the original casts both to bool)
     * @param gt      the ground truth on the same grid
     * @param spacing voxel size in mm for the NSD (SAT: {@link #SAT_SPACING})
     * @param nsd     compute the NSD (the slow part) too
     */
    public static SegmentationScores of(byte[] pred, byte[] gt, int[] shape, double[] spacing, double toleranceMm, boolean nsd) {
        long[] counts = counts(pred, gt);
        long inPred = counts[0], inGt = counts[1];
        // calculate_metric_percase: an empty truth scores 1, 1 when the prediction is empty too, else 0, 0
        if (inGt == 0) {
            double v = inPred == 0 ? 1 : 0;
            return new SegmentationScores(v, nsd ? v : Double.NaN);
        }
        double surfaceDice = nsd ? SurfaceDistances.surfaceDice(gt, pred, shape, spacing, toleranceMm) : Double.NaN;
        return new SegmentationScores(dice(counts), surfaceDice);
    }

    /** medpy.metric.binary.dc: 2 |A and B| / (|A| + |B|), 0 when both are empty. */
    public static double dice(byte[] pred, byte[] gt) {
        return dice(counts(pred, gt));
    }

    private static double dice(long[] counts) {
        long inPred = counts[0], inGt = counts[1], both = counts[2];
        return inPred + inGt == 0 ? 0 : 2.0 * both / (double) (inPred + inGt);
    }

    /** {voxels set in pred, in gt, in both}, in one pass. */
    private static long[] counts(byte[] pred, byte[] gt) {
        long inPred = 0, inGt = 0, both = 0;
        for (int i = 0; i < pred.length; i++) {
            int p = pred[i] != 0 ? 1 : 0, g = gt[i] != 0 ? 1 : 0;
            inPred += p;
            inGt += g;
            both += p & g;
        }
        return new long[] {inPred, inGt, both};
    }
}
