package org.satds.core.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;

/**
 * Our emulation of torch 1.13 (Debian build on OpenBLAS, AVX2) against values that torch itself printed, bit
 * for bit: these round-off patterns decide half-voxel ties in MONAI's resampling.
 */
class TorchArithmeticTest {
    @Test
    void inverseOfNormalizationMatchesTorch() {
        // torch.inverse(monai normalize_transform((50, 60, 70), align_corners=False))
        double[][] torch = {{24.999999999999996, -7.105427357601002e-15, -5.9011176359737135e-15, 24.499999999999993},
            {0.0, 29.99999999999999, -7.105427357601002e-15, 29.49999999999999},
            {0.0, -1.5321077739827157e-14, 34.99999999999999, 34.49999999999999},
            {0.0, -2.9001744316738786e-16, -2.4086194432545774e-16, 0.9999999999999998}};
        double[][] norm = new double[4][4];
        int[] shape = {50, 60, 70};
        for (int i = 0; i < 3; i++) {
            norm[i][i] = 2.0 / shape[i];
            norm[i][3] = 1.0 / shape[i] - 1.0;
        }
        norm[3][3] = 1;
        assertBitEqual(torch, TorchLinalg.inverse(Affine.of(norm)));
    }

    /**
     * With rotations, OpenBLAS's kernels order some sums differently than we do: within 1e-15 relative (such grids do not
     * put voxels exactly half-way, so this round-off decides nothing).
     */
    @Test
    void solveOfObliqueAffinesMatchesTorchToTheLastBits() {
        Affine a = Affine.of(new double[][] {{0.7, 0.1, 0.05, -120.3}, {-0.08, 0.69, 0.2, 33.3}, {0.02, -0.15, 2.4, -80.0}, {0, 0, 0, 1}});
        Affine b = Affine.of(new double[][] {{1.0, 0.1, 0.05, -119.0}, {-0.1, 1.0, 0.2, 30.0}, {0.0, -0.2, 3.0, -82.0}, {0, 0, 0, 1}});
        double[][] torch = {{1.425969609322253, -0.06334864258862558, -0.007251752506855827, 2.531903543356304},
            {0.023422327062373464, 1.4398479632577872, -0.07201740420601649, -4.165923431495943},
            {-0.010419184636287132, 0.0071850697251835665, 1.2455593435080146, -1.1148027439964687},
            {-6.471331717022855e-19, 0.0, -2.0328790734103208e-20, 1.0}};
        Affine x = TorchLinalg.solve(a, b);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) assertEquals(torch[i][j], x.get(i, j), 1e-15 * (1 + Math.abs(torch[i][j])), "entry " + i + "," + j);
    }

    @Test
    void linspaceMatchesTorch() {
        double[] torch = {-1.0, -0.9090909090909091, -0.8181818181818181, -0.7272727272727273, -0.6363636363636364,
            -0.5454545454545454, -0.45454545454545453, -0.36363636363636365, -0.2727272727272727, -0.1818181818181818,
            -0.09090909090909088, 0.0, 0.09090909090909088, 0.1818181818181818, 0.2727272727272727, 0.3636363636363636,
            0.45454545454545453, 0.5454545454545454, 0.6363636363636364, 0.7272727272727273, 0.8181818181818181,
            0.9090909090909091, 1.0};
        double[] ours = Resampler.torchLinspace(23);
        for (int i = 0; i < torch.length; i++) assertEquals(torch[i], ours[i], 0.0, "index " + i);
    }

    private static void assertBitEqual(double[][] expected, Affine actual) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) assertEquals(expected[i][j], actual.get(i, j), 0.0, "entry " + i + "," + j);
    }
}
