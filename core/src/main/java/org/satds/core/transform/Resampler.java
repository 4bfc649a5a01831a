package org.satds.core.transform;

import java.util.stream.IntStream;

/**
 * Applies a {@link SpatialPlan} to voxels, as torch.grid_sample does for MONAI (align_corners=False, padding
 * "border"): trilinear for images, nearest (std::round, half away from zero, as torch 1.13 CPU does) for masks. Written by hand: matching MONAI to the
 * voxel needs torch's exact coordinate arithmetic, which no Java imaging library reproduces.
 * Inputs are x-fastest arrays (as read); outputs are C-order (last axis fastest), the order SAT's npy files use.
 */
public final class Resampler {
    private Resampler() {}

    /** Trilinear resampling of one channel onto the whole output grid. */
    public static float[] linear(SpatialPlan p, float[] in) {
        int[] out = p.outShape;
        int n1 = out[1], n2 = out[2];
        float[] dst = new float[out[0] * n1 * n2];
        if (p.axisAligned()) return separable(p, in, dst);
        Coordinates c = new Coordinates(p);
        IntStream.range(0, out[0]).parallel().forEach(a -> {
            double[] src = new double[3];
            for (int b = 0; b < n1; b++) {
                int row = (a * n1 + b) * n2;
                for (int k = 0; k < n2; k++) {
                    c.source(a, b, k, src);
                    dst[row + k] = (float) trilinear(p, in, src);
                }
            }
        });
        return dst;
    }

    /**
     * The common case of an axis-aligned plan: each output axis reads one input axis, so neighbours and weights
     * are computed once per axis position (with the same arithmetic as the general path) instead of per voxel.
     */
    private static float[] separable(SpatialPlan p, float[] in, float[] dst) {
        int[] out = p.outShape;
        int n1 = out[1], n2 = out[2];
        Axis[] axes = new Axis[3];
        Coordinates c = new Coordinates(p);
        for (int d = 0; d < 3; d++) axes[d] = new Axis(c, d, out[d], p.orientedShape[d], p.strides[d]);
        IntStream.range(0, out[0]).parallel().forEach(a -> {
            Axis ax = axes[0], ay = axes[1], az = axes[2];
            for (int b = 0; b < n1; b++) {
                int row = (a * n1 + b) * n2;
                long base0 = p.base + ax.lo[a] + ay.lo[b];
                long base1 = p.base + ax.hi[a] + ay.lo[b];
                long base2 = p.base + ax.lo[a] + ay.hi[b];
                long base3 = p.base + ax.hi[a] + ay.hi[b];
                double w00 = ax.w0[a] * ay.w0[b], w10 = ax.w1[a] * ay.w0[b], w01 = ax.w0[a] * ay.w1[b], w11 = ax.w1[a] * ay.w1[b];
                for (int k = 0; k < n2; k++) {
                    long z0 = az.lo[k], z1 = az.hi[k];
                    double wz0 = az.w0[k], wz1 = az.w1[k];
                    double v = in[(int) (base0 + z0)] * w00 * wz0 + in[(int) (base1 + z0)] * w10 * wz0
                            + in[(int) (base2 + z0)] * w01 * wz0 + in[(int) (base3 + z0)] * w11 * wz0
                            + in[(int) (base0 + z1)] * w00 * wz1 + in[(int) (base1 + z1)] * w10 * wz1
                            + in[(int) (base2 + z1)] * w01 * wz1 + in[(int) (base3 + z1)] * w11 * wz1;
                    dst[row + k] = (float) v;
                }
            }
        });
        return dst;
    }

    /** Per output position along one axis: the two input neighbours (as array offsets) and their weights. */
    private static final class Axis {
        final long[] lo, hi;
        final double[] w0, w1;

        Axis(Coordinates c, int axis, int n, int inSize, long stride) {
            lo = new long[n];
            hi = new long[n];
            w0 = new double[n];
            w1 = new double[n];
            for (int o = 0; o < n; o++) {
                double s = c.along(axis, o);
                int i0 = (int) Math.floor(s);
                int i1 = Math.min(i0 + 1, inSize - 1);
                w1[o] = s - i0;
                w0[o] = i0 + 1 - s;
                lo[o] = i0 * stride;
                // beyond the last voxel the neighbour's weight is 0 (grid_sample's bounds check)
                hi[o] = i1 * stride;
                if (i0 + 1 >= inSize) w1[o] = 0;
            }
        }
    }

