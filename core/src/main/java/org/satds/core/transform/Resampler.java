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

    /**
     * Output voxels are visited in tiles of TILE x TILE rows by DEPTH voxels: the output is C-order (last axis
     * fastest) and the input x-fastest, so row by row every voxel would read a different input plane; within a
     * tile the input planes it reads stay in cache. Each voxel's arithmetic is the same in any order.
     */
    private static final int TILE = 16, DEPTH = 32;

    /** One piece of an output row: voxels (a, b, k) for k in [from, to), written at index row + k. */
    private interface RowPiece<S> {
        void run(int a, int b, int row, int from, int to, S scratch);
    }

    /**
     * Runs {@code piece} over every row piece of a region of the output grid, tiles in parallel; coordinates are
     * the grid's, indices C-order over the region.
     */
    private static <S> void tiled(Box region, java.util.function.Supplier<S> scratch, RowPiece<S> piece) {
        int[] s = region.start(), e = region.end();
        int n1 = region.size(1), n2 = region.size(2);
        int tilesB = (n1 + TILE - 1) / TILE, tiles = (region.size(0) + TILE - 1) / TILE * tilesB;
        IntStream.range(0, tiles).parallel().forEach(t -> {
            int a0 = s[0] + t / tilesB * TILE, b0 = s[1] + t % tilesB * TILE;
            int a1 = Math.min(a0 + TILE, e[0]), b1 = Math.min(b0 + TILE, e[1]);
            S own = scratch.get();
            for (int k0 = s[2]; k0 < e[2]; k0 += DEPTH)
                for (int a = a0; a < a1; a++)
                    for (int b = b0; b < b1; b++)
                        piece.run(a, b, ((a - s[0]) * n1 + b - s[1]) * n2 - s[2], k0, Math.min(k0 + DEPTH, e[2]), own);
        });
    }

    /** Trilinear resampling of one channel onto the whole output grid. */
    public static float[] linear(SpatialPlan p, float[] in) {
        return linear(p).sample(in, Box.whole(p.outShape));
    }

    /** A plan's trilinear resampling with its coordinate tables computed once, for several regions or channels. */
    public static Linear linear(SpatialPlan p) {
        return new Linear(p);
    }

    public static final class Linear {
        private final SpatialPlan p;
        private final Coordinates c;
        /** Per input axis, over its table; null when coordinates are computed per voxel (a rotation). */
        private final Neighbours[] tables;

        private Linear(SpatialPlan p) {
            this(p, new Coordinates(p));
        }

        private Linear(SpatialPlan p, Coordinates c) {
            this.p = p;
            this.c = c;
            tables = c.tabulated() ? new Neighbours[] {new Neighbours(c, 0, p), new Neighbours(c, 1, p), new Neighbours(c, 2, p)} : null;
        }

        /**
         * This resampling reading a copy of one region of the input (x fastest over the region, as read), such as
         * {@link #reads} gives: the same coordinates and weights, so the same voxels wherever it reads only inside.
         */
        public Linear over(Box input) {
            return new Linear(p.window(input), c);
        }

        /**
         * The region of the input (voxel indices as read, x y z) whose voxels resampling {@code region} of the
         * output grid reads: per input axis, the lower neighbours of the table entries inside the region, and their
         * upper ones where inside the input. Null when coordinates are computed per voxel (a rotation).
         */
        public Box reads(Box region) {
            if (!c.tabulated()) return null;
            int[] lo = new int[3], hi = new int[3];
            for (int i = 0; i < 3; i++) {
                double[] tab = c.table[i];
                int[] step = c.tableStep[i];
                int min = Integer.MAX_VALUE, max = -1;
                for (int e = 0; e < tab.length; e++) {
                    if (!inside(e, step, region)) continue;
                    int l = (int) Math.floor(tab[e]);
                    min = Math.min(min, l);
                    max = Math.max(max, l + 1 < p.orientedShape[i] ? l + 1 : l);
                }
                if (max < 0) return new Box(new int[3], new int[3]);
                lo[i] = min;
                hi[i] = max + 1;
            }
            return p.input(new Box(lo, hi));
        }

        /** Whether the output positions of table entry e (along the axes the table depends on) lie in the region. */
        private boolean inside(int e, int[] step, Box region) {
            for (int j = 0; j < 3; j++) {
                if (step[j] == 0) continue;
                int o = e / step[j] % p.outShape[j];
                if (o < region.start()[j] || o >= region.end()[j]) return false;
            }
            return true;
        }

        public SpatialPlan plan() {
            return p;
        }

        /** One channel resampled onto a region of the output grid: its voxels, C-order, as cropped from the whole. */
        public float[] sample(float[] in, Box region) {
            if (tables != null) return tabulated(p, tables, in, new float[(int) region.voxels()], region);
            return perVoxel(in, null, region);
        }

        /**
         * An int16 channel resampled as {@link #sample(float[], Box)} resamples its float copy (each value is the same
         * as a float, so the voxels are too), without the copy: for a plan whose coordinates are computed per voxel,
         * which reads anywhere in the scan ({@link #reads} is null). A tabulated plan reads a float copy of the region
         * it reads instead ({@link Foreground#ofResampled}).
         */
        public float[] sample(short[] in, Box region) {
            if (tables != null) throw new IllegalStateException("a tabulated plan samples a float copy of the region it reads");
            return perVoxel(null, in, region);
        }

        /** The region's voxels, each voxel's coordinates computed, from the floats or else the int16 values. */
        private float[] perVoxel(float[] floats, short[] shorts, Box region) {
            float[] dst = new float[(int) region.voxels()];
            tiled(region, RowSamples::new, (a, b, row, from, to, r) -> {
                double[] src = new double[3];
                for (int k = from; k < to; k++) {
                    c.source(a, b, k, src);
                    r.set(k - from, src, p);
                }
                trilinearRow(floats, shorts, p, dst, row, from, to, r);
            });
            return dst;
        }

        /**
         * The smallest region of the output grid outside of which no voxel has a neighbour in {@code oriented} (a box
         * of oriented input voxels); null when coordinates are computed per voxel (a rotation), so any voxel may.
         * Per input axis, the output positions whose lower or upper neighbour along it lies in the box.
         */
        Box reach(Box oriented) {
            if (!c.tabulated()) return null;
            int[] out = p.outShape, lo = new int[3], hi = out.clone();
            for (int i = 0; i < 3; i++) {
                double[] tab = c.table[i];
                int[] step = c.tableStep[i];
                int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, max = {-1, -1, -1};
                boolean any = false;
                for (int e = 0; e < tab.length; e++) {
                    int l = (int) Math.floor(tab[e]);
                    if (l + 1 < oriented.start()[i] || l >= oriented.end()[i]) continue;
                    any = true;
                    for (int j = 0; j < 3; j++) {
                        if (step[j] == 0) continue;
                        int o = e / step[j] % out[j];
                        min[j] = Math.min(min[j], o);
                        max[j] = Math.max(max[j], o);
                    }
                }
                if (!any) return new Box(new int[3], new int[3]);
                for (int j = 0; j < 3; j++) {
                    if (step[j] == 0) continue;
                    lo[j] = Math.max(lo[j], min[j]);
                    hi[j] = Math.min(hi[j], max[j] + 1);
                }
            }
            return new Box(lo, hi);
        }
    }

    /**
     * The neighbours and weights of the voxels of one row piece: per axis the lower neighbour as an array offset
     * (index times stride), whether the upper one is inside the input, and the two weights.
     */
    private static final class RowSamples {
        final int[] ox = new int[DEPTH], oy = new int[DEPTH], oz = new int[DEPTH];
        final boolean[] hx = new boolean[DEPTH], hy = new boolean[DEPTH], hz = new boolean[DEPTH];
        final double[] wx0 = new double[DEPTH], wx1 = new double[DEPTH], wy0 = new double[DEPTH], wy1 = new double[DEPTH],
                wz0 = new double[DEPTH], wz1 = new double[DEPTH];

        /** From the voxel's source coordinates. */
        void set(int e, double[] s, SpatialPlan p) {
            int[] m = p.orientedShape;
            int x0 = (int) Math.floor(s[0]), y0 = (int) Math.floor(s[1]), z0 = (int) Math.floor(s[2]);
            ox[e] = (int) (x0 * p.strides[0]);
            oy[e] = (int) (y0 * p.strides[1]);
            oz[e] = (int) (z0 * p.strides[2]);
            hx[e] = x0 + 1 < m[0];
            hy[e] = y0 + 1 < m[1];
            hz[e] = z0 + 1 < m[2];
            wx1[e] = s[0] - x0;
            wy1[e] = s[1] - y0;
            wz1[e] = s[2] - z0;
            wx0[e] = x0 + 1 - s[0];
            wy0[e] = y0 + 1 - s[1];
            wz0[e] = z0 + 1 - s[2];
        }

        /** From the axes' table entries. */
        void set(int e, Neighbours x, int i, Neighbours y, int j, Neighbours z, int l) {
            ox[e] = (int) x.offset[i];
            oy[e] = (int) y.offset[j];
            oz[e] = (int) z.offset[l];
            hx[e] = x.next[i];
            hy[e] = y.next[j];
            hz[e] = z.next[l];
            wx0[e] = x.w0[i];
            wx1[e] = x.w1[i];
            wy0[e] = y.w0[j];
            wy1[e] = y.w1[j];
            wz0[e] = z.w0[l];
            wz1[e] = z.w1[l];
        }
    }

    /**
     * A plan axis-aligned, or axis-aligned but for round-off: each axis's neighbours and weights come from its
     * table (the same arithmetic, done once per table entry), and along a row an axis's entry moves by a fixed step.
     */
    private static float[] tabulated(SpatialPlan p, Neighbours[] tables, float[] in, float[] dst, Box region) {
        Neighbours x = tables[0], y = tables[1], z = tables[2];
        int base = (int) p.base;
        tiled(region, RowSamples::new, (a, b, row, from, to, r) -> {
            int i = x.entry(a, b, from), j = y.entry(a, b, from), l = z.entry(a, b, from);
            int di = x.step[2], dj = y.step[2], dl = z.step[2];
            if (di == 0 && dj == 0) {
                alongZ(in, base + (int) x.offset[i], (int) x.stride, x.next[i], x.w0[i], x.w1[i], (int) y.offset[j], (int) y.stride,
                        y.next[j], y.w0[j], y.w1[j], z, l, dl, dst, row, from, to);
                return;
            }
            for (int k = from; k < to; k++, i += di, j += dj, l += dl) r.set(k - from, x, i, y, j, z, l);
            trilinearRow(in, null, p, dst, row, from, to, r);
        });
        return dst;
    }

    /*
     * The sums below are torch 1.13's grid_sampler_3d (CPU, float64 as MONAI's Spacing runs it), term for term: torch's
     * x is the last axis (our z), its z our first (x). Each corner's weight is (wz * wy) * wx, the corners are added to
     * 0 in torch's order (z fastest, then y, then x), and a corner past the input's end is skipped. Indices are summed
     * as ints: the sum is an index into the array, so it is the same as in long arithmetic. The sums are written out
     * in the loops, not called per voxel: a method that size is not inlined.
     */

    /** The voxels (a, b, k), k in [from, to), of a row along which only the third axis's table entry moves. */
    private static void alongZ(float[] in, int bx0, int sx, boolean hx, double wx0, double wx1, int oy0, int sy, boolean hy,
                               double wy0, double wy1, Neighbours z, int l, int dl, float[] dst, int row, int from, int to) {
        int bx1 = bx0 + sx, oy1 = oy0 + sy, sz = (int) z.stride;
        int p00 = bx0 + oy0, p01 = bx0 + oy1, p10 = bx1 + oy0, p11 = bx1 + oy1;
        for (int k = from; k < to; k++, l += dl) {
            double wz0 = z.w0[l], wz1 = z.w1[l];
            boolean hz = z.next[l];
            int oz0 = (int) z.offset[l], oz1 = oz0 + sz;
            double q00 = wz0 * wy0, q10 = wz1 * wy0, q01 = wz0 * wy1, q11 = wz1 * wy1;
            double v = 0;
            v += in[p00 + oz0] * (q00 * wx0);
            if (hz) v += in[p00 + oz1] * (q10 * wx0);
            if (hy) v += in[p01 + oz0] * (q01 * wx0);
            if (hy && hz) v += in[p01 + oz1] * (q11 * wx0);
            if (hx) {
                v += in[p10 + oz0] * (q00 * wx1);
                if (hz) v += in[p10 + oz1] * (q10 * wx1);
                if (hy) v += in[p11 + oz0] * (q01 * wx1);
                if (hy && hz) v += in[p11 + oz1] * (q11 * wx1);
            }
            dst[row + k] = (float) v;
        }
    }

    /** The voxels of a row piece, from their neighbours and weights, reading the floats or else the int16 values. */
    private static void trilinearRow(float[] f, short[] s, SpatialPlan p, float[] dst, int row, int from, int to, RowSamples r) {
        int base = (int) p.base, sx = (int) p.strides[0], sy = (int) p.strides[1], sz = (int) p.strides[2];
        for (int k = from; k < to; k++) {
            int e = k - from;
            double wx0 = r.wx0[e], wx1 = r.wx1[e], wy0 = r.wy0[e], wy1 = r.wy1[e], wz0 = r.wz0[e], wz1 = r.wz1[e];
            boolean hx = r.hx[e], hy = r.hy[e], hz = r.hz[e];
            int bx0 = base + r.ox[e], bx1 = bx0 + sx, oy0 = r.oy[e], oy1 = oy0 + sy, oz0 = r.oz[e], oz1 = oz0 + sz;
            double v = 0;
            v += at(f, s, bx0 + oy0 + oz0) * (wz0 * wy0 * wx0);
            if (hz) v += at(f, s, bx0 + oy0 + oz1) * (wz1 * wy0 * wx0);
            if (hy) v += at(f, s, bx0 + oy1 + oz0) * (wz0 * wy1 * wx0);
            if (hy && hz) v += at(f, s, bx0 + oy1 + oz1) * (wz1 * wy1 * wx0);
            if (hx) {
                v += at(f, s, bx1 + oy0 + oz0) * (wz0 * wy0 * wx1);
                if (hz) v += at(f, s, bx1 + oy0 + oz1) * (wz1 * wy0 * wx1);
                if (hy) v += at(f, s, bx1 + oy1 + oz0) * (wz0 * wy1 * wx1);
                if (hy && hz) v += at(f, s, bx1 + oy1 + oz1) * (wz1 * wy1 * wx1);
            }
            dst[row + k] = (float) v;
        }
    }

    /** Input voxel i as the sums read it: a float, or an int16 value (exactly the double its float would be). */
    private static double at(float[] f, short[] s, int i) {
        return f != null ? f[i] : s[i];
    }

    /**
     * Per table entry of one axis (see {@link Coordinates#entry}): the lower neighbour as an array offset (index
     * times stride), whether the upper one is inside the input (grid_sample skips it otherwise), the two weights.
     */
    private static final class Neighbours {
        final long[] offset;
        final boolean[] next;
        final double[] w0, w1;
        final long stride;
        final int[] step;

        Neighbours(Coordinates c, int axis, SpatialPlan p) {
            double[] s = c.table[axis];
            step = c.tableStep[axis].clone();
            stride = p.strides[axis];
            offset = new long[s.length];
            next = new boolean[s.length];
            w0 = new double[s.length];
            w1 = new double[s.length];
            for (int e = 0; e < s.length; e++) {
                int lo = (int) Math.floor(s[e]);
                offset[e] = lo * stride;
                next[e] = lo + 1 < p.orientedShape[axis];
                w1[e] = s[e] - lo;
                w0[e] = lo + 1 - s[e];
            }
        }

        int entry(int a, int b, int c) {
            return a * step[0] + b * step[1] + c * step[2];
        }
    }

    /** Nearest-neighbour sampling of mask channels inside a box of the output grid (see {@link #nearest}). */
    public static final class Nearest {
        private final Box box;
        /** The plan sampled (null for {@link #cOrder}). */
        private final SpatialPlan plan;
        private final long base;
        private final Coordinates coordinates;
        /** Per axis, the input offset (index times stride) of each table entry; null when per voxel. */
        private final long[][] offset = new long[3][];
        /** Per output voxel of the box, the input index, when the plan rotates (no tables). */
        private final int[] sources;

        private Nearest(SpatialPlan p, Box box) {
            this.box = box;
            this.plan = p;
            this.base = p.base;
            Coordinates c = new Coordinates(p);
            coordinates = c;
            int[] m = p.orientedShape;
            if (c.tabulated()) {
                for (int d = 0; d < 3; d++) {
                    double[] s = c.table[d];
                    offset[d] = new long[s.length];
                    for (int e = 0; e < s.length; e++) offset[d][e] = clampIndex(Math.round(s[e]), m[d]) * p.strides[d];
                }
                sources = null;
                return;
            }
            int s0 = box.size(0), s1 = box.size(1), s2 = box.size(2);
            sources = new int[(int) box.voxels()];
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
                        sources[row + k] = (int) (p.base + x * p.strides[0] + y * p.strides[1] + w * p.strides[2]);
                    }
                }
            });
        }

        /** {@link #cOrder}: each row's input indices are found as it is read (a table of them would be 4 bytes a voxel). */
        private Nearest(Box box) {
            this.box = box;
            this.plan = null;
            this.base = 0;
            this.coordinates = null;
            this.sources = null;
        }

        /**
         * No resampling: a volume's own voxels in C order over (x, y, z), as nibabel's array of the file (the volume
         * keeps x fastest), for what is measured on the native grid.
         */
        public static Nearest cOrder(int nx, int ny, int nz) {
            return new Nearest(Box.whole(new int[] {nx, ny, nz}));
        }

        /**
         * One row of the native grid, its first voxel at {@code start}: where each of its voxels reads (see
         * {@link #nativeRows}); those before {@code from} and from {@code to} on read outside the box.
         */
        public interface NativeRow {
            void accept(int start, int[] indices, int from, int to);
        }

        /** Marks a table entry (or a voxel) that reads outside the box; a sum with it stays negative. */
        private static final long OUTSIDE = Long.MIN_VALUE / 4;

        /**
         * For a sampling of the whole oriented grid of {@code forward} by a plan that reads an x-fastest array (an
         * inverse of the forward plan's spacing): for each voxel of the forward plan's input, with the orientation
         * undone, the index it reads in the box {@code within} of that array (x-fastest over the box), or the box's
         * voxel count where it reads outside the box (so that a copy of the box with one more element, a zero, reads
         * as the zero padding around it without a test per voxel). Rows in the input's x-fastest order (z-slices in parallel, one array reused for
         * the next row), each with the span of its voxels that read inside; rows with none are not reported.
         * Nothing per voxel is kept.
         */
        public void nativeRows(SpatialPlan forward, Box within, NativeRow row) {
            int[] n = forward.inShape, m = forward.orientedShape;
            if (plan == null || !java.util.Arrays.equals(box.start(), new int[3]) || !java.util.Arrays.equals(box.end(), m))
                throw new IllegalArgumentException("not a sampling of the whole oriented grid " + java.util.Arrays.toString(m));
            int[] g = plan.inShape, ws = within.start(), we = within.end();
            if (plan.base != 0 || plan.strides[0] != 1 || plan.strides[1] != g[0] || plan.strides[2] != (long) g[0] * g[1])
                throw new IllegalArgumentException("the sampled plan does not read an x-fastest array");
            long[] boxStride = {1, within.size(0), (long) within.size(0) * within.size(1)};
            int outside = (int) within.voxels();
            int[] viewed = forward.inputAxis;
            // along a row only the oriented index that x became moves, by one step, so each table entry moves by
            // a constant (zero for the tables that do not depend on that axis)
            int along = viewed[0] == 0 ? 0 : viewed[1] == 0 ? 1 : 2, step = forward.strides[along] < 0 ? -1 : 1;
            int[] move = new int[3];
            long[][] inBox = new long[3][];
            if (sources != null) {
                move[0] = step * (along == 0 ? m[1] * m[2] : along == 1 ? m[2] : 1);
            } else {
                for (int d = 0; d < 3; d++) {
                    move[d] = step * coordinates.tableStep[d][along];
                    inBox[d] = new long[offset[d].length];
                    for (int e = 0; e < inBox[d].length; e++) {
                        long i = offset[d][e] / plan.strides[d];
                        inBox[d][e] = i >= ws[d] && i < we[d] ? (i - ws[d]) * boxStride[d] : OUTSIDE;
                    }
                }
            }
            IntStream.range(0, n[2]).parallel().forEach(z -> {
                int[] indices = new int[n[0]], o = new int[3];
                for (int y = 0; y < n[1]; y++) {
                    int[] at = {0, y, z};
                    for (int d = 0; d < 3; d++) o[d] = forward.strides[d] > 0 ? at[viewed[d]] : n[viewed[d]] - 1 - at[viewed[d]];
                    int from = n[0], to = 0;
                    if (sources != null) {
                        for (int x = 0, e = (o[0] * m[1] + o[1]) * m[2] + o[2]; x < n[0]; x++, e += move[0]) {
                            int s = sources[e], i = s % g[0], j = s / g[0] % g[1], k = s / g[0] / g[1];
                            boolean in = i >= ws[0] && i < we[0] && j >= ws[1] && j < we[1] && k >= ws[2] && k < we[2];
                            indices[x] = in ? (int) (i - ws[0] + (j - ws[1]) * boxStride[1] + (k - ws[2]) * boxStride[2]) : outside;
                            if (in) {
                                from = Math.min(from, x);
                                to = x + 1;
                            }
                        }
                    } else {
                        long[] t0 = inBox[0], t1 = inBox[1], t2 = inBox[2];
                        int e0 = coordinates.entry(0, o[0], o[1], o[2]), e1 = coordinates.entry(1, o[0], o[1], o[2]),
                                e2 = coordinates.entry(2, o[0], o[1], o[2]);
                        // a table that stays put along the row and reads outside the box puts the whole row outside
                        if (move[0] == 0 && t0[e0] < 0 || move[1] == 0 && t1[e1] < 0 || move[2] == 0 && t2[e2] < 0) continue;
                        for (int x = 0; x < n[0]; x++, e0 += move[0], e1 += move[1], e2 += move[2]) {
                            long v = t0[e0] + t1[e1] + t2[e2];
                            indices[x] = v < 0 ? outside : (int) v;
                            if (v >= 0) {
                                from = Math.min(from, x);
                                to = x + 1;
                            }
                        }
                    }
                    if (from < to) row.accept(n[0] * (y + n[1] * z), indices, from, to);
                }
            });
        }

        /** Gathers a float channel: the box's voxels, C-order. */
        public float[] gather(float[] in) {
            float[] out = new float[(int) box.voxels()];
            visit((at, sources, n) -> { for (int i = 0; i < n; i++) out[at + i] = in[sources[i]]; });
            return out;
        }

        /** Gathers an unsigned byte channel as floats: the box's voxels, C-order. */
        public float[] gather(byte[] in) {
            float[] out = new float[(int) box.voxels()];
            visit((at, sources, n) -> { for (int i = 0; i < n; i++) out[at + i] = in[sources[i]] & 0xff; });
            return out;
        }

        /**
         * Gathers an unsigned byte channel of labels through a table of at least 256 entries: each voxel of the box
         * (C-order) becomes {@code table[value]}.
         */
        public byte[] gather(byte[] in, byte[] table) {
            byte[] out = new byte[(int) box.voxels()];
            visit((at, sources, n) -> { for (int i = 0; i < n; i++) out[at + i] = table[in[sources[i]] & 0xff]; });
            return out;
        }

        /**
         * Gathers a float channel of labels through a table indexed by value: each voxel of the box (C-order) becomes
         * {@code table[value]}, or {@code other} when its value is no index of the table (not an integer, negative,
         * too large, NaN); -0.0 reads entry 0.
         */
        public byte[] gather(float[] in, byte[] table, byte other) {
            byte[] out = new byte[(int) box.voxels()];
            int size = table.length;
            visit((at, sources, n) -> {
                for (int i = 0; i < n; i++) {
                    float x = in[sources[i]];
                    int v = (int) x;
                    out[at + i] = v == x && v >= 0 && v < size ? table[v] : other;
                }
            });
            return out;
        }

        /** Copies the n voxels of a row piece starting at C-order index {@code at}, voxel i read at input index sources[i]. */
        private interface RowCopy {
            void copy(int at, int[] sources, int n);
        }

        /**
         * Every row piece of the box with the input indices its voxels' nearest neighbours read, in tiles (see
         * {@link #tiled}); along a row each axis's table entry moves by a fixed step. One call per row piece, not
         * per voxel, so the copy is a plain loop.
         */
        private void visit(RowCopy copy) {
            tiled(box, () -> new int[DEPTH], (a, b, row, from, to, idx) -> {
                int n = to - from;
                if (plan == null) { // cOrder: voxel (a, b, c) of the box reads a + nx (b + ny c)
                    int nx = box.size(0), nxy = nx * box.size(1), start = a + nx * b;
                    for (int i = 0; i < n; i++) idx[i] = start + nxy * (from + i);
                } else if (sources != null) {
                    System.arraycopy(sources, row + from, idx, 0, n);
                } else {
                    int e0 = coordinates.entry(0, a, b, from), e1 = coordinates.entry(1, a, b, from), e2 = coordinates.entry(2, a, b, from);
                    int d0 = coordinates.tableStep[0][2], d1 = coordinates.tableStep[1][2], d2 = coordinates.tableStep[2][2];
                    long[] o0 = offset[0], o1 = offset[1], o2 = offset[2];
                    if (d0 == 0 && d1 == 0) { // axis-aligned: along a row only the third table moves
                        int start = (int) (base + o0[e0] + o1[e1]);
                        for (int i = 0; i < n; i++, e2 += d2) idx[i] = start + (int) o2[e2];
                    } else {
                        for (int i = 0; i < n; i++, e0 += d0, e1 += d1, e2 += d2) idx[i] = (int) (base + o0[e0] + o1[e1] + o2[e2]);
                    }
                }
                copy.copy(row + from, idx, n);
            });
        }
    }

    /** Nearest-neighbour sampling (std::round, as torch 1.13 CPU) of the output voxels inside {@code box}. */
    public static Nearest nearest(SpatialPlan p, Box box) {
        return new Nearest(p, box);
    }

    private static int clampIndex(double v, int n) {
        return (int) Math.max(0, Math.min(n - 1, v));
    }

    /**
     * Undoes the plan's orientation (a flip and transpose, so exact): a C-order array over the oriented grid back
     * to the input's x-fastest order, as MONAI's Orientation.inverse does.
     */
    public static float[] unorient(SpatialPlan p, float[] oriented) {
        float[] out = new float[oriented.length];
        forEachOriented(p, (c, x) -> out[x] = oriented[c]);
        return out;
    }

    private interface IndexPair {
        void accept(int orientedIndex, int inputIndex);
    }

    /** Every oriented voxel's C-order index with the input array index it views, rows in parallel. */
    private static void forEachOriented(SpatialPlan p, IndexPair pair) {
        int[] m = p.orientedShape;
        IntStream.range(0, m[0]).parallel().forEach(a -> {
            for (int b = 0; b < m[1]; b++) {
                int c = (a * m[1] + b) * m[2];
                long row = p.base + a * p.strides[0] + b * p.strides[1];
                for (int k = 0; k < m[2]; k++) pair.accept(c + k, (int) (row + k * p.strides[2]));
            }
        });
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
        /** Largest table of one axis's coordinates kept (8 MB); beyond it coordinates are computed per voxel. */
        private static final int MAX_TABLE = 1 << 20;

        private final double[][] t;
        private final double[][] grid = new double[3][];
        private final int[] size;
        /**
         * Per axis, its coordinates over the output axes it depends on (theta's non-zero entries of its row), or
         * null: a plan that is axis-aligned but for round-off (1e-16 off the diagonal) needs no per-voxel work.
         * A zero entry adds exactly nothing to the fused multiply-adds, so the tabulated values are the same.
         */
        private final double[][] table = new double[3][];
        private final int[][] tableStep = new int[3][3];

        Coordinates(SpatialPlan p) {
            t = p.theta;
            size = p.orientedShape;
            for (int d = 0; d < 3; d++) grid[d] = baseGrid(p.outShape[d]);
            for (int i = 0; i < 3; i++) tabulate(i, p.outShape);
        }

        boolean tabulated() {
            return table[0] != null && table[1] != null && table[2] != null;
        }

        /** Fills the axis's table (without theta, MONAI's no-resampling case, an axis reads its own index). */
        private void tabulate(int i, int[] n) {
            long entries = 1;
            int[] count = new int[3];
            for (int j = 2; j >= 0; j--) {
                boolean depends = t == null ? i == j : t[i][j] != 0;
                count[j] = depends ? n[j] : 1;
                tableStep[i][j] = depends ? (int) entries : 0;
                entries *= count[j];
            }
            if (entries > MAX_TABLE) return;
            double[] tab = new double[(int) entries];
            for (int a = 0; a < count[0]; a++)
                for (int b = 0; b < count[1]; b++)
                    for (int c = 0; c < count[2]; c++)
                        tab[a * tableStep[i][0] + b * tableStep[i][1] + c * tableStep[i][2]] =
                                t == null ? (i == 0 ? a : i == 1 ? b : c) : compute(i, a, b, c);
            table[i] = tab;
        }

        /** torch affine_grid's base coordinates (align_corners=False): linspace(-1, 1, n) * (n - 1) / n. */
        private static double[] baseGrid(int n) {
            double[] g = new double[n];
            if (n <= 1) return g;
            double[] lin = Resampler.torchLinspace(n);
            for (int i = 0; i < n; i++) g[i] = lin[i] * (n - 1) / n;
            return g;
        }

        void source(int a, int b, int c, double[] out) {
            if (t == null) {
                out[0] = a;
                out[1] = b;
                out[2] = c;
                return;
            }
            for (int i = 0; i < 3; i++) out[i] = table[i] != null ? table[i][entry(i, a, b, c)] : compute(i, a, b, c);
        }

        /** The index into the axis's table of output voxel (a, b, c). */
        int entry(int axis, int a, int b, int c) {
            int[] st = tableStep[axis];
            return a * st[0] + b * st[1] + c * st[2];
        }

        private double compute(int i, int a, int b, int c) {
            // torch's affine_grid is a BLAS gemm: x (our last axis) first, fused multiply-adds, translation last
            double g = Math.fma(grid[0][a], t[i][0], Math.fma(grid[1][b], t[i][1], grid[2][c] * t[i][2])) + t[i][3];
            double s = ((g + 1) * size[i] - 1) / 2;
            return Math.min(size[i] - 1, Math.max(s, 0));
        }
    }
}
