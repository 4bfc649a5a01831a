package org.satds.core.metrics;

import java.util.stream.IntStream;

/**
 * The exact Euclidean distance transform with per-axis voxel sizes: for every voxel the squared distance in mm to
 * the nearest feature voxel. Separable (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions",
 * 2012): the lower envelope of parabolas along each axis in turn, the lines of an axis in parallel.
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
        for (int i = 0; i < f.length; i++) f[i] = feature[i] != 0 ? 0 : Double.POSITIVE_INFINITY;
        int[] strides = {shape[1] * shape[2], shape[2], 1};
        for (int axis = 0; axis < 3; axis++) pass(f, shape, strides, axis, spacing[axis]);
        return f;
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
        private final double[] values, bounds;
        private final int[] sites;

        Envelope(int n) {
            values = new double[n];
            sites = new int[n];
            bounds = new double[n + 1];
        }

        /** Replaces the line with min over q of ((p - q) * spacing)^2 + f(q). */
        void apply(double[] f, int start, int stride, double spacing) {
            int n = values.length;
            double w = spacing * spacing;
            int k = -1;
            for (int q = 0; q < n; q++) {
                double fq = f[start + q * stride];
                values[q] = fq;
                if (fq == Double.POSITIVE_INFINITY) continue;
                double s = Double.NEGATIVE_INFINITY;
                while (k >= 0) {
                    int v = sites[k];
                    s = ((fq + w * q * q) - (values[v] + w * v * v)) / (2 * w * (q - v));
                    if (s > bounds[k]) break;
                    k--;
                }
                if (k < 0) s = Double.NEGATIVE_INFINITY;
                sites[++k] = q;
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
