package org.satds.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
        float[] tmp = asBytes ? null : new float[perBlock];
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(perBlock, total - done);
            readFully(in, buf, n * elemBytes, done * elemBytes, total * elemBytes);
            if (asBytes) {
                scatter(buf, n, done, b, voxels, channels, interleave);
            } else {
                if (scaled && wide(type)) scaleWide(buf, n, type, order, slope, inter, tmp);
                else convert(buf, n, type, order, tmp);
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

    private static void scaleWide(byte[] buf, int n, DataType type, ByteOrder order, double slope, double inter, float[] out) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        for (int i = 0; i < n; i++) {
            double raw = switch (type) {
                case INT32 -> le ? (int) INT_LE.get(buf, i << 2) : (int) INT_BE.get(buf, i << 2);
                case UINT32 -> (le ? (int) INT_LE.get(buf, i << 2) : (int) INT_BE.get(buf, i << 2)) & 0xffffffffL;
                case INT64 -> le ? (long) LONG_LE.get(buf, i << 3) : (long) LONG_BE.get(buf, i << 3);
                case UINT64 -> {
                    long v = le ? (long) LONG_LE.get(buf, i << 3) : (long) LONG_BE.get(buf, i << 3);
                    yield v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
                }
                case FLOAT64 -> le ? (double) DOUBLE_LE.get(buf, i << 3) : (double) DOUBLE_BE.get(buf, i << 3);
                default -> throw new IllegalArgumentException(type + " is not wide");
            };
            out[i] = scale(raw, slope, inter);
        }
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

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Converts n raw elements to floats. RGB24 is read as its luminance-free first byte stream (R,G,B interleaved).
     * Each byte order has its own loop over a constant VarHandle: a handle chosen at run time is not inlined, and
     * then every element costs a call.
     */
    static void convert(byte[] buf, int n, DataType type, ByteOrder order, float[] out) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        switch (type) {
            case UINT8, RGB24 -> { for (int i = 0; i < n; i++) out[i] = buf[i] & 0xff; }
            case INT8 -> { for (int i = 0; i < n; i++) out[i] = buf[i]; }
            case INT16 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = (short) SHORT_LE.get(buf, i << 1);
                else for (int i = 0; i < n; i++) out[i] = (short) SHORT_BE.get(buf, i << 1);
            }
            case UINT16 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = ((short) SHORT_LE.get(buf, i << 1)) & 0xffff;
                else for (int i = 0; i < n; i++) out[i] = ((short) SHORT_BE.get(buf, i << 1)) & 0xffff;
            }
            case INT32 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = (int) INT_LE.get(buf, i << 2);
                else for (int i = 0; i < n; i++) out[i] = (int) INT_BE.get(buf, i << 2);
            }
            case UINT32 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = ((int) INT_LE.get(buf, i << 2)) & 0xffffffffL;
                else for (int i = 0; i < n; i++) out[i] = ((int) INT_BE.get(buf, i << 2)) & 0xffffffffL;
            }
            case INT64 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = (long) LONG_LE.get(buf, i << 3);
                else for (int i = 0; i < n; i++) out[i] = (long) LONG_BE.get(buf, i << 3);
            }
            case UINT64 -> {
                for (int i = 0; i < n; i++) {
                    long v = le ? (long) LONG_LE.get(buf, i << 3) : (long) LONG_BE.get(buf, i << 3);
                    out[i] = v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
                }
            }
            case FLOAT32 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = (float) FLOAT_LE.get(buf, i << 2);
                else for (int i = 0; i < n; i++) out[i] = (float) FLOAT_BE.get(buf, i << 2);
            }
            case FLOAT64 -> {
                if (le) for (int i = 0; i < n; i++) out[i] = (float) (double) DOUBLE_LE.get(buf, i << 3);
                else for (int i = 0; i < n; i++) out[i] = (float) (double) DOUBLE_BE.get(buf, i << 3);
            }
        }
    }
}
