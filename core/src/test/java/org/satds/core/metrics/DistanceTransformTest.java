package org.satds.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The separable transform against the definition: the nearest feature found by trying every one. */
class DistanceTransformTest {
    @Test
    void integerSpacingGivesExactSquaredDistances() {
        check(new int[] {13, 17, 9}, new double[] {1, 1, 3}, 0.01, 1, 0);
    }

    @Test
    void anisotropicRealSpacingMatchesBruteForce() {
        check(new int[] {11, 7, 15}, new double[] {0.7, 1.3, 2.5}, 0.02, 2, 1e-12);
    }

    @Test
    void aSingleFeatureOnALongLine() {
        check(new int[] {1, 1, 300}, new double[] {1, 1, 0.5}, 0.0, 3, 0); // the one feature check() always places
    }

    @Test
    void noFeatureIsInfiniteEverywhere() {
        double[] d = DistanceTransform.squared(new byte[60], new int[] {3, 4, 5}, new double[] {1, 1, 3});
        for (double v : d) assertEquals(Double.POSITIVE_INFINITY, v);
    }

    private static void check(int[] shape, double[] spacing, double density, long seed, double tolerance) {
        Random random = new Random(seed);
        int n = shape[0] * shape[1] * shape[2];
        byte[] feature = new byte[n];
        for (int i = 0; i < n; i++) feature[i] = (byte) (random.nextDouble() < density ? 1 : 0);
        feature[random.nextInt(n)] = 1;
        double[] fast = DistanceTransform.squared(feature, shape, spacing);
        double[] slow = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (feature[j] == 0) continue;
                double d0 = (i / (shape[1] * shape[2]) - j / (shape[1] * shape[2])) * spacing[0];
                double d1 = ((i / shape[2]) % shape[1] - (j / shape[2]) % shape[1]) * spacing[1];
                double d2 = (i % shape[2] - j % shape[2]) * spacing[2];
                best = Math.min(best, d0 * d0 + d1 * d1 + d2 * d2);
            }
            slow[i] = best;
        }
        if (tolerance == 0) assertArrayEquals(slow, fast);
        else for (int i = 0; i < n; i++) assertEquals(slow[i], fast[i], tolerance * Math.max(1, slow[i]), "voxel " + i);
    }
}
