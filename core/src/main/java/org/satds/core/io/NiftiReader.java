package org.satds.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/**
 * Reads NIfTI-1 and NIfTI-2 (.nii, .nii.gz), both byte orders. Written by hand: no maintained Java NIfTI library
 * on Maven Central reads NIfTI-2 and picks the affine as nibabel does, which parity with MONAI needs.
 */
public final class NiftiReader {
    private NiftiReader() {}

    public static NiftiHeader readHeader(Path file) throws IOException {
        try (InputStream in = Inputs.open(file)) {
            return readHeader(in, file);
        } catch (ZipException | EOFException e) {
            throw new VolumeFormatException(file, "corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static NiftiHeader readHeader(InputStream in, Path file) throws IOException {
        byte[] first = Inputs.readExactly(in, 4, file, "header");
        int size = NiftiHeader.headerSize(first);
        if (size < 0) throw new VolumeFormatException(file, "not a NIfTI file (bad header size field)");
        byte[] rest = Inputs.readExactly(in, size - 4, file, "header");
        byte[] all = new byte[size];
        System.arraycopy(first, 0, all, 0, 4);
        System.arraycopy(rest, 0, all, 4, size - 4);
        return NiftiHeader.parse(all, file);
    }

    public static Volume read(Path file, ReadOptions options) throws IOException {
        return withVoxels(file, (in, h) -> decode(in, h, options, file));
    }

    /**
     * A binary mask's runs of ones, x fastest (a prediction as SAT writes it): an unscaled float32 volume is read
     * without a float copy; any other type or scaling through its values as floats. A value other than 0 and 1 (-0
     * counts as 0), NaN included, is refused naming the file. The shape is the volume's, with its channels fourth
     * when there are several (the runs then cover them all, one after the other).
     */
    public static MaskRuns readBinary(Path file) throws IOException {
        MaskRuns runs = withVoxels(file, (in, h) -> {
            for (int i = 4; i <= h.rank(); i++) if (h.dim[i] != 1) return null;
            if (h.scaled() || h.datatype != DataType.FLOAT32) return null;
            int[] shape = {(int) h.size(1), (int) h.size(2), (int) h.size(3)};
            long elements = (long) shape[0] * shape[1] * shape[2];
            if (elements > Integer.MAX_VALUE - 8) return null; // refused as read refuses it
            return VoxelDecoder.binaryFloat32(in, h.order, (int) elements, shape, file);
        });
        if (runs != null) return runs;
        Volume v = read(file, ReadOptions.IMAGE);
        int[] shape = v.channels() == 1 ? v.shape() : new int[] {v.nx(), v.ny(), v.nz(), v.channels()};
        float[] values = v.floats(0);
        if (v.channels() > 1) {
            values = new float[v.voxels() * v.channels()];
            for (int c = 0; c < v.channels(); c++) System.arraycopy(v.floats(c), 0, values, c * v.voxels(), v.voxels());
        }
        return MaskRuns.ofFloats(shape, values, file);
    }

    /** What a reader makes of a file's voxel stream, given its header; null when it read nothing. */
    private interface VoxelsReader<T> {
        T read(InputStream in, NiftiHeader h) throws IOException;
    }

    /**
     * Opens the file, checks that it can hold the voxels its header declares, and gives the reader the stream at the
     * voxels; what the reader did not read is then inflated and verified.
     */
    private static <T> T withVoxels(Path file, VoxelsReader<T> reader) throws IOException {
        try (InputStream in = Inputs.open(file)) {
            NiftiHeader h = readHeader(in, file);
            int headerBytes = h.version == 1 ? 348 : 540;
            long offset = h.voxOffset;
            long dataBytes = h.dataBytes(), available = Inputs.maxContent(file);
            if (offset + dataBytes > available)
                throw new VolumeFormatException(file, "file is truncated: the header declares " + dataBytes + " bytes of voxel data at offset "
                        + offset + ", the file can hold at most " + available);
            Inputs.skipExactly(in, offset - headerBytes, file);
            T v = reader.read(in, h);
            if (v != null) Inputs.verifyRest(in);
            return v;
        } catch (ZipException | EOFException e) {
            throw new VolumeFormatException(file, "corrupt or truncated data (" + e.getMessage() + ")", e);
        }
    }

    private static Volume decode(InputStream in, NiftiHeader h, ReadOptions options, Path file) throws IOException {
        for (int i = 5; i <= h.rank(); i++)
            if (h.dim[i] != 1) throw new VolumeFormatException(file, "arrays of more than 4 dimensions are not supported");
        long d1 = h.size(1), d2 = h.size(2), d3 = h.size(3), d4 = h.size(4);
        boolean fourD = h.rank() >= 4 && d4 > 1;
        boolean channelsFirst = fourD && options.channelsFirst();
        int[] shape = channelsFirst ? new int[] {(int) d2, (int) d3, (int) d4} : new int[] {(int) d1, (int) d2, (int) d3};
        long voxels = (long) shape[0] * shape[1] * shape[2];
        int channels = (int) (channelsFirst ? d1 : d4);
        if (voxels > Integer.MAX_VALUE - 8) throw new VolumeFormatException(file, "volume has more than 2^31 voxels per channel");
        VoxelDecoder.Interleave il = channelsFirst ? VoxelDecoder.Interleave.CHANNEL_FASTEST : VoxelDecoder.Interleave.PLANAR;
        DataType type = h.datatype;
        if (type == DataType.RGB24) {
            if (fourD) throw new VolumeFormatException(file, "4D RGB volumes are not supported");
            channels = 3;
            il = VoxelDecoder.Interleave.CHANNEL_FASTEST;
        }
        boolean scaled = h.scaled();
        if (!h.validScaling()) throw new VolumeFormatException(file, "scl_slope " + h.sclSlope + " comes with a non-finite scl_inter " + h.sclInter);
        Affine affine = h.affine();
        if (options.shorts() && !scaled && type == DataType.INT16)
            return Volume.ofShorts(shape, affine, VoxelDecoder.decodeShorts(in, h.order, channels, (int) voxels, il));
        boolean asBytes = options.compact() && !scaled && (type == DataType.UINT8 || type == DataType.RGB24);
        Object data = VoxelDecoder.decode(in, type == DataType.RGB24 ? DataType.UINT8 : type, h.order, channels,
                (int) voxels, il, scaled, h.sclSlope, h.interceptOrZero(), asBytes);
        return asBytes ? Volume.ofBytes(shape, affine, (byte[][]) data) : Volume.ofFloats(shape, affine, (float[][]) data);
    }
}
