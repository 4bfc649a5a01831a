package org.satds.core.transform;

import java.util.stream.IntStream;

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
     * The {@link #box} of the channels as {@code linear} resamples them, without resampling all of the grid. A
     * trilinear voxel can be above 0 only if an input voxel it reads is, so the foreground lies in the region that
     * reads the box of the input's positive voxels; from each side of that region planes are resampled until one
     * holds a voxel above 0, each axis within the bounds found before it. The planes' voxels come from the same
     * code as a whole resampling, so the box is the same; around a scan most of the grid is air that is never
     * resampled.
     *
     * @param channels x-fastest arrays over the plan's input grid
     */
    public static Box ofResampled(Resampler.Linear linear, float[]... channels) {
        SpatialPlan p = linear.plan();
        Box positive = positiveBox(p.inShape, channels);
        Box reach = positive.isEmpty() ? positive : linear.reach(p.oriented(positive));
        if (reach == null) {
            float[][] resampled = new float[channels.length][];
            for (int c = 0; c < channels.length; c++) resampled[c] = linear.sample(channels[c], Box.whole(p.outShape));
            return box(p.outShape, resampled);
        }
        if (reach.isEmpty()) return new Box(new int[3], new int[3]);
        int[] lo = reach.start().clone(), hi = reach.end().clone();
        for (int axis = 0; axis < 3; axis++) {
            while (lo[axis] < hi[axis] && !anyAbove(linear, channels, plane(lo, hi, axis, lo[axis]))) lo[axis]++;
            if (lo[axis] == hi[axis]) return new Box(new int[3], new int[3]);
            while (!anyAbove(linear, channels, plane(lo, hi, axis, hi[axis] - 1))) hi[axis]--;
        }
        return new Box(lo, hi);
    }

    private static Box plane(int[] lo, int[] hi, int axis, int at) {
        int[] s = lo.clone(), e = hi.clone();
        s[axis] = at;
        e[axis] = at + 1;
        return new Box(s, e);
    }

    private static boolean anyAbove(Resampler.Linear linear, float[][] channels, Box region) {
        for (float[] channel : channels)
            for (float v : linear.sample(channel, region)) if (v > 0) return true;
        return false;
    }

    /** The box of the voxels above 0 in any channel of x-fastest arrays over {@code shape} (x, y, z). */
    private static Box positiveBox(int[] shape, float[][] channels) {
        int nx = shape[0], ny = shape[1];
        int[][] planes = IntStream.range(0, shape[2]).parallel().mapToObj(z -> {
            int[] b = {nx, -1, ny, -1}; // x from, x to, y from, y to (inclusive)
            for (float[] v : channels)
                for (int y = 0; y < ny; y++) {
                    int row = (z * ny + y) * nx, first = -1;
                    for (int x = 0; x < nx; x++) if (v[row + x] > 0) { first = x; break; }
                    if (first < 0) continue;
                    int last = first;
                    for (int x = nx - 1; x > first; x--) if (v[row + x] > 0) { last = x; break; }
                    b[0] = Math.min(b[0], first); b[1] = Math.max(b[1], last);
                    b[2] = Math.min(b[2], y); b[3] = Math.max(b[3], y);
                }
            return b;
        }).toArray(int[][]::new);
        int[] lo = {nx, ny, shape[2]}, hi = {-1, -1, -1};
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