    private static double trilinear(SpatialPlan p, float[] in, double[] s) {
        int[] m = p.orientedShape;
        int x0 = (int) Math.floor(s[0]), y0 = (int) Math.floor(s[1]), z0 = (int) Math.floor(s[2]);
        int x1 = x0 + 1, y1 = y0 + 1, z1 = z0 + 1;
        double wx1 = s[0] - x0, wy1 = s[1] - y0, wz1 = s[2] - z0;
        double wx0 = x1 - s[0], wy0 = y1 - s[1], wz0 = z1 - s[2];
        boolean hx = x1 < m[0], hy = y1 < m[1], hz = z1 < m[2];
        long bx0 = p.base + x0 * p.strides[0], bx1 = bx0 + p.strides[0];
        long oy0 = y0 * p.strides[1], oy1 = oy0 + p.strides[1];
        long oz0 = z0 * p.strides[2], oz1 = oz0 + p.strides[2];
        double v = in[(int) (bx0 + oy0 + oz0)] * wx0 * wy0 * wz0;
        if (hx) v += in[(int) (bx1 + oy0 + oz0)] * wx1 * wy0 * wz0;
        if (hy) v += in[(int) (bx0 + oy1 + oz0)] * wx0 * wy1 * wz0;
        if (hx && hy) v += in[(int) (bx1 + oy1 + oz0)] * wx1 * wy1 * wz0;
        if (hz) {
            v += in[(int) (bx0 + oy0 + oz1)] * wx0 * wy0 * wz1;
            if (hx) v += in[(int) (bx1 + oy0 + oz1)] * wx1 * wy0 * wz1;
            if (hy) v += in[(int) (bx0 + oy1 + oz1)] * wx0 * wy1 * wz1;
            if (hx && hy) v += in[(int) (bx1 + oy1 + oz1)] * wx1 * wy1 * wz1;
        }
        return v;
    }

    /**
     * For each output voxel inside the box (C-order within the box), the input array index its nearest
     * neighbour reads. Masks are then gathered through it, once per channel.
     */
    public static int[] nearestSources(SpatialPlan p, Box box) {
        int s0 = box.size(0), s1 = box.size(1), s2 = box.size(2);
        int[] idx = new int[(int) box.voxels()];
        Coordinates c = new Coordinates(p);
        int[] m = p.orientedShape;
        if (p.axisAligned()) {
            // each output axis reads one input axis: the nearest input offset per axis position, computed once
            long[][] offset = new long[3][];
            for (int d = 0; d < 3; d++) {
                offset[d] = new long[box.size(d)];
                for (int o = 0; o < offset[d].length; o++)
                    offset[d][o] = clampIndex(Math.round(c.along(d, box.start()[d] + o)), m[d]) * p.strides[d];
            }
            IntStream.range(0, s0).parallel().forEach(i -> {
                for (int j = 0; j < s1; j++) {
                    long rowBase = p.base + offset[0][i] + offset[1][j];
                    int row = (i * s1 + j) * s2;
                    for (int k = 0; k < s2; k++) idx[row + k] = (int) (rowBase + offset[2][k]);
                }
            });
            return idx;
        }
        IntStream.range(0, s0).parallel().forEach(i -> {
            double[] src = new double[3];
            int a = box.start()[0] + i;
            for (int j = 0; j < s1; j++) {
                int b = box.start()[1] + j;
                int row = (i * s1 + j) * s2;
                for (int k = 0; k < s2; k++) {
                    c.source(a, b, box.start()[2] + k, src);
                    int x = clampIndex(Math.round(src[0]), m[0]), y = clampIndex(Math.round(src[1]), m[1]),
                            w = clampIndex(Math.round(src[2]), m[2]);
                    idx[row + k] = (int) (p.base + x * p.strides[0] + y * p.strides[1] + w * p.strides[2]);
                }
            }
        });
        return idx;
    }

    private static int clampIndex(double v, int n) {
        return (int) Math.max(0, Math.min(n - 1, v));
    }

