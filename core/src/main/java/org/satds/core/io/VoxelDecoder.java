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
                convert(buf, n, type, order, tmp);
                if (scaled) {
                    if (type.bytes <= 2 || type == DataType.FLOAT32) {
                        // nibabel scales <=16-bit and float32 data in float32 arithmetic
                        float s = (float) slope, c = (float) inter;
                        for (int i = 0; i < n; i++) tmp[i] = tmp[i] * s + c;
                    } else {
                        for (int i = 0; i < n; i++) tmp[i] = (float) (tmp[i] * slope + inter);
                    }
                }
                scatter(tmp, n, done, f, voxels, channels, interleave);
            }
            done += n;
        }
        return asBytes ? b : f;
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

    /** Converts n raw elements to floats. RGB24 is read as its luminance-free first byte stream (R,G,B interleaved). */
    static void convert(byte[] buf, int n, DataType type, ByteOrder order, float[] out) {
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        switch (type) {
            case UINT8, RGB24 -> { for (int i = 0; i < n; i++) out[i] = buf[i] & 0xff; }
            case INT8 -> { for (int i = 0; i < n; i++) out[i] = buf[i]; }
            case INT16 -> {
                VarHandle h = le ? SHORT_LE : SHORT_BE;
                for (int i = 0; i < n; i++) out[i] = (short) h.get(buf, i << 1);
            }
            case UINT16 -> {
                VarHandle h = le ? SHORT_LE : SHORT_BE;
                for (int i = 0; i < n; i++) out[i] = ((short) h.get(buf, i << 1)) & 0xffff;
            }
            case INT32 -> {
                VarHandle h = le ? INT_LE : INT_BE;
                for (int i = 0; i < n; i++) out[i] = (int) h.get(buf, i << 2);
            }
            case UINT32 -> {
                VarHandle h = le ? INT_LE : INT_BE;
                for (int i = 0; i < n; i++) out[i] = ((int) h.get(buf, i << 2)) & 0xffffffffL;
            }
            case INT64 -> {
                VarHandle h = le ? LONG_LE : LONG_BE;
                for (int i = 0; i < n; i++) out[i] = (long) h.get(buf, i << 3);
            }
            case UINT64 -> {
                VarHandle h = le ? LONG_LE : LONG_BE;
                for (int i = 0; i < n; i++) {
                    long v = (long) h.get(buf, i << 3);
                    out[i] = v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
                }
            }
            case FLOAT32 -> {
                VarHandle h = le ? FLOAT_LE : FLOAT_BE;
                for (int i = 0; i < n; i++) out[i] = (float) h.get(buf, i << 2);
            }
            case FLOAT64 -> {
                VarHandle h = le ? DOUBLE_LE : DOUBLE_BE;
                for (int i = 0; i < n; i++) out[i] = (float) (double) h.get(buf, i << 3);
            }
        }
    }
}
