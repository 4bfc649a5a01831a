package org.satds.core.transform;

import org.satds.core.geom.Affine;

/**
 * The float64 numpy 1.24 operations MONAI 1.1.0's {@code zoom_affine} and {@code compute_shape_offset} run, as
 * they compute on OpenBLAS (Haswell kernels): matrix products are fused multiply-adds in k order (a matrix-vector
 * product of three terms in its own order, {@link #rotate}); Cholesky is
 * LAPACK potf2 (plain dot products, scaling by the pivot's reciprocal); the inverse of an upper triangle is getrs's
 * backward trsm (reciprocal diagonals, each solved value subtracted from the rows above as soon as it is known).
 *
 * <p>Why: they give the affine of the 1x1x3 grid, which the inverse of the spacing step reads the prediction from:
 * where a native voxel lies exactly half-way between two grid voxels, its last bit decides which one the nearest
 * neighbour is (verified against numpy and MONAI on this machine's Debian builds).
 */
final class NumpyLinalg {
    private NumpyLinalg() {}

    /** The first three rows of {@code a @ (v, 1)}, a point through an affine (BLAS gemm, as MONAI maps corners). */
    static double[] apply(Affine a, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = a.get(i, 0) * v[0];
            s = Math.fma(a.get(i, 1), v[1], s);
            s = Math.fma(a.get(i, 2), v[2], s);
            r[i] = s + a.get(i, 3); // times the point's 1: exact, so one rounding as in the fused sum
        }
        return r;
    }

    /**
     * {@code a[:3, :3] @ v}, a matrix-vector product (BLAS gemv; OpenBLAS's kernel for three terms, compiled with
     * fused multiply-adds, computes (a0 v0 + a1 v1) + a2 v2 as below).
     */
    static double[] rotate(Affine a, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) r[i] = Math.fma(a.get(i, 2), v[2], Math.fma(a.get(i, 0), v[0], a.get(i, 1) * v[1]));
        return r;
    }

    /** a @ b of 3x3 matrices (BLAS gemm). */
    static double[][] matmul(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double s = a[i][0] * b[0][j];
                s = Math.fma(a[i][1], b[1][j], s);
                r[i][j] = Math.fma(a[i][2], b[2][j], s);
            }
        return r;
    }

    /** {@code np.linalg.cholesky(g).T}: the upper factor U of a symmetric positive definite g = U^T U. */
    static double[][] choleskyUpper(double[][] g) {
        double[][] l = new double[3][3];
        for (int j = 0; j < 3; j++) {
            double dot = 0;
            for (int k = 0; k < j; k++) dot += l[j][k] * l[j][k];
            double d = Math.sqrt(g[j][j] - dot), r = 1.0 / d;
            l[j][j] = d;
            for (int i = j + 1; i < 3; i++) {
                double s = 0;
                for (int k = 0; k < j; k++) s += l[i][k] * l[j][k];
                l[i][j] = (g[i][j] - s) * r;
            }
        }
        return transpose(l);
    }

    /** {@code np.linalg.inv(u)} of an upper triangular u (getrf leaves it as it is; getrs solves u x = e_c). */
    static double[][] inverseUpper(double[][] u) {
        double[][] x = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double[] b = new double[3];
            b[c] = 1;
            for (int i = 2; i >= 0; i--) {
                b[i] *= 1.0 / u[i][i];
                for (int k = 0; k < i; k++) b[k] -= b[i] * u[k][i];
            }
            for (int r = 0; r < 3; r++) x[r][c] = b[r];
        }
        return x;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) t[i][j] = a[j][i];
        return t;
    }
}
