package org.satds.pipeline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;

/**
 * A synthetic abdominal CT in LPS with four ellipsoid organs (liver, kidney, spleen, pancreas as values 1-4),
 * stored as int16 like real CTs, for benchmarks and the demo.
 */
public final class SyntheticCt {
    private SyntheticCt() {}

    /** Writes image.nii.gz and mask.nii.gz into {@code dir}; returns the number of voxels. */
    public static long write(Path dir, int nx, int ny, int nz, double sx, double sy, double sz, long seed) throws IOException {
        int n = nx * ny * nz;
        float[] image = new float[n];
        float[] mask = new float[n];
        Random random = new Random(seed);
        double[][] organs = { // centre (fractions of the volume), radii (fractions), HU
            {0.35, 0.45, 0.55, 0.18, 0.2, 0.25, 60}, {0.7, 0.6, 0.45, 0.07, 0.08, 0.15, 30},
            {0.72, 0.35, 0.6, 0.08, 0.1, 0.12, 45}, {0.5, 0.55, 0.45, 0.12, 0.04, 0.06, 40}};
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    double dx = (x - nx / 2.0) / (nx * 0.42), dy = (y - ny / 2.0) / (ny * 0.35);
                    boolean body = dx * dx + dy * dy < 1;
                    float hu = body ? -80f : -1000f;
                    for (int o = 0; o < organs.length; o++) {
                        double[] g = organs[o];
                        double ex = (x / (double) nx - g[0]) / g[3], ey = (y / (double) ny - g[1]) / g[4], ez = (z / (double) nz - g[2]) / g[5];
                        if (ex * ex + ey * ey + ez * ez < 1) {
                            hu = (float) g[6];
                            mask[i] = o + 1;
                        }
                    }
                    image[i] = Math.round(hu + (body ? 15 * random.nextGaussian() : 0));
                }
        // LPS storage: x and y axes point to patient left and posterior, i.e. negative in RAS
        Affine lps = Affine.of(new double[][] {{-sx, 0, 0, sx * nx / 2}, {0, -sy, 0, sy * ny / 2}, {0, 0, sz, -sz * nz / 2}, {0, 0, 0, 1}});
        int[] shape = {nx, ny, nz};
        NiftiWriter.write(dir.resolve("image.nii.gz"), Volume.ofFloats(shape, lps, image), DataType.INT16);
        NiftiWriter.write(dir.resolve("mask.nii.gz"), Volume.ofFloats(shape, lps, mask), DataType.UINT8);
        return n;
    }
}
