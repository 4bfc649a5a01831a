package org.satds.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;

/**
 * Our emulation of torch 1.13 and numpy 1.24 (Debian builds on OpenBLAS, AVX2) against values that torch, numpy and
 * MONAI 1.1.0 themselves printed, bit for bit: these round-off patterns decide half-voxel ties in MONAI's resampling.
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

    @Test
    void solveOfObliqueAffinesMatchesTorch() {
        Affine a = Affine.of(new double[][] {{0.7, 0.1, 0.05, -120.3}, {-0.08, 0.69, 0.2, 33.3}, {0.02, -0.15, 2.4, -80.0}, {0, 0, 0, 1}});
        Affine b = Affine.of(new double[][] {{1.0, 0.1, 0.05, -119.0}, {-0.1, 1.0, 0.2, 30.0}, {0.0, -0.2, 3.0, -82.0}, {0, 0, 0, 1}});
        double[][] torch = {{1.425969609322253, -0.06334864258862558, -0.007251752506855827, 2.531903543356304},
            {0.023422327062373464, 1.4398479632577872, -0.07201740420601649, -4.165923431495943},
            {-0.010419184636287132, 0.0071850697251835665, 1.2455593435080146, -1.1148027439964687},
            {-6.471331717022855e-19, 0.0, -2.0328790734103208e-20, 1.0}};
        assertBitEqual(torch, TorchLinalg.solve(a, b));
    }

    /**
     * The inverse of the spacing step of golden restore case mr_acdc_aniso (oblique, qform only): from its 1x1x3 grid
     * (the offset as numpy computes it) back to the oriented scan. A native slice lies half-way between two 1x1x3
     * slices; with these last bits it reads 15.50000000000005 and rounds up, as MONAI does.
     */
    @Test
    void solveOfTheGoldenObliqueRestoreMatchesTorch() {
        Affine out = Affine.of(new double[][] {
            {0.9781476010833587, 2.251273955144704e-08, 0.6237350675197215, 1.1189454070451745},
            {0.0711100101003715, 0.9396925418985456, -1.0036391973582823, -83.74144428908627},
            {-0.1953730712211786, 0.3420203600668382, 2.757474012039314, -26.92468615155361}, {0, 0, 0, 1}});
        Affine oriented = Affine.of(new double[][] {
            {1.3694065809249878, 3.2585781184479856e-08, 2.0791168212890625, -2.0529041648842394e-06},
            {0.09955400973558426, 1.315569519996643, -3.345463991165161, -82.8808822631836},
            {-0.273522287607193, 0.478828489780426, 9.191579818725586, -30.166194915771484}, {0, 0, 0, 1}});
        double[][] torch = {{1.3999999380546306, 1.0918052950726823e-09, -2.564525170001275e-08, -0.39999767667821506},
            {0.0, 1.3999999587748573, -7.569782471997497e-08, -0.29999830230634006},
            {0.0, 1.734723475976807e-17, 3.333333260612556, -1.166666303062773},
            {0.0, -4.474122739577352e-19, -5.192701535650149e-16, 1.0}};
        assertBitEqual(torch, TorchLinalg.solve(out, oriented));
    }

    /**
     * MONAI's zoom_affine(diagonal=False) and compute_shape_offset (whose offset is the centre formula here) on the
     * oriented affine of mr_acdc_aniso, as numpy computed them: the 1x1x3 grid restore reads back.
     */
    @Test
    void outputGridOfAnObliqueScanMatchesNumpy() {
        Affine oriented = Affine.of(new double[][] {
            {1.3694065809249878, 3.2585781184479856e-08, 2.0791168212890625, -2.0529041648842394e-06},
            {0.09955400973558426, 1.315569519996643, -3.345463991165161, -82.8808822631836},
            {-0.273522287607193, 0.478828489780426, 9.191579818725586, -30.166194915771484}, {0, 0, 0, 1}});
        Affine zoomed = SpatialPlan.zoomKeepingRotation(oriented, new double[] {1, 1, 3});
        double[][] numpy = {{0.9781476010833587, 2.251273955144704e-08, 0.6237350675197215, 0},
            {0.0711100101003715, 0.9396925418985456, -1.0036391973582823, 0},
            {-0.1953730712211786, 0.3420203600668382, 2.757474012039314, 0}, {0, 0, 0, 1}};
        assertBitEqual(numpy, zoomed);
        double[][] shapeAndOffset = SpatialPlan.shapeAndOffset(new int[] {72, 64, 10}, oriented, zoomed);
        assertArrayEquals(new double[] {100, 89, 31}, shapeAndOffset[0], 0.0);
        assertArrayEquals(new double[] {1.1189454070451745, -83.74144428908627, -26.92468615155361}, shapeAndOffset[1], 0.0);
    }

    /** compute_shape_offset's centre formula where numpy's matrix-vector product is not a k-order chain of fmas. */
    @Test
    void centredOffsetMatchesNumpy() {
        Affine oriented = Affine.of(new double[][] {
            {4.49937105178833, 0.16643774509429932, -0.002169781131669879, -82.64888000488281},
            {-0.07488047331571579, 9.998587608337402, 0.003292327281087637, -255.68324279785156},
            {0.007149444427341223, -0.023255443200469017, 1.3999944925308228, -97.40061950683594}, {0, 0, 0, 1}});
        double[][] shapeAndOffset = SpatialPlan.shapeAndOffset(new int[] {18, 32, 30}, oriented,
                SpatialPlan.zoomKeepingRotation(oriented, new double[] {1, 1, 3}));
        assertArrayEquals(new double[] {77, 311, 15}, shapeAndOffset[0], 0.0);
        assertArrayEquals(new double[] {-80.57193989145662, -251.22068876772533, -98.90790029549139}, shapeAndOffset[1], 0.0);
    }

    /**
     * The grid MONAI's Invertd samples to undo the spacing step of a slightly oblique scan (RAS target, cropped at
     * (3, 36, 2)), as torch's grid_sample received it: theta per output axis, our axis order. Its slices lie exactly
     * half-way between 1x1x3 slices, so each bit decides voxels; solve's last row is MONAI's (0, 0, 0, 1).
     */
    @Test
    void inverseGridOfAnObliqueScanMatchesMonai() {
        Affine scan = Affine.of(new double[][] {{-4.49937105178833, -0.16643774509429932, -0.002169781131669879, -1.0},
            {0.07488047331571579, -9.998587608337402, 0.003292327281087637, 53.0},
            {-0.007149444427341223, 0.023255443200469017, 1.3999944925308228, -98.0}, {0, 0, 0, 1}});
        SpatialPlan plan = SpatialPlan.of(new int[] {18, 32, 30}, scan, "RAS", new double[] {1, 1, 3});
        double[][] theta = plan.inverse(new Box(new int[] {3, 36, 2}, plan.outShape())).theta;
        double[][] monai = {{1.051948001597672, -5.901071262229238e-09, 1.1993618169096543e-10, -0.0454545424768914},
            {2.2145017778763525e-16, 1.0289388887471573, -3.015095805662856e-11, -0.028938906188742508},
            {-3.621780134103123e-16, 0.0, 0.9333333634489808, 0.03555555455170056}};
        for (int i = 0; i < 3; i++) assertArrayEquals(monai[i], theta[i], 0.0, "row " + i);
    }

    /** zoom_affine of a sheared affine, where a Cholesky with fused multiply-adds would differ from numpy's. */
    @Test
    void zoomOfAShearedAffineMatchesNumpy() {
        Affine sheared = Affine.of(new double[][] {{0.314, -0.374, -5.034, 38.41}, {-1.077, -0.097, 0.227, -59.88},
            {-3.06, -0.956, -1.957, -26.09}, {0, 0, 0, 1}});
        double[][] numpy = {{0.09634383823569669, -0.8942769874624854, -1.3110601857890896, 0},
            {-0.3304532285982335, 0.38542103460510513, -2.584620205781956, 0},
            {-0.9388921815325856, -0.22741876742905823, 0.7751513278723506, 0}, {0, 0, 0, 1}};
        assertBitEqual(numpy, SpatialPlan.zoomKeepingRotation(sheared, new double[] {1, 1, 3}));
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
