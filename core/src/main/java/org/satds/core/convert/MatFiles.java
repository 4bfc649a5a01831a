package org.satds.core.convert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.satds.core.geom.Affine;
import org.satds.core.io.Inputs;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Matrix;

/**
 * MATLAB .mat (v5, compressed or not) numeric arrays as volumes, read with MFL (us.hebi.matlab.mat:mfl-core).
 * v7.3 files are HDF5 and are refused by MFL's reader with an error naming the file.
 */
public final class MatFiles {
    private static final int MI_COMPRESSED = 15;

    private MatFiles() {}

    /** A 3-D numeric or logical variable as a volume: voxel (x, y, z) is MATLAB's element (x+1, y+1, z+1). */
    public static Volume read(Path mat, String variable, Affine affine) throws IOException {
        if (!Files.isRegularFile(mat)) throw new VolumeFormatException(mat, "file not found");
        verifyCompressedElements(mat);
        Mat5File file;
        try {
            file = Mat5.readFromFile(mat.toFile());
        } catch (IOException | RuntimeException e) {
            throw new VolumeFormatException(mat, "not a readable MATLAB v5 file (" + e.getMessage() + ")", e);
        }
        try (file) {
            Array a = null;
            for (var e : file.getEntries()) if (e.getName().equals(variable)) a = e.getValue();
            if (a == null) throw new VolumeFormatException(mat, "has no variable '" + variable + "'");
            if (!(a instanceof Matrix m) || m.isComplex())
                throw new VolumeFormatException(mat, "variable '" + variable + "' is not a real numeric array");
            int[] d = m.getDimensions();
            if (d.length != 3) throw new VolumeFormatException(mat, "variable '" + variable + "' has " + d.length + " dimensions, not 3");
            // MATLAB stores column-major (first index fastest), the same order as a volume's x-fastest layout
            float[] v = new float[m.getNumElements()];
            for (int i = 0; i < v.length; i++) v[i] = (float) m.getDouble(i);
            return Volume.ofFloats(d, affine, v);
        }
    }

    /**
     * Inflates every compressed variable to its end, so that its Adler-32 and length are checked: MFL stops once it
     * has a variable's bytes, and a damaged stream would otherwise give different voxels without an error.
     */
    private static void verifyCompressedElements(Path mat) throws IOException {
        byte[] b = Files.readAllBytes(mat);
        if (b.length < 128) throw new VolumeFormatException(mat, "not a MATLAB v5 file (shorter than its 128-byte header)");
        ByteOrder order = b[126] == 'M' && b[127] == 'I' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        for (long pos = 128; pos + 8 <= b.length; ) {
            int type = buf.getInt((int) pos);
            long size = buf.getInt((int) pos + 4) & 0xffffffffL;
            if ((type >>> 16) != 0) { // a small element: type and size in the first four bytes
                pos += 8;
                continue;
            }
            if (pos + 8 + size > b.length)
                throw new VolumeFormatException(mat, "file is truncated in a variable (" + size + " bytes declared at byte " + pos + ")");
            if (type == MI_COMPRESSED) {
                try (InputStream in = Inputs.inflate(new ByteArrayInputStream(b, (int) pos + 8, (int) size), mat)) {
                    Inputs.verifyRest(in);
                }
            }
            pos += 8 + size + (type == MI_COMPRESSED ? 0 : (8 - size % 8) % 8);
        }
    }

    /**
     * FUMPE: the mask variable rotated as processor.py does (np.rot90(M, k=-1, axes=(0, 1)), giving
     * voxel (x, y, z) = M[R-1-y, x, z] for R rows) and written on the DICOM-derived image's grid as uint8 (or the
     * narrowest exact type if the values are not bytes).
     */
    public static void maskToNifti(Path mat, String variable, Path image, Path nifti) throws IOException {
        ImageGeometry g = ImageGeometry.of(image);
        Volume m = read(mat, variable, g.affine());
        int rows = m.nx(), cols = m.ny(), slices = m.nz();
        float[] src = m.floats(0), out = new float[src.length];
        for (int z = 0; z < slices; z++)
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < cols; x++) out[x + cols * (y + rows * z)] = src[(rows - 1 - y) + rows * (x + cols * z)];
        Volume rotated = Volume.ofFloats(new int[] {cols, rows, slices}, g.affine(), out);
        g.requireShape(mat, rotated.shape());
        NiftiWriter.write(nifti, rotated, Conversions.exactType(rotated));
    }
}
