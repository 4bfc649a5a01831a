package org.satds.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;

/** Percentiles, normalization, foreground boxes and spacing geometry, checked against independent computations. */
class TransformsTest {
    @Test
    void percentilesEqualSortingWithLinearInterpolation() {
        Random r = new Random(3);
        float[] v = new float[10007];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * 100 + (i % 7 == 0 ? -5000 : 0));
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0, 0.5, 37.3, 99.5, 100}) {
            double pos = q / 100 * (v.length - 1);
            int lo = (int) Math.floor(pos);
            double expected = sorted[lo] + (sorted[Math.min(lo + 1, v.length - 1)] - sorted[lo]) * (pos - lo);
            assertEquals(expected, Intensity.percentiles(v, q)[0], 1e-9 * Math.abs(expected) + 1e-9, "q=" + q);
        }
    }

    @Test
    void ranksSelectedTogetherEqualSorting() {
        Random r = new Random(5);
        float[] v = new float[70001];
        for (int i = 0; i < v.length; i++) v[i] = i % 11 == 0 ? 0f : i % 13 == 0 ? -0f : (float) (r.nextGaussian() * 1e3);
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        // ranks in one bucket of high bits, in neighbouring ones, repeated, and the extremes
        long[] ranks = {0, 349, 350, 350, 35000, 69650, 69651, v.length - 1};
        float[] found = OrderStatistics.select(v, ranks);
        for (int i = 0; i < ranks.length; i++)
            assertEquals(sorted[(int) ranks[i]] == 0 ? 0f : sorted[(int) ranks[i]], found[i], "rank " + ranks[i]);
    }

    @Test
    void ctNormalizationClipsThenZScores() {
        float[] v = {-2000, -500, 0, 500, 1000, 3000};
        Intensity.normalize(v, true);
        double[] clipped = {-500, -500, 0, 500, 1000, 1000};
        double mean = Arrays.stream(clipped).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(clipped).map(x -> (x - mean) * (x - mean)).sum() / clipped.length);
        for (int i = 0; i < v.length; i++) assertEquals((clipped[i] - mean) / std, v[i], 1e-6);
    }

    @Test
    void constantImageNormalizesToZerosNotNaN() {
        float[] v = {7, 7, 7, 7};
        Intensity.normalize(v, false);
        assertArrayEquals(new float[4], v);
    }

    @Test
    void foregroundBoxIsTightAndEndExclusive() {
        int[] shape = {4, 5, 6};
        float[] v = new float[4 * 5 * 6];
        v[(1 * 5 + 2) * 6 + 3] = 1;
        v[(2 * 5 + 4) * 6 + 1] = 0.5f;
        v[(3 * 5 + 0) * 6 + 0] = -1; // not > 0
        Box b = Foreground.box(shape, v);
        assertArrayEquals(new int[] {1, 2, 1, 3, 5, 4}, b.toSat());
        assertEquals(true, Foreground.box(shape, new float[120]).isEmpty());
    }

    @Test
    void spacingShapeAndOriginFollowMonai() {
        // 0.5 mm x 0.5 mm x 2 mm LPS grid of 10 x 10 x 7: RAS, then 1 x 1 x 3 mm keeping the corner at the origin
        Affine lps = Affine.of(new double[][] {{-0.5, 0, 0, 10}, {0, -0.5, 0, 20}, {0, 0, 2, -30}, {0, 0, 0, 1}});
        SpatialPlan p = SpatialPlan.of(new int[] {10, 10, 7}, lps, "RAS", new double[] {1, 1, 3});
        assertArrayEquals(new int[] {6, 6, 5}, p.outShape()); // numpy round(9 * 0.5 + 1) = 6 (half to even), round(6 * 2 / 3 + 1)
        assertEquals(1, p.outAffine().get(0, 0), 1e-12);
        assertEquals(10 - 4.5, p.outAffine().get(0, 3), 1e-6); // the flipped x axis starts at its other end
        assertEquals(3, p.outAffine().get(2, 2), 1e-12);
        assertEquals(-30, p.outAffine().get(2, 3), 1e-6);
    }

    @Test
    void resamplingAtTheSameGridIsTheIdentity() {
        Affine a = Affine.diagonal(1, 1, 3);
        float[] v = new float[3 * 4 * 5];
        for (int i = 0; i < v.length; i++) v[i] = i;
        SpatialPlan p = SpatialPlan.of(new int[] {3, 4, 5}, a, "RAS", new double[] {1, 1, 3});
        float[] out = Resampler.linear(p, v);
        // output is C-order (z fastest), input x fastest
        for (int x = 0; x < 3; x++)
            for (int y = 0; y < 4; y++)
                for (int z = 0; z < 5; z++) assertEquals(v[x + 3 * (y + 4 * z)], out[(x * 4 + y) * 5 + z]);
    }
}
