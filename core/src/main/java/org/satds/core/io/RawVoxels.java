package org.satds.core.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/** The voxel block shared by the MetaImage and NRRD readers: one channel, x fastest, raw or deflated. */
final class RawVoxels {
    private static final int BUFFER = 1 << 20;

    private RawVoxels() {}

    /** Opens a data file, naming the header that refers to it when it is missing. */
    static InputStream open(Path data, Path header) throws IOException {
        if (!Files.isRegularFile(data))
            throw new VolumeFormatException(header, "data file " + data.getFileName() + " not found (" + data + ")");
        return new BufferedInputStream(Files.newInputStream(data), BUFFER);
    }

    /**
     * Decodes shape[0]*shape[1]*shape[2] elements from a stream that can yield at most {@code available} bytes
     * (checked first, so a damaged header cannot claim the memory); a short or corrupt block is reported against
     * {@code data}, and a compressed one is verified to its end.
     */
    static Volume decode(InputStream in, Path data, int[] shape, DataType type, ByteOrder order, Affine affine,
                         ReadOptions options, long available) throws IOException {
        long voxels = (long) shape[0] * shape[1] * shape[2];
        if (voxels > Integer.MAX_VALUE - 8) throw new VolumeFormatException(data, "volume has more than 2^31 voxels");
        if (voxels * type.bytes > available)
            throw new VolumeFormatException(data, "file is truncated: the header declares " + voxels * type.bytes
                    + " bytes of voxel data, the file can hold at most " + Math.max(0, available));
        boolean asBytes = options.compact() && type == DataType.UINT8;
        try {
            Object v = VoxelDecoder.decode(in, type, order, 1, (int) voxels, VoxelDecoder.Interleave.PLANAR, false, 1, 0, asBytes);
            Inputs.verifyRest(in);
            return asBytes ? Volume.ofBytes(shape, affine, (byte[][]) v) : Volume.ofFloats(shape, affine, (float[][]) v);
        } catch (EOFException | ZipException e) {
            throw new VolumeFormatException(data, "voxel data is truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /** Skips n bytes, failing with the file's name when it ends first. */
    static void skip(InputStream in, long n, Path data) throws IOException {
        try {
            Inputs.skipExactly(in, n, data);
        } catch (EOFException | ZipException e) {
            throw new VolumeFormatException(data, "voxel data is truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /**
     * MONAI ITKReader's affine: columns are the voxel axes' LPS step vectors (direction * spacing), the last column
     * the LPS origin; rows 0 and 1 are then negated to give RAS.
     */
    static Affine itkToRas(double[][] axisSteps, double[] origin) {
        double[][] m = new double[4][4];
        for (int axis = 0; axis < 3; axis++)
            for (int w = 0; w < 3; w++) m[w][axis] = axisSteps[axis][w];
        for (int w = 0; w < 3; w++) m[w][3] = origin[w];
        m[3][3] = 1;
        for (int c = 0; c < 4; c++) {
            m[0][c] = -m[0][c];
            m[1][c] = -m[1][c];
        }
        return Affine.of(m);
    }
}
