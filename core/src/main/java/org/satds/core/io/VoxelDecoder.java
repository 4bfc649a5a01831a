package org.satds.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Streams raw voxels of any {@link DataType} from an input into per-channel float or byte arrays, applying a
 * scale slope and intercept. Reads in large blocks and converts with tight loops over primitive arrays, so that
 * no intermediate copy of the whole raw data is held. Shared by the NIfTI, NPY, NRRD and MetaImage readers.
 */
public final class VoxelDecoder {
    private static final int BLOCK = 1 << 20;

    /** Where file element i goes: channel and voxel index within the channel. */
    public enum Interleave {
        /** channel blocks one after the other (x fastest within a channel): NIfTI (x,y,z,c). */
        PLANAR,
        /** channel fastest: a NIfTI file holding a (c,x,y,z) array, as the original processors wrote. */
        CHANNEL_FASTEST
    }

    private VoxelDecoder() {}

    /**
     * Decodes {@code channels * voxels} elements. When {@code asBytes} the target is byte[][] (values must be
     * unsigned bytes, no scaling); otherwise float[][] with value = raw * slope + inter (when scaled).
     */
    public static Object decode(InputStream in, DataType type, ByteOrder order, int channels, int voxels,
                                Interleave interleave, boolean scaled, double slope, double inter, boolean asBytes)
            throws IOException {
        float[][] f = asBytes ? null : new float[channels][voxels];
        byte[][] b = asBytes ? new byte[channels][voxels] : null;
        long total = (long) channels * voxels;
        int elemBytes = type.bytes;
        int perBlock = Math.max(1, BLOCK / elemBytes);
        byte[] buf = new byte[perBlock * elemBytes];
        ByteBuffer raw = ByteBuffer.wrap(buf).order(order);
        Object scratch = scratch(type, perBlock);
        float[] tmp = asBytes ? null : new float[perBlock];
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(perBlock, total - done);
            readFully(in, buf, n * elemBytes, done * elemBytes, total * elemBytes);
            if (asBytes) {
                scatter(buf, n, done, b, voxels, channels, interleave);
            } else {
                if (scaled && wide(type)) scaleWide(raw, n, type, scratch, slope, inter, tmp);
                else convert(raw, n, type, scratch, tmp);
                if (scaled && !wide(type)) {
                    // values of up to 16 bits and float32 are exact as floats, so this is nibabel's float64 arithmetic
                    for (int i = 0; i < n; i++) tmp[i] = scale(tmp[i], slope, inter);
                }
                scatter(tmp, n, done, f, voxels, channels, interleave);
            }
            done += n;
        }
        return asBytes ? b : f;
    }

    /**
     * Decodes {@code channels * voxels} unscaled int16 elements into short[][], by bulk gets of a typed view that
     * swap the byte order as they copy.
     */
    public static short[][] decodeShorts(InputStream in, ByteOrder order, int channels, int voxels, Interleave interleave)
            throws IOException {
        short[][] out = new short[channels][voxels];
        long total = (long) channels * voxels;
        int perBlock = BLOCK / 2;
        byte[] buf = new byte[BLOCK];
        ByteBuffer raw = ByteBuffer.wrap(buf).order(order);
        short[] scratch = channels == 1 || interleave == Interleave.PLANAR ? null : new short[perBlock];
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(perBlock, total - done);
            readFully(in, buf, n * 2, done * 2, total * 2);
            if (scratch == null) {
                int c = (int) (done / voxels), v = (int) (done % voxels), i = 0;
                while (i < n) {
                    int len = Math.min(n - i, voxels - v);
                    raw.position(2 * i);
                    raw.asShortBuffer().get(out[c], v, len);
                    i += len;
                    v += len;
                    if (v == voxels) { v = 0; c++; }
                }
            } else {
                raw.position(0);
                raw.asShortBuffer().get(scratch, 0, n);
                int c = (int) (done % channels), v = (int) (done / channels);
                for (int i = 0; i < n; i++) {
                    out[c][v] = scratch[i];
                    if (++c == channels) { c = 0; v++; }
                }
            }
            done += n;
        }
        return out;
    }

    /**
     * The runs of ones of {@code elements} unscaled float32 values, each 0 or 1 (-0 counts as 0), without a float or
     * byte copy of the volume: runs of zero bytes, most of a mask, are skipped eight at a time. Any other value, NaN
     * included, is refused naming {@code file}.
     */
    static MaskRuns binaryFloat32(InputStream in, ByteOrder order, int elements, int[] shape, Path file) throws IOException {
        MaskRuns runs = new MaskRuns(shape);
        byte[] buf = new byte[BLOCK]; // a whole number of elements
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        long total = 4L * elements;
        for (long done = 0; done < total; done += BLOCK) {
            int len = (int) Math.min(BLOCK, total - done), first = (int) (done / 4);
            readFully(in, buf, len, done, total);
            for (int p = MaskRuns.nextNonZero(buf, 0, len) & ~3; p < len; p = MaskRuns.nextNonZero(buf, p, len) & ~3)
                for (; p < len; p += 4) { // the elements up to the next zero one
                    int raw = (buf[p] & 0xff) << 24 | (buf[p + 1] & 0xff) << 16 | (buf[p + 2] & 0xff) << 8 | buf[p + 3] & 0xff;
                    if (raw == 0) break;
                    float v = Float.intBitsToFloat(little ? Integer.reverseBytes(raw) : raw);
                    if (v == 1) runs.add(first + p / 4, first + p / 4 + 1);
                    else if (v != 0) throw MaskRuns.notBinary(file, v);
                }
        }
        return runs;
    }

    /** Types whose values floats do not all hold exactly: scaled from their exact values, as nibabel does. */
    private static boolean wide(DataType type) {
        return type.bytes >= 4 && type != DataType.FLOAT32;
    }

    /**
     * nibabel's read scaling: in float64 (its slope is a Python float), multiplying only when the slope is not 1
     * and adding only when the intercept is not 0 (so -0.0 stays -0.0), then cast to float32 as MONAI does.
     */
    private static float scale(double raw, double slope, double inter) {
        double v = slope != 1 ? raw * slope : raw;
        return (float) (inter != 0 ? v + inter : v);
    }

    private static void scaleWide(ByteBuffer raw, int n, DataType type, Object scratch, double slope, double inter, float[] out) {
        read(raw, n, type, scratch);
        switch (type) {
            case INT32 -> { int[] v = (int[]) scratch; for (int i = 0; i < n; i++) out[i] = scale(v[i], slope, inter); }
            case UINT32 -> { int[] v = (int[]) scratch; for (int i = 0; i < n; i++) out[i] = scale(v[i] & 0xffffffffL, slope, inter); }
            case INT64 -> { long[] v = (long[]) scratch; for (int i = 0; i < n; i++) out[i] = scale(v[i], slope, inter); }
            case UINT64 -> { long[] v = (long[]) scratch; for (int i = 0; i < n; i++) out[i] = scale(unsigned(v[i]), slope, inter); }
            case FLOAT64 -> { double[] v = (double[]) scratch; for (int i = 0; i < n; i++) out[i] = scale(v[i], slope, inter); }
            default -> throw new IllegalArgumentException(type + " is not wide");
        }
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    private static void readFully(InputStream in, byte[] buf, int len, long offset, long expected) throws IOException {
        int off = 0;
        while (off < len) {
            int r = in.read(buf, off, len - off);
            if (r < 0)
                throw new EOFException("file is truncated: " + (offset + off) + " of " + expected + " data bytes present");
            off += r;
        }
    }

    /** Puts n decoded elements (a float[] or byte[]) that start at file element {@code start} into their channels. */
    private static void scatter(Object src, int n, long start, Object[] dst, int voxels, int channels, Interleave il) {
        if (channels == 1 || il == Interleave.PLANAR) {
            int c = (int) (start / voxels), v = (int) (start % voxels), i = 0;
            while (i < n) {
                int len = Math.min(n - i, voxels - v);
                System.arraycopy(src, i, dst[c], v, len);
                i += len;
                v += len;
                if (v == voxels) { v = 0; c++; }
            }
            return;
        }
        int c = (int) (start % channels), v = (int) (start / channels);
        for (int i = 0; i < n; i++) {
            if (src instanceof float[] f) ((float[]) dst[c])[v] = f[i];
            else ((byte[]) dst[c])[v] = ((byte[]) src)[i];
            if (++c == channels) { c = 0; v++; }
        }
    }

    /** An array for one block's elements of a type wider than a byte, or null. */
    private static Object scratch(DataType type, int n) {
        return switch (type.bytes) {
            case 2 -> new short[n];
            case 4 -> type == DataType.FLOAT32 ? null : new int[n];
            case 8 -> type == DataType.FLOAT64 ? new double[n] : new long[n];
            default -> null;
        };
    }

    /**
     * Reads n elements of the block into the scratch array by a bulk get of a typed view, which swaps the byte
     * order as it copies: fast from the first block, where a loop of single reads would run interpreted until
     * it is compiled.
     */
    private static void read(ByteBuffer raw, int n, DataType type, Object scratch) {
        switch (type.bytes) {
            case 2 -> raw.asShortBuffer().get((short[]) scratch, 0, n);
            case 4 -> raw.asIntBuffer().get((int[]) scratch, 0, n);
            case 8 -> {
                if (type == DataType.FLOAT64) raw.asDoubleBuffer().get((double[]) scratch, 0, n);
                else raw.asLongBuffer().get((long[]) scratch, 0, n);
            }
            default -> throw new IllegalArgumentException(type + " has no wide elements");
        }
    }

    /** Converts n raw elements to floats. RGB24 is read as its luminance-free first byte stream (R,G,B interleaved). */
    static void convert(ByteBuffer raw, int n, DataType type, Object scratch, float[] out) {
        byte[] buf = raw.array();
        switch (type) {
            case UINT8, RGB24 -> { for (int i = 0; i < n; i++) out[i] = buf[i] & 0xff; }
            case INT8 -> { for (int i = 0; i < n; i++) out[i] = buf[i]; }
            case FLOAT32 -> raw.asFloatBuffer().get(out, 0, n);
            default -> {
                read(raw, n, type, scratch);
                switch (type) {
                    case INT16 -> { short[] v = (short[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i]; }
                    case UINT16 -> { short[] v = (short[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i] & 0xffff; }
                    case INT32 -> { int[] v = (int[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i]; }
                    case UINT32 -> { int[] v = (int[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i] & 0xffffffffL; }
                    case INT64 -> { long[] v = (long[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i]; }
                    case UINT64 -> { long[] v = (long[]) scratch; for (int i = 0; i < n; i++) out[i] = v[i] >= 0 ? v[i] : (float) unsigned(v[i]); }
                    case FLOAT64 -> { double[] v = (double[]) scratch; for (int i = 0; i < n; i++) out[i] = (float) v[i]; }
                    default -> throw new IllegalArgumentException("cannot decode " + type);
                }
            }
        }
    }
}
