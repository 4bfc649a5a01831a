package org.satds.core.transform;

/**
 * Exact k-th smallest values of a float array without sorting or copying it: a two-pass radix select over the
 * floats' order-preserving bit patterns (high 16 bits, then low 16 bits within the chosen bucket).
 */
public final class OrderStatistics {
    private OrderStatistics() {}

    private static int key(float f) {
        int bits = Float.floatToIntBits(f == 0f ? 0f : f); // -0 sorts as 0, as numpy does
        return bits >= 0 ? bits ^ 0x80000000 : ~bits;
    }

    private static float value(int key) {
        int bits = key < 0 ? key ^ 0x80000000 : ~key;
        return Float.intBitsToFloat(bits);
    }

    /** Values of the given 0-based ranks in ascending order of the data. */
    public static float[] select(float[] data, long[] ranks) {
        int[] high = new int[1 << 16];
        for (float f : data) high[key(f) >>> 16]++;
        float[] out = new float[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            long k = ranks[r];
            int bucket = 0;
            long seen = 0;
            while (seen + high[bucket] <= k) seen += high[bucket++];
            int[] low = new int[1 << 16];
            for (float f : data) {
                int key = key(f);
                if (key >>> 16 == bucket) low[key & 0xffff]++;
            }
            int l = 0;
            while (seen + low[l] <= k) seen += low[l++];
            out[r] = value((bucket << 16) | l);
        }
        return out;
    }
}
