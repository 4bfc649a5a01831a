package org.satds.core.geom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Orientation codes such as "RAS" or "ASR", with the nibabel algorithms MONAI's Orientation relies on:
 * {@code io_orientation} (closest axis per voxel axis, after a polar decomposition), {@code axcodes2ornt},
 * {@code ornt_transform}. An orientation is int[3][2]: for each voxel axis, the world axis it follows and +1/-1.
 */
public final class AxisCodes {
    private static final String[] LABELS = {"LR", "PA", "IS"}; // nibabel's default (low, high) pairs

    private AxisCodes() {}

    /** nibabel io_orientation: for each voxel axis, the world axis (0=x,1=y,2=z) it follows most and the sign. */
    public static int[][] ioOrientation(Affine affine) {
        double[][] rs = new double[3][3];
        for (int j = 0; j < 3; j++) {
            double n = 0;
            for (int i = 0; i < 3; i++) n += affine.get(i, j) * affine.get(i, j);
            n = Math.sqrt(n);
            if (n == 0) n = 1;
            for (int i = 0; i < 3; i++) rs[i][j] = affine.get(i, j) / n;
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(rs));
        double[] s = svd.getSingularValues();
        double tol = s[0] * 3 * Math.ulp(1.0);
        RealMatrix p = svd.getU();
        RealMatrix qt = svd.getVT();
        double[][] r = new double[3][3];
        for (int k = 0; k < 3; k++) {
            if (s[k] <= tol) continue;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) r[i][j] += p.getEntry(i, k) * qt.getEntry(k, j);
        }
        int[][] ornt = new int[3][];
        for (int in = 0; in < 3; in++) {
            int best = -1;
            double bestAbs = -1;
            boolean allZero = true;
            for (int out = 0; out < 3; out++) {
                double a = Math.abs(r[out][in]);
                if (a > 1e-8) allZero = false;
                if (a > bestAbs) {
                    bestAbs = a;
                    best = out;
                }
            }
            if (allZero) throw new IllegalArgumentException("affine has a degenerate voxel axis " + in + ": " + affine);
            ornt[in] = new int[] {best, r[best][in] < 0 ? -1 : 1};
            for (int j = 0; j < 3; j++) r[best][j] = 0;
        }
        return ornt;
    }

    /** nibabel axcodes2ornt with the default labels: "RAS" -> [[0,1],[1,1],[2,1]]. */
    public static int[][] fromCodes(String codes) {
        if (codes.length() != 3) throw new IllegalArgumentException("axis codes need 3 letters: " + codes);
        int[][] ornt = new int[3][];
        boolean[] used = new boolean[3];
        for (int i = 0; i < 3; i++) {
            char c = Character.toUpperCase(codes.charAt(i));
            int axis = -1, sign = 0;
            for (int a = 0; a < 3; a++) {
                if (LABELS[a].charAt(0) == c) { axis = a; sign = -1; }
                if (LABELS[a].charAt(1) == c) { axis = a; sign = 1; }
            }
            if (axis < 0 || used[axis]) throw new IllegalArgumentException("invalid axis codes: " + codes);
            used[axis] = true;
            ornt[i] = new int[] {axis, sign};
        }
        return ornt;
    }

    public static String toCodes(int[][] ornt) {
        StringBuilder b = new StringBuilder();
        for (int[] o : ornt) b.append(LABELS[o[0]].charAt(o[1] < 0 ? 0 : 1));
        return b.toString();
    }

    public static String codesOf(Affine affine) {
        return toCodes(ioOrientation(affine));
    }

    /**
     * nibabel ornt_transform(start, end): for each axis of the start orientation, which axis of the end
     * orientation it becomes and whether it flips.
     */
    public static int[][] transform(int[][] start, int[][] end) {
        int[][] result = new int[3][];
        for (int endIn = 0; endIn < 3; endIn++) {
            for (int startIn = 0; startIn < 3; startIn++) {
                if (start[startIn][0] == end[endIn][0]) {
                    int flip = start[startIn][1] == end[endIn][1] ? 1 : -1;
                    result[startIn] = new int[] {endIn, flip};
                }
            }
        }
        for (int[] r : result) if (r == null) throw new IllegalArgumentException("orientations do not share axes");
        return result;
    }
}
