package org.satds.core.transform;

/**
 * SAT-DS intensity normalization: CT clipped to [-500, 1000], other modalities clipped to their 0.5 and 99.5
 * percentiles (numpy's default linear method); then z-score with the population standard deviation.
 */
public final class Intensity {
    public static final double CT_LOW = -500, CT_HIGH = 1000;

    private Intensity() {}

    /**
     * Normalizes in place, in numpy's float32 arithmetic as SAT-DS's Normalization runs it on MONAI's float32 image
     * (np.clip, then (x - np.mean(x)) / np.std(x)), so the result is the original's bit for bit. A constant image
     * (std 0) becomes all zeros instead of NaN.
     */
    public static void normalize(float[] v, boolean ct) {
        double lo, hi;
        if (ct) {
            lo = CT_LOW;
            hi = CT_HIGH;
        } else {
            double[] p = percentiles(v, 0.5, 99.5);
            lo = p[0];
            hi = p[1];
        }
        float flo = (float) lo, fhi = (float) hi;
        for (int i = 0; i < v.length; i++) v[i] = v[i] < flo ? flo : v[i] > fhi ? fhi : v[i];
        long n = v.length;
        float sum = sum(v);
        // np.mean divides the float32 sum by the count in float64 (numpy scalars); np.var's own mean divides an
        // array, so in float32
        float mean = (float) ((double) sum / n), varMean = sum / (float) n;
        // np.var sums the array of squared deviations as sum() does, block by block: so the squares are made a block
        // at a time, with the same sums, rather than as a second array as large as the image
        float[] squares = new float[Math.min(NUMPY_BUFFER, v.length)];
        float sumOfSquares = 0;
        for (int from = 0; from < v.length; from += NUMPY_BUFFER) {
            int block = Math.min(NUMPY_BUFFER, v.length - from);
            for (int i = 0; i < block; i++) {
                float d = v[from + i] - varMean;
                squares[i] = d * d;
            }
            sumOfSquares += pairwise(squares, 0, block);
        }
        float std = (float) Math.sqrt((float) ((double) sumOfSquares / n));
        for (int i = 0; i < v.length; i++) v[i] = std == 0 ? 0f : (v[i] - mean) / std; // NaN input stays NaN, for checks to catch
    }

    /** numpy's buffer: a reduction over a contiguous array is summed in blocks of this many elements. */
    private static final int NUMPY_BUFFER = 8192;

    /** np.add.reduce of a float32 array: a float32 running sum of its blocks' pairwise sums. */
    static float sum(float[] v) {
        float total = 0;
        for (int from = 0; from < v.length; from += NUMPY_BUFFER) total += pairwise(v, from, Math.min(NUMPY_BUFFER, v.length - from));
        return total;
    }

    /** numpy's pairwise summation (FLOAT_pairwise_sum): eight accumulators up to 128 elements, halves above. */
    private static float pairwise(float[] a, int from, int n) {
        if (n < 8) {
            float r = 0;
            for (int i = 0; i < n; i++) r += a[from + i];
            return r;
        }
        if (n <= 128) {
            float r0 = a[from], r1 = a[from + 1], r2 = a[from + 2], r3 = a[from + 3], r4 = a[from + 4], r5 = a[from + 5],
                    r6 = a[from + 6], r7 = a[from + 7];
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                int at = from + i;
                r0 += a[at]; r1 += a[at + 1]; r2 += a[at + 2]; r3 += a[at + 3];
                r4 += a[at + 4]; r5 += a[at + 5]; r6 += a[at + 6]; r7 += a[at + 7];
            }
            float r = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) r += a[from + i];
            return r;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }

    /** numpy.percentile (linear interpolation) for several q in [0, 100]. */
    public static double[] percentiles(float[] v, double... q) {
        return percentiles(v.length, ranks -> OrderStatistics.select(v, ranks), q);
    }

    /** As {@link #percentiles(float[], double...)} of n values whose k-th smallest (0-based ranks) {@code select} gives. */
    public static double[] percentiles(long n, java.util.function.Function<long[], float[]> select, double... q) {
        long[] ranks = new long[q.length * 2];
        double[] frac = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double pos = q[i] / 100.0 * (n - 1);
            long lo = (long) Math.floor(pos);
            ranks[2 * i] = lo;
            ranks[2 * i + 1] = Math.min(lo + 1, n - 1);
            frac[i] = pos - lo;
        }
        float[] k = select.apply(ranks);
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            // numpy's _lerp: b - a in the array's float32, the rest in float64
            double a = k[2 * i], b = k[2 * i + 1], t = frac[i], d = k[2 * i + 1] - k[2 * i];
            r[i] = t >= 0.5 ? b - d * (1 - t) : a + d * t;
        }
        return r;
    }
}
