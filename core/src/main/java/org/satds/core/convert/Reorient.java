package org.satds.core.convert;

import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.volume.Volume;

/** Transposes and flips a volume's voxel axes to the orientation closest to given axis codes, keeping its world geometry. */
public final class Reorient {
    private Reorient() {}

    /** The same voxels in the world (as floats), stored along the axes closest to {@code codes} (nibabel axis codes, e.g. "LAS"). */
    public static Volume to(Volume v, String codes) {
        int[][] t = AxisCodes.transform(AxisCodes.ioOrientation(v.affine()), AxisCodes.fromCodes(codes));
        int[] in = v.shape();
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) out[t[a][0]] = in[a];
        // new index -> old index: old[a] = flip ? in[a]-1-new[t[a][0]] : new[t[a][0]]; the affine composes the same map
        double[][] m = new double[4][4];
        m[3][3] = 1;
        for (int a = 0; a < 3; a++) {
            m[a][t[a][0]] = t[a][1];
            m[a][3] = t[a][1] < 0 ? in[a] - 1 : 0;
        }
        Affine affine = v.affine().multiply(Affine.of(m));
        long[] stride = new long[3]; // step in the old array for one step along each new axis
        long base = 0;
        long[] oldStride = {1, in[0], (long) in[0] * in[1]};
        for (int a = 0; a < 3; a++) {
            stride[t[a][0]] = t[a][1] * oldStride[a];
            if (t[a][1] < 0) base += (in[a] - 1) * oldStride[a];
        }
        int n = v.voxels(), c = v.channels();
        float[][] ch = new float[c][n];
        for (int k = 0; k < c; k++) {
            float[] src = v.floats(k), dst = ch[k];
            int i = 0;
            for (int z = 0; z < out[2]; z++) for (int y = 0; y < out[1]; y++) for (int x = 0; x < out[0]; x++)
                dst[i++] = src[(int) (base + x * stride[0] + y * stride[1] + z * stride[2])];
        }
        return Volume.ofFloats(out, affine, ch);
    }
}
