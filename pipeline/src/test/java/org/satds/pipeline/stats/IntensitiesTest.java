package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The figures against numpy's definitions computed here from a sorted copy; pooling against the concatenation. */
class IntensitiesTest {
    /** numpy.percentile, linear: position q/100 * (n - 1) in the sorted values, interpolated. */
    static double percentile(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static double[] sortedDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        Arrays.sort(d);
        return d;
    }

    static float[] values(Random random, int n, double centre, double spread) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.round(centre + spread * random.nextGaussian());
        return v;
    }

    @Test
    void figuresAreNumpys() {
        Random random = new Random(5);
        for (int n : new int[] {1, 2, 7, 1000, 12345}) {
            float[] v = values(random, n, 40, 300);
            double[] s = sortedDoubles(v);
            ObjectNode f = Intensities.of(v);
            double mean = Arrays.stream(s).average().orElseThrow();
            double std = Math.sqrt(Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / n);
            assertEquals(n, f.get("voxels").asLong());
            assertEquals(mean, f.get("mean").asDouble(), 1e-9 * Math.max(1, Math.abs(mean)));
            assertEquals(std, f.get("std").asDouble(), 1e-9 * Math.max(1, std));
            assertEquals(s[0], f.get("min").asDouble(), 0);
            assertEquals(s[n - 1], f.get("max").asDouble(), 0);
            assertEquals(percentile(s, 50), f.get("median").asDouble(), 1e-9);
            assertEquals(percentile(s, 0.5), f.get("p00_5").asDouble(), 1e-9);
            assertEquals(percentile(s, 99.5), f.get("p99_5").asDouble(), 1e-9);
        }
        assertNull(Intensities.of(new float[0]));
    }

    /**
     * int16 values given by their counts and as shorts give the same figures and pool, to the bit, as the array of the
     * same values as floats does.
     */
    @Test
    void countedInt16ValuesGiveTheSameFiguresAndPool() {
        Random random = new Random(11);
        for (int n : new int[] {1, 2, 3, 200, 1999, 2000, 2001, 12345, 100_003}) {
            float[] v = values(random, n, 40, n < 100 ? 2 : 20000); // many ties, and values out to int16's ends
            int[] counts = new int[1 << 16];
            short[] shorts = new short[n + 7]; // longer than the values, as the gathering array is
            for (int i = 0; i < n; i++) {
                v[i] = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v[i]));
                counts[(int) v[i] - Short.MIN_VALUE]++;
                shorts[i] = (short) v[i];
            }
            Intensities.Int16 counted = new Intensities.Int16(counts, shorts, n);
            assertEquals(Intensities.of(v), counted.figures(), "n " + n);
            assertEquals(Intensities.poolOf(v), counted.pool(), "n " + n);
        }
    }

    @Test
    void poolsAsTheConcatenationWithinTheSamplingError() {
        Random random = new Random(9);
        float[] a = values(random, 50_000, 0, 100), b = values(random, 8_000, 400, 50), c = values(random, 300, -200, 10);
        float[] all = new float[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        ObjectNode direct = Intensities.of(all);
        ObjectNode pooled = Intensities.pooled(List.<JsonNode>of(Intensities.of(a), Intensities.of(b), Intensities.of(c)),
                List.of(Intensities.poolOf(a), Intensities.poolOf(b), Intensities.poolOf(c)));
        for (String exact : List.of("voxels", "mean", "std", "min", "max"))
            assertEquals(direct.get(exact).asDouble(), pooled.get(exact).asDouble(), 1e-6 * Math.max(1, Math.abs(direct.get(exact).asDouble())), exact);
        double[] s = sortedDoubles(all);
        // each sample's 2000 pooled voxels stand for all of it, so a pooled percentile is off by about a percent of rank
        // (a binomial standard error of 1/sqrt(2000)/2); three times that bounds it
        for (String[] p : new String[][] {{"median", "50"}, {"p00_5", "0.5"}, {"p99_5", "99.5"}}) {
            double q = Double.parseDouble(p[1]), got = pooled.get(p[0]).asDouble();
            assertTrue(percentile(s, Math.max(0, q - 3)) <= got && got <= percentile(s, Math.min(100, q + 3)), p[0] + " " + got);
        }
    }
}
