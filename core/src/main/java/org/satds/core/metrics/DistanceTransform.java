package org.satds.core.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The exact Euclidean distance transform with per-axis voxel sizes: for every voxel the squared distance in mm to
 * the nearest feature voxel. Separable (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions",
 * 2012): the lower envelope of parabolas along each axis in turn, the lines of an axis in parallel (on the
 * first axis, where the input is binary, the nearest feature before or after).
 *
 * <p>The values are those of scipy's {@code distance_transform_edt(~feature, sampling=spacing)}, which SAT's NSD
 * uses: scipy finds each voxel's nearest feature and sums {@code ((i0 - f0) * s0)^2 + ((i1 - f1) * s1)^2 +
 * ((i2 - f2) * s2)^2} in that order; the axes are processed here in the same order, so each pass adds the same
 * term in the same place. With integer voxel sizes (SAT's [1, 1, 3]) every value is an exact integer.
 */
public final class DistanceTransform {
    /** Lines handed to a worker at once: enough to amortize the task, few enough to balance the cores. */
    private static final int LINES_PER_TASK = 256;

    private DistanceTransform() {}

    /**
     * @param feature C-order grid (index {@code (i0 * n1 + i1) * n2 + i2}); non-zero marks a feature voxel
     * @return squared distances, {@code +inf} everywhere when there is no feature voxel
     */
    public static double[] squared(byte[] feature, int[] shape, double[] spacing) {
        double[] f = new double[feature.length];
        int[] strides = {shape[1] * shape[2], shape[2], 1};
        firstPass(feature, f, shape[0], strides[0], spacing[0]);
        for (int axis = 1; axis < 3; axis++) pass(f, shape, strides, axis, spacing[axis]);
        return f;
    }

    /**
     * Along axis 0 the input is still binary, so each voxel's value is the squared distance to the nearest feature
     * on its line, before or after it: two sweeps over whole planes (contiguous in memory), the plane cut in
     * chunks for the cores. It gives what the envelope would, ((p - q) * s)^2.
     */
    private static void firstPass(byte[] feature, double[] f, int n, int plane, double spacing) {
        int chunk = LINES_PER_TASK * 16;
        IntStream.range(0, (plane + chunk - 1) / chunk).parallel().forEach(t -> {
            int from = t * chunk, to = Math.min(plane, from + chunk);
            int[] nearest = new int[to - from];
            Arrays.fill(nearest, -1);
            for (int p = 0; p < n; p++)
                for (int j = from, base = p * plane; j < to; j++) {
                    if (feature[base + j] != 0) nearest[j - from] = p;
                    int q = nearest[j - from];
                    double d = (p - q) * spacing;
                    f[base + j] = q < 0 ? Double.POSITIVE_INFINITY : d * d;
                }
            Arrays.fill(nearest, -1);
            for (int p = n - 1; p >= 0; p--)
                for (int j = from, base = p * plane; j < to; j++) {
                    if (feature[base + j] != 0) nearest[j - from] = p;
                    int q = nearest[j - from];
                    if (q < 0) continue;
                    double d = (q - p) * spacing;
                    f[base + j] = Math.min(f[base + j], d * d);
                }
        });
    }

    private static void pass(double[] f, int[] shape, int[] strides, int axis, double spacing) {
        int n = shape[axis];
        if (n == 0) return;
        int lines = f.length / n;
        int tasks = (lines + LINES_PER_TASK - 1) / LINES_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(t -> {
            Envelope env = new Envelope(n);
            for (int line = t * LINES_PER_TASK, end = Math.min(lines, line + LINES_PER_TASK); line < end; line++) {
                int start = start(line, axis, shape);
                env.apply(f, start, strides[axis], spacing);
            }
        });
    }

    /** The first voxel of a line, numbered by its other two coordinates in C order. */
    private static int start(int line, int axis, int[] shape) {
        return switch (axis) {
            case 0 -> line; // (i1, i2)
            case 1 -> (line / shape[2]) * shape[1] * shape[2] + line % shape[2]; // (i0, i2)
            default -> line * shape[2]; // (i0, i1)
        };
    }

    /** The working arrays of one line's lower envelope, reused from line to line. */
    private static final class Envelope {
        private final double[] values, bounds, heights;
        private final int[] sites;

        Envelope(int n) {
            values = new double[n];
            sites = new int[n];
            heights = new double[n];
            bounds = new double[n + 1];
        }

        /**
         * Replaces the line with min over q of ((p - q) * spacing)^2 + f(q). The parabola of site q has height
         * f(q) + w q^2 at 0 (w = spacing^2); it takes over from site v beyond s = (h(q) - h(v)) / (2 w (q - v)),
         * tested by multiplying out (q > v) so that the division is done once per site kept.
         */
        void apply(double[] f, int start, int stride, double spacing) {
            int n = values.length;
            double w = spacing * spacing;
            int k = -1;
            for (int q = 0; q < n; q++) {
                double fq = f[start + q * stride];
                values[q] = fq;
                if (fq == Double.POSITIVE_INFINITY) continue;
                double hq = fq + w * q * q;
                while (k >= 0 && !(hq - heights[k] > bounds[k] * (2 * w * (q - sites[k])))) k--;
                double s = k < 0 ? Double.NEGATIVE_INFINITY : (hq - heights[k]) / (2 * w * (q - sites[k]));
                sites[++k] = q;
                heights[k] = hq;
                bounds[k] = s;
                bounds[k + 1] = Double.POSITIVE_INFINITY;
            }
            if (k < 0) return; // no finite value on the line: it stays infinite
            k = 0;
            for (int p = 0; p < n; p++) {
                while (bounds[k + 1] < p) k++;
                int q = sites[k];
                double d = (p - q) * spacing;
                f[start + p * stride] = d * d + values[q];
            }
        }
    }
}
