package org.satds.core.transform;

import org.satds.core.geom.Affine;

/**
 * torch 1.13's {@code linalg.solve} and {@code inverse} on 4x4 float64 matrices, reproduced operation by operation
 * as they run on OpenBLAS: torch factors A^T (it is contiguous) with LAPACK getrf, which OpenBLAS computes
 * left-looking (getf2, partial pivoting, scaling by the pivot's reciprocal), then solves with the transposed
 * factors, multiplying by reciprocal diagonals as OpenBLAS's trsm kernels do.
 *
 * <p>Why: MONAI's resampling grid is built from these results, and their last-bit round-off decides where an
 * output voxel falls exactly half-way between input voxels (e.g. 2 mm to 1 mm): which neighbour nearest
 * interpolation picks, and whether an edge voxel gets a sliver of its neighbour. Exact arithmetic disagrees with
 * the original there; this reproduces it (verified against torch.inverse and torch.linalg.solve).
 */
final class TorchLinalg {
    private TorchLinalg() {}

    /** torch.linalg.solve(a, b): X with a X = b. */
    static Affine solve(Affine a, Affine b) {
        double[][] lu = new double[4][4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) lu[i][j] = a.get(j, i); // factor A^T
        int[] pivots = factor(lu);
        double[][] x = b.toArray();
        for (int c = 0; c < 4; c++) {
            double[] col = {x[0][c], x[1][c], x[2][c], x[3][c]};
            solveTransposed(lu, pivots, col);
            for (int r = 0; r < 4; r++) x[r][c] = col[r];
        }
        return Affine.of(x);
    }

    /** torch.matmul of two 4x4 float64 matrices, as OpenBLAS dgemm accumulates: fused multiply-adds in k order. */
    static Affine matmul(Affine a, Affine b) {
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                double s = a.get(i, 0) * b.get(0, j);
                for (int k = 1; k < 4; k++) s = Math.fma(a.get(i, k), b.get(k, j), s);
                r[i][j] = s;
            }
        return Affine.of(r);
    }

    static Affine inverse(Affine a) {
        return solve(a, Affine.identity());
    }

    /** OpenBLAS getf2: left-looking LU with partial pivoting, in place (row-major copy of a column-major matrix). */
    private static int[] factor(double[][] a) {
        int n = 4;
        int[] ipiv = new int[n];
        for (int j = 0; j < n; j++) {
            double[] b = new double[n];
            for (int i = 0; i < n; i++) b[i] = a[i][j];
            for (int i = 0; i < j; i++) {
                int p = ipiv[i];
                if (p != i) { double t = b[i]; b[i] = b[p]; b[p] = t; }
            }
            for (int i = 1; i < j; i++) {
                double s = 0;
                for (int k = 0; k < i; k++) s += a[i][k] * b[k];
                b[i] -= s;
            }
            for (int i = j; i < n; i++) {
                double s = 0;
                for (int k = 0; k < j; k++) s += a[i][k] * b[k];
                b[i] -= s;
            }
            int jp = j;
            for (int i = j + 1; i < n; i++) if (Math.abs(b[i]) > Math.abs(b[jp])) jp = i;
            ipiv[j] = jp;
            for (int i = 0; i < n; i++) a[i][j] = b[i];
            double pivot = b[jp];
            if (pivot != 0) {
                if (jp != j) for (int k = 0; k <= j; k++) { double t = a[j][k]; a[j][k] = a[jp][k]; a[jp][k] = t; }
                double r = 1.0 / pivot;
                for (int i = j + 1; i < n; i++) a[i][j] *= r;
            }
        }
        return ipiv;
    }

    /** Solves M^T x = b in place, where M = P L U is the factorization above. */
    private static void solveTransposed(double[][] lu, int[] ipiv, double[] x) {
        int n = 4;
        for (int i = 0; i < n; i++) {
            double s = x[i];
            for (int k = 0; k < i; k++) s -= lu[k][i] * x[k];
            x[i] = s * (1.0 / lu[i][i]);
        }
        // OpenBLAS's backward trsm subtracts each solved value from the rows above as soon as it has it: the
        // last one first
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = n - 1; k > i; k--) s -= lu[k][i] * x[k];
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            int p = ipiv[i];
            if (p != i) { double t = x[i]; x[i] = x[p]; x[p] = t; }
        }
    }
}
