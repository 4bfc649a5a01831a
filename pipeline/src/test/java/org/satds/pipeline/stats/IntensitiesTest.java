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

    /**
     * The pooled percentiles are those of every pooled value stably sorted (equal ones in the order met, sample by
     * sample) with its sample's weight, to the bit: many ties across samples of different weights, and signed zeros,
     * which Double.compare orders apart.
     */
    @Test
    void pooledPercentilesAsAStableSortOfThePoolsGivesThem() {
        Random random = new Random(21);
        float[] pick = {-3.5f, -1, -0f, 0f, 0.25f, 2, 7};
        for (int trial = 0; trial < 40; trial++) {
            List<JsonNode> figures = new java.util.ArrayList<>();
            List<String> pools = new java.util.ArrayList<>();
            record Weighted(double value, double weight) {}
            List<Weighted> all = new java.util.ArrayList<>();
            for (int s = 0, samples = 1 + random.nextInt(5); s < samples; s++) {
                float[] v = new float[1 + random.nextInt(6000)];
                for (int i = 0; i < v.length; i++) v[i] = random.nextInt(4) == 0 ? random.nextFloat() * 10 - 5 : pick[random.nextInt(pick.length)];
                figures.add(Intensities.of(v));
                pools.add(Intensities.poolOf(v));
                int pooled = Math.min(v.length, Intensities.POOL);
                for (int i = 0; i < pooled; i++) all.add(new Weighted(v[(int) ((long) i * v.length / pooled)], (double) v.length / pooled));
            }
            all.sort(java.util.Comparator.comparingDouble(Weighted::value));
            double[] cumulative = new double[all.size()];
            double total = 0;
            for (int i = 0; i < cumulative.length; i++) cumulative[i] = total += all.get(i).weight();
            ObjectNode pooled = Intensities.pooled(figures, pools);
            for (String[] p : new String[][] {{"median", "0.5"}, {"p00_5", "0.005"}, {"p99_5", "0.995"}}) {
                int i = Arrays.binarySearch(cumulative, Double.parseDouble(p[1]) * total);
                double expected = all.get(Math.min(all.size() - 1, i >= 0 ? i : -i - 1)).value();
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(pooled.get(p[0]).asDouble()), "trial " + trial + " " + p[0]);
            }
        }
    }
}
