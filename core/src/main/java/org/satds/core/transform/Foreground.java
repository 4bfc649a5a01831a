package org.satds.core.transform;

import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.satds.core.volume.Volume;

/**
 * MONAI CropForeground with its defaults (select voxels > 0 in any channel, margin 0): the tightest box around
 * them, or an empty box when there is none. Arrays are C-order over {@code shape}.
 */
public final class Foreground {
    private Foreground() {}

    public static Box box(int[] shape, float[]... channels) {
        int n0 = shape[0], n1 = shape[1], n2 = shape[2];
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        for (float[] v : channels) {
            for (int a = 0; a < n0; a++) {
                for (int b = 0; b < n1; b++) {
                    int row = (a * n1 + b) * n2;
                    int first = -1, last = -1;
                    for (int k = 0; k < n2; k++) if (v[row + k] > 0) { first = k; break; }
                    if (first < 0) continue;
                    for (int k = n2 - 1; k >= first; k--) if (v[row + k] > 0) { last = k; break; }
                    lo[0] = Math.min(lo[0], a); hi[0] = Math.max(hi[0], a);
                    lo[1] = Math.min(lo[1], b); hi[1] = Math.max(hi[1], b);
                    lo[2] = Math.min(lo[2], first); hi[2] = Math.max(hi[2], last);
                }
            }
        }
        if (hi[0] < 0) return new Box(new int[3], new int[3]);
        return new Box(lo, new int[] {hi[0] + 1, hi[1] + 1, hi[2] + 1});
    }

    /**
     * The foreground box of a volume's channels as a trilinear resampling makes them, and each channel resampled over
     * the box (from the channels the resampling reads: of an int16 scan, a float copy of the region the box reads).
     */
    public record Resampled(Box box, IntFunction<float[]> voxels) {
        /** A channel resampled over the box: its voxels, C-order, as cropped from the whole grid. */
        public float[] sample(int channel) {
            return voxels.apply(channel);
        }

        /** No voxel above 0: an empty box. */
        private static Resampled none() {
            return new Resampled(new Box(new int[3], new int[3]), c -> new float[0]);
        }
    }

    /**
     * The {@link #box} of the volume's channels as {@code linear} resamples them, without resampling all of the
     * grid. A trilinear voxel can be above 0 only if an input voxel it reads is, so the foreground lies in the
     * region that reads the box of the input's positive voxels; from each side of that region planes are resampled
     * until one holds a voxel above 0, each axis within the bounds found before it. The planes' voxels come from the
     * same code as a whole resampling, so the box is the same; around a scan most of the grid is air that is never
     * resampled, and of an int16 scan only the voxels that region reads are converted to floats.
     */
    public static Resampled ofResampled(Resampler.Linear linear, Volume volume) {
        SpatialPlan p = linear.plan();
        Box positive = positiveBox(volume);
        Box reach = positive.isEmpty() ? positive : linear.reach(p.oriented(positive));
        Box whole = Box.whole(p.inShape);
        if (reach == null) {
            // coordinates computed per voxel: no part of the grid can be ruled out beforehand, so the planes are searched
            // from each side of the whole grid, rather than the whole grid resampled and cropped; an int16 scan is read
            // as it is (a float copy of a whole-body CT would be twice its size)
            return search(Box.whole(p.outShape), volume.channels(), (c, region) -> volume.isShorts()
                    ? linear.sample(volume.shorts(c), region) : linear.sample(volume.floats(c), region));
        }
        if (reach.isEmpty()) return Resampled.none();
        Box read = volume.isShorts() ? linear.reads(reach) : whole;
        Resampler.Linear windowed = read.voxels() == whole.voxels() ? linear : linear.over(read);
        float[][] channels = window(volume, read);
        return search(reach, channels.length, (c, region) -> windowed.sample(channels[c], region));
    }

    /** One channel resampled over a region of the output grid, C-order. */
    private interface Sampler {
        float[] sample(int channel, Box region);
    }

    /**
     * The foreground box within {@code region}: planes resampled from each side of it until one holds a voxel above 0
     * in some channel, each axis within the bounds found before it; and the channels resampled over that box.
     */
    private static Resampled search(Box region, int channels, Sampler s) {
        int[] lo = region.start().clone(), hi = region.end().clone();
        for (int axis = 0; axis < 3; axis++) {
            while (lo[axis] < hi[axis] && !anyAbove(s, channels, plane(lo, hi, axis, lo[axis]))) lo[axis]++;
            if (lo[axis] == hi[axis]) return Resampled.none();
            while (!anyAbove(s, channels, plane(lo, hi, axis, hi[axis] - 1))) hi[axis]--;
        }
        Box box = new Box(lo, hi);
        return new Resampled(box, c -> s.sample(c, box));
    }

    private static Box plane(int[] lo, int[] hi, int axis, int at) {
        int[] s = lo.clone(), e = hi.clone();
        s[axis] = at;
        e[axis] = at + 1;
        return new Box(s, e);
    }

    private static boolean anyAbove(Sampler s, int channels, Box region) {
        for (int c = 0; c < channels; c++)
            for (float v : s.sample(c, region)) if (v > 0) return true;
        return false;
    }

