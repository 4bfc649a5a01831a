package org.satds.core.geom;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** An immutable 4x4 voxel-to-world matrix (row-major), world in RAS+ millimetres as nibabel and MONAI use. */
public final class Affine {
    private final double[][] m;

    private Affine(double[][] m) {
        this.m = m;
    }

    public static Affine of(double[][] rows) {
        if (rows.length != 4) throw new IllegalArgumentException("affine needs 4 rows");
        double[][] c = new double[4][];
        for (int i = 0; i < 4; i++) {
            if (rows[i].length != 4) throw new IllegalArgumentException("affine needs 4 columns");
            c[i] = rows[i].clone();
        }
        return new Affine(c);
    }

    public static Affine identity() {
        return diagonal(1, 1, 1);
    }

    public static Affine diagonal(double sx, double sy, double sz) {
        return new Affine(new double[][] {{sx, 0, 0, 0}, {0, sy, 0, 0}, {0, 0, sz, 0}, {0, 0, 0, 1}});
    }

    public double get(int row, int col) {
        return m[row][col];
    }

    public double[][] toArray() {
        double[][] c = new double[4][];
        for (int i = 0; i < 4; i++) c[i] = m[i].clone();
        return c;
    }

    public Affine multiply(Affine o) {
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 4; k++) s += m[i][k] * o.m[k][j];
                r[i][j] = s;
            }
        return new Affine(r);
    }

    public Affine inverse() {
        RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(m)).getSolver().getInverse();
        return new Affine(inv.getData());
    }

    /** Voxel sizes: the norms of the first three columns (MONAI affine_to_spacing, zeros read as 1). */
    public double[] spacing() {
        double[] s = new double[3];
        for (int j = 0; j < 3; j++) {
            double n = Math.sqrt(m[0][j] * m[0][j] + m[1][j] * m[1][j] + m[2][j] * m[2][j]);
            s[j] = n == 0 ? 1.0 : n;
        }
        return s;
    }

    public double[] apply(double x, double y, double z) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) r[i] = m[i][0] * x + m[i][1] * y + m[i][2] * z + m[i][3];
        return r;
    }

    public Affine withTranslation(double tx, double ty, double tz) {
        double[][] c = toArray();
        c[0][3] = tx;
        c[1][3] = ty;
        c[2][3] = tz;
        return new Affine(c);
    }

    /** Element-wise closeness, as numpy.allclose(a, b, rtol=0, atol=tol). */
    public boolean closeTo(Affine o, double tol) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(m[i][j] - o.m[i][j]) > tol) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.deepEquals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(m);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(m);
    }
}
