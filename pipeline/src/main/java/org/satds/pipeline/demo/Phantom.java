package org.satds.pipeline.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;

/**
 * A synthetic scan for benchmarks, the demo and tests: a body ellipse with up to eight ellipsoid structures whose
 * label values are 1..n, with intensities typical of the modality (CT in HU as int16, MRI as int16, PET SUV as
 * float32), stored LPS like most clinical exports.
 */
public final class Phantom {
    /** Structure centres and radii as fractions of the volume. */
    private static final double[][] STRUCTURES = {
        {0.35, 0.45, 0.55, 0.18, 0.20, 0.25}, {0.70, 0.60, 0.45, 0.07, 0.08, 0.15},
        {0.72, 0.35, 0.60, 0.08, 0.10, 0.12}, {0.50, 0.55, 0.45, 0.12, 0.04, 0.06},
        {0.30, 0.65, 0.35, 0.06, 0.06, 0.10}, {0.55, 0.30, 0.30, 0.05, 0.07, 0.08},
        {0.45, 0.70, 0.70, 0.07, 0.05, 0.08}, {0.62, 0.45, 0.75, 0.05, 0.05, 0.07}};

    private Phantom() {}

    /** Writes the image and its integer label map (values 1..labels); returns the number of voxels. */
    public static long write(Path image, Path mask, int[] shape, double[] spacing, String modality, int labels, long seed)
            throws IOException {
        if (labels > STRUCTURES.length) throw new IllegalArgumentException("at most " + STRUCTURES.length + " structures");
        int nx = shape[0], ny = shape[1], nz = shape[2];
        float[] img = new float[nx * ny * nz];
        float[] seg = new float[img.length];
        Random random = new Random(seed);
        boolean ct = modality.equals("CT"), pet = modality.equals("PET");
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    double dx = (x - nx / 2.0) / (nx * 0.42), dy = (y - ny / 2.0) / (ny * 0.35);
                    boolean body = dx * dx + dy * dy < 1;
                    double value = ct ? (body ? -80 : -1000) : pet ? (body ? 0.8 : 0) : (body ? 150 : 0);
                    for (int s = 0; s < labels; s++) {
                        double[] g = STRUCTURES[s];
                        double ex = (x / (double) nx - g[0]) / g[3], ey = (y / (double) ny - g[1]) / g[4], ez = (z / (double) nz - g[2]) / g[5];
                        if (ex * ex + ey * ey + ez * ez < 1) {
                            value = ct ? 30 + 10 * s : pet ? 6 + 3 * s : 300 + 120 * s;
                            seg[i] = s + 1;
                        }
                    }
                    double noise = body ? random.nextGaussian() * (ct ? 15 : pet ? 0.1 : 20) : 0;
                    img[i] = pet ? (float) Math.max(0, value + noise) : Math.round(value + noise);
                }
        double sx = spacing[0], sy = spacing[1], sz = spacing[2];
        Affine lps = Affine.of(new double[][] {{-sx, 0, 0, sx * nx / 2}, {0, -sy, 0, sy * ny / 2}, {0, 0, sz, -sz * nz / 2}, {0, 0, 0, 1}});
        NiftiWriter.write(image, Volume.ofFloats(shape, lps, img), pet ? DataType.FLOAT32 : DataType.INT16);
        NiftiWriter.write(mask, Volume.ofFloats(shape, lps, seg), DataType.UINT8);
        return img.length;
    }
}