    /**
     * Undoes the plan's orientation (a flip and transpose, so exact): a C-order array over the oriented grid back
     * to the input's x-fastest order, as MONAI's Orientation.inverse does. For indices: where each input voxel's
     * value comes from, composed with a resampling's sources.
     */
    public static int[] unorient(SpatialPlan p, int[] oriented) {
        int[] out = new int[oriented.length];
        int[] m = p.orientedShape;
        IntStream.range(0, m[0]).parallel().forEach(a -> {
            for (int b = 0; b < m[1]; b++) {
                int c = (a * m[1] + b) * m[2];
                long row = p.base + a * p.strides[0] + b * p.strides[1];
                for (int k = 0; k < m[2]; k++) out[(int) (row + k * p.strides[2])] = oriented[c + k];
            }
        });
        return out;
    }

    public static float[] unorient(SpatialPlan p, float[] oriented) {
        float[] out = new float[oriented.length];
        int[] m = p.orientedShape;
        IntStream.range(0, m[0]).parallel().forEach(a -> {
            for (int b = 0; b < m[1]; b++) {
                int c = (a * m[1] + b) * m[2];
                long row = p.base + a * p.strides[0] + b * p.strides[1];
                for (int k = 0; k < m[2]; k++) out[(int) (row + k * p.strides[2])] = oriented[c + k];
            }
        });
        return out;
    }

    /** Gathers a float channel through precomputed source indices. */
    public static float[] gather(float[] in, int[] sources) {
        float[] out = new float[sources.length];
        for (int i = 0; i < sources.length; i++) out[i] = in[sources[i]];
        return out;
    }

    /** Gathers an unsigned byte channel through precomputed source indices, as floats. */
    public static float[] gather(byte[] in, int[] sources) {
        float[] out = new float[sources.length];
        for (int i = 0; i < sources.length; i++) out[i] = in[sources[i]] & 0xff;
        return out;
    }

    /**
     * torch 1.13's CPU linspace(-1, 1, n) in float64, bit for bit: blocks of 4 (AVX2) whose first value is a
     * fused multiply-add from the nearer end and whose other values add multiples of the step, a scalar tail.
     */
    static double[] torchLinspace(int n) {
        double step = 2.0 / (n - 1);
        int half = n / 2, idx = 0;
        double[] out = new double[n];
        for (int i = 0; i <= n - 8; i += 8) {
            for (int block = 0; block < 2; block++, idx += 4) {
                double base = linspaceValue(idx, n, half, step);
                out[idx] = base;
                for (int lane = 1; lane < 4; lane++) out[idx + lane] = base + lane * step;
            }
        }
        for (; idx < n; idx++) out[idx] = linspaceValue(idx, n, half, step);
        return out;
    }

    private static double linspaceValue(int idx, int n, int half, double step) {
        return idx < half ? Math.fma(step, idx, -1.0) : Math.fma(-step, n - idx - 1, 1.0);
    }

    /** Output voxel to (clamped) input voxel coordinates in the oriented frame, in torch's arithmetic order. */
    private static final class Coordinates {
        private final double[][] t;
        private final double[][] grid = new double[3][];
        private final int[] size;

        Coordinates(SpatialPlan p) {
            t = p.theta;
            size = p.orientedShape;
            for (int d = 0; d < 3; d++) grid[d] = baseGrid(p.outShape[d]);
        }

        /** torch affine_grid's base coordinates (align_corners=False): linspace(-1, 1, n) * (n - 1) / n. */
        private static double[] baseGrid(int n) {
            double[] g = new double[n];
            if (n <= 1) return g;
            double[] lin = Resampler.torchLinspace(n);
            for (int i = 0; i < n; i++) g[i] = lin[i] * (n - 1) / n;
            return g;
        }

        /** The input coordinate along {@code axis} for output position o, when the plan is axis-aligned. */
        double along(int axis, int o) {
            if (t == null) return o;
            double g = t[axis][axis] * grid[axis][o] + t[axis][3];
            double s = ((g + 1) * size[axis] - 1) / 2;
            return Math.min(size[axis] - 1, Math.max(s, 0));
        }

        void source(int a, int b, int c, double[] out) {
            if (t == null) {
                out[0] = a;
                out[1] = b;
                out[2] = c;
                return;
            }
            double g0 = grid[0][a], g1 = grid[1][b], g2 = grid[2][c];
            for (int i = 0; i < 3; i++) {
                // torch's affine_grid is a BLAS gemm: x (our last axis) first, fused multiply-adds, translation last
                double g = Math.fma(g0, t[i][0], Math.fma(g1, t[i][1], g2 * t[i][2])) + t[i][3];
                double s = ((g + 1) * size[i] - 1) / 2;
                out[i] = Math.min(size[i] - 1, Math.max(s, 0));
            }
        }
    }
}
