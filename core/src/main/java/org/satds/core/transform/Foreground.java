package org.satds.core.transform;

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