    /** The channels' voxels in a box of input voxels (x fastest over the box, as read) as floats; all: the channels. */
    private static float[][] window(Volume v, Box box) {
        int nx = v.nx(), ny = v.ny(), sx = box.size(0), sy = box.size(1), sz = box.size(2);
        float[][] out = new float[v.channels()][];
        for (int c = 0; c < out.length; c++) {
            if (box.voxels() == v.voxels()) {
                out[c] = v.floats(c);
                continue;
            }
            float[] w = new float[(int) box.voxels()];
            short[] s = v.isShorts() ? v.shorts(c) : null;
            float[] f = s == null ? v.floats(c) : null;
            for (int z = 0; z < sz; z++)
                for (int y = 0; y < sy; y++) {
                    int from = ((box.start()[2] + z) * ny + box.start()[1] + y) * nx + box.start()[0], to = (z * sy + y) * sx;
                    if (f != null) System.arraycopy(f, from, w, to, sx);
                    else for (int x = 0; x < sx; x++) w[to + x] = s[from + x];
                }
            out[c] = w;
        }
        return out;
    }

    /** The box of the voxels above 0 in any channel of a volume (x, y, z). */
    private static Box positiveBox(Volume v) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        Object[] channels = new Object[v.channels()];
        for (int c = 0; c < channels.length; c++) channels[c] = v.isShorts() ? v.shorts(c) : v.floats(c);
        int[][] planes = IntStream.range(0, nz).parallel().mapToObj(z -> {
            int[] b = {nx, -1, ny, -1}; // x from, x to, y from, y to (inclusive)
            for (Object channel : channels)
                for (int y = 0; y < ny; y++) {
                    int row = (z * ny + y) * nx;
                    long span = channel instanceof short[] s ? positiveSpan(s, row, nx) : positiveSpan((float[]) channel, row, nx);
                    if (span < 0) continue;
                    b[0] = Math.min(b[0], (int) (span >> 32)); b[1] = Math.max(b[1], (int) span);
                    b[2] = Math.min(b[2], y); b[3] = Math.max(b[3], y);
                }
            return b;
        }).toArray(int[][]::new);
        int[] lo = {nx, ny, nz}, hi = {-1, -1, -1};
        for (int z = 0; z < planes.length; z++) {
            int[] b = planes[z];
            if (b[1] < 0) continue;
            lo[0] = Math.min(lo[0], b[0]); hi[0] = Math.max(hi[0], b[1]);
            lo[1] = Math.min(lo[1], b[2]); hi[1] = Math.max(hi[1], b[3]);
            lo[2] = Math.min(lo[2], z); hi[2] = z;
        }
        if (hi[0] < 0) return new Box(new int[3], new int[3]);
        return new Box(lo, new int[] {hi[0] + 1, hi[1] + 1, hi[2] + 1});
    }

    /** The first and last x above 0 of a row (first in the high half), or -1 when there is none. */
    private static long positiveSpan(float[] v, int row, int n) {
        int first = 0;
        while (first < n && !(v[row + first] > 0)) first++;
        if (first == n) return -1;
        int last = n - 1;
        while (!(v[row + last] > 0)) last--;
        return (long) first << 32 | last;
    }

    private static long positiveSpan(short[] v, int row, int n) {
        if (!anyPositive(v, row, n)) return -1;
        int first = 0;
        while (first < n && v[row + first] <= 0) first++;
        if (first == n) return -1;
        int last = n - 1;
        while (v[row + last] <= 0) last--;
        return (long) first << 32 | last;
    }

    /**
     * Whether a row holds a value above 0: v - 1 is negative exactly when v <= 0, so the AND of all of them is
     * negative exactly when none is above 0. Most rows of a scan are air, and this has no branch per voxel.
     */
    private static boolean anyPositive(short[] v, int row, int n) {
        int all = -1, i = row, end = row + n;
        for (; i + 4 <= end; i += 4) all &= (v[i] - 1) & (v[i + 1] - 1) & (v[i + 2] - 1) & (v[i + 3] - 1);
        for (; i < end; i++) all &= v[i] - 1;
        return all >= 0;
    }

    /** Copies the box out of a C-order array. */
    public static float[] crop(float[] v, int[] shape, Box box) {
        int s0 = box.size(0), s1 = box.size(1), s2 = box.size(2);
        float[] out = new float[(int) box.voxels()];
        for (int i = 0; i < s0; i++)
            for (int j = 0; j < s1; j++)
                System.arraycopy(v, ((box.start()[0] + i) * shape[1] + box.start()[1] + j) * shape[2] + box.start()[2],
                        out, (i * s1 + j) * s2, s2);
        return out;
    }

    /** The box of the non-zero voxels of a C-order 0/1 mask, or null when it has none. */
    public static Box nonZeroBox(byte[] mask, int[] shape) {
        int n1 = shape[1], n2 = shape[2];
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {-1, -1, -1};
        for (int a = 0; a < shape[0]; a++)
            for (int b = 0; b < n1; b++) {
                int row = (a * n1 + b) * n2;
                for (int k = 0; k < n2; k++) {
                    if (mask[row + k] == 0) continue;
                    lo[0] = Math.min(lo[0], a); hi[0] = Math.max(hi[0], a);
                    lo[1] = Math.min(lo[1], b); hi[1] = Math.max(hi[1], b);
                    lo[2] = Math.min(lo[2], k); hi[2] = Math.max(hi[2], k);
                }
            }
        return hi[0] < 0 ? null : new Box(lo, new int[] {hi[0] + 1, hi[1] + 1, hi[2] + 1});
    }

    /** Copies the box out of a C-order byte array. */
    public static byte[] crop(byte[] v, int[] shape, Box box) {
        int s0 = box.size(0), s1 = box.size(1), s2 = box.size(2);
        byte[] out = new byte[(int) box.voxels()];
        for (int i = 0; i < s0; i++)
            for (int j = 0; j < s1; j++)
                System.arraycopy(v, ((box.start()[0] + i) * shape[1] + box.start()[1] + j) * shape[2] + box.start()[2],
                        out, (i * s1 + j) * s2, s2);
        return out;
    }
}
