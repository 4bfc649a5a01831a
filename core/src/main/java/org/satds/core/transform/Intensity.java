package org.satds.core.transform;

/**
 * SAT-DS intensity normalization: CT clipped to [-500, 1000], other modalities clipped to their 0.5 and 99.5
 * percentiles (numpy's default linear method); then z-score with the population standard deviation.
 */
public final class Intensity {
    public static final double CT_LOW = -500, CT_HIGH = 1000;

    private Intensity() {}

    /** Normalizes in place. A constant image (std 0) becomes all zeros instead of NaN. */
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
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            float x = v[i] < flo ? flo : v[i] > fhi ? fhi : v[i];
            v[i] = x;
            sum += x;
        }
        double mean = sum / v.length;
        double ss = 0;
        for (float x : v) ss += (x - mean) * (x - mean);
        double std = Math.sqrt(ss / v.length);
        for (int i = 0; i < v.length; i++) v[i] = std == 0 ? 0f : (float) ((v[i] - mean) / std); // NaN input stays NaN, for checks to catch
    }

    /** numpy.percentile (linear interpolation) for several q in [0, 100]. */
    public static double[] percentiles(float[] v, double... q) {
        long[] ranks = new long[q.length * 2];
        double[] frac = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double pos = q[i] / 100.0 * (v.length - 1);
            long lo = (long) Math.floor(pos);
            ranks[2 * i] = lo;
            ranks[2 * i + 1] = Math.min(lo + 1, v.length - 1);
            frac[i] = pos - lo;
        }
        float[] k = OrderStatistics.select(v, ranks);
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            double a = k[2 * i], b = k[2 * i + 1], t = frac[i], d = b - a;
            r[i] = t >= 0.5 ? b - d * (1 - t) : a + d * t; // numpy's _lerp
        }
        return r;
    }
}
