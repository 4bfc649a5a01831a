package org.satds.core.geom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Orientation codes as nibabel computes them. */
class AxisCodesTest {
    @Test
    void codesOfCommonAffines() {
        assertEquals("RAS", AxisCodes.codesOf(Affine.diagonal(1, 2, 3)));
        assertEquals("LPS", AxisCodes.codesOf(Affine.diagonal(-0.8, -0.8, 2.5)));
        Affine sagittal = Affine.of(new double[][] {{0, 0, -1, 0}, {1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 0, 1}});
        assertEquals("AIL", AxisCodes.codesOf(sagittal));
    }

    @Test
    void obliqueAffinePicksTheClosestAxes() {
        double c = Math.cos(0.3), s = Math.sin(0.3);
        Affine oblique = Affine.of(new double[][] {{c, -s, 0, 0}, {s, c, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 1}});
        assertEquals("RAS", AxisCodes.codesOf(oblique));
        Affine steep = Affine.of(new double[][] {{s, -c, 0, 0}, {c, s, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 1}});
        assertEquals("ALS", AxisCodes.codesOf(steep));
    }

    @Test
    void transformBetweenOrientations() {
        int[][] t = AxisCodes.transform(AxisCodes.fromCodes("LPS"), AxisCodes.fromCodes("RAS"));
        assertArrayEquals(new int[] {0, -1}, t[0]);
        assertArrayEquals(new int[] {1, -1}, t[1]);
        assertArrayEquals(new int[] {2, 1}, t[2]);
        int[][] asr = AxisCodes.transform(AxisCodes.fromCodes("RAS"), AxisCodes.fromCodes("ASR"));
        assertArrayEquals(new int[] {2, 1}, asr[0]);
        assertArrayEquals(new int[] {0, 1}, asr[1]);
        assertArrayEquals(new int[] {1, 1}, asr[2]);
    }

    @Test
    void invalidCodesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AxisCodes.fromCodes("RRS"));
        assertThrows(IllegalArgumentException.class, () -> AxisCodes.fromCodes("RA"));
    }
}
