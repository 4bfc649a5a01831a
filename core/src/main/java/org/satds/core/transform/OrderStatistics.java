package org.satds.core.transform;

/**
 * Exact k-th smallest values of a float array without sorting or copying it: a two-pass radix select over the
 * floats' order-preserving bit patterns (high 16 bits, then low 16 bits within the chosen buckets, all ranks in
 * one pass).
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
        // each rank's bucket of high bits and how many values lie in the buckets below it
        int[] bucket = new int[ranks.length];
        long[] below = new long[ranks.length];
        int[] slot = new int[1 << 16];
        java.util.Arrays.fill(slot, -1);
        int buckets = 0;
        for (int r = 0; r < ranks.length; r++) {
            int b = 0;
            long seen = 0;
            while (seen + high[b] <= ranks[r]) seen += high[b++];
            bucket[r] = b;
            below[r] = seen;
            if (slot[b] < 0) slot[b] = buckets++;
        }
        // one more pass counts the low bits of the values in those buckets (ranks close together share one)
        int[][] low = new int[buckets][1 << 16];
        for (float f : data) {
            int key = key(f), s = slot[key >>> 16];
            if (s >= 0) low[s][key & 0xffff]++;
        }
        float[] out = new float[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            int[] counts = low[slot[bucket[r]]];
            long seen = below[r];
            int l = 0;
            while (seen + counts[l] <= ranks[r]) seen += counts[l++];
            out[r] = value((bucket[r] << 16) | l);
        }
        return out;
    }

    /** Values of the given 0-based ranks among int16 values given by their counts ({@code counts[v + 32768]}). */
    public static float[] selectCounted(int[] counts, long[] ranks) {
        float[] out = new float[ranks.length];
        for (int r = 0; r < ranks.length; r++) {
            long seen = 0;
            int v = 0;
            while (seen + counts[v] <= ranks[r]) seen += counts[v++];
            out[r] = v + Short.MIN_VALUE;
        }
        return out;
    }
}
