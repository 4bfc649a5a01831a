package org.satds.core.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy files (format versions 1-3), written byte for byte as numpy.save writes them. Written by hand:
 * the format is a short text header plus raw data, and no Maven Central library writes numpy's exact layout.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** numpy itself refuses headers above 10000 bytes unless told otherwise */
    private static final int MAX_HEADER = 1 << 16;

    /** A decoded array: shape, element kind, order, and values as floats (or 0/1 bytes for booleans). */
    public record Array(int[] shape, String descr, boolean fortranOrder, float[] floats, byte[] bools) {
        public long size() {
            long n = 1;
            for (int s : shape) n *= s;
            return n;
        }
    }

    private Npy() {}

    public static String header(String descr, int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) s.append(',');
        s.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        return dict + " ".repeat(pad) + "\n";
    }

    /** Writes a C-order float32 array. */
    public static void writeFloat32(Path file, int[] shape, float[] data) throws IOException {
        checkSize(shape, data.length);
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            writeHeader(out, header("<f4", shape));
            ByteBuffer bb = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < data.length; ) {
                bb.clear();
                int n = Math.min(data.length - i, bb.capacity() / 4);
                bb.asFloatBuffer().put(data, i, n);
                out.write(bb.array(), 0, n * 4);
                i += n;
            }
            out.flush();
        });
    }

    /** Writes a C-order boolean array from 0/1 bytes. */
    public static void writeBool(Path file, int[] shape, byte[] data) throws IOException {
        checkSize(shape, data.length);
        AtomicFiles.write(file, out -> {
            writeHeader(out, header("|b1", shape));
            out.write(data);
        });
    }

    private static void checkSize(int[] shape, int length) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n != length) throw new IllegalArgumentException("shape does not match data length " + length);
    }

    private static void writeHeader(OutputStream out, String header) throws IOException {
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >>> 8);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What an npy header declares: shape, dtype (type null for bool) and order. */
    public record Header(int[] shape, String descr, boolean fortranOrder, DataType type, ByteOrder order) {
        long elements() {
            long n = 1;
            for (int s : shape) n *= s;
            return n;
        }
    }

    /** The header alone, checked as {@link #read} checks it (the data's length against the file's size included). */
    public static Header readHeader(Path file) throws IOException {
        try (InputStream in = Inputs.open(file)) {
            return header(in, file);
        }
    }

    public static Array read(Path file) throws IOException {
        try (InputStream in = Inputs.open(file)) {
            Header h = header(in, file);
            int n = (int) h.elements();
            Array a;
            try {
                if (h.type() == null) {
                    byte[] raw = Inputs.readExactly(in, n, file, "npy data");
                    for (int i = 0; i < raw.length; i++) raw[i] = (byte) (raw[i] != 0 ? 1 : 0); // numpy reads any non-zero byte as True
                    a = new Array(h.shape(), h.descr(), h.fortranOrder(), null, raw);
                } else {
                    float[][] data = (float[][]) VoxelDecoder.decode(in, h.type(), h.order(), 1, n, VoxelDecoder.Interleave.PLANAR,
                            false, 1, 0, false);
                    a = new Array(h.shape(), h.descr(), h.fortranOrder(), data[0], null);
                }
            } catch (EOFException e) {
                throw new VolumeFormatException(file, e.getMessage(), e);
            }
            Inputs.verifyRest(in);
            return a;
        }
    }

    private static Header header(InputStream in, Path file) throws IOException {
        byte[] magic = Inputs.readExactly(in, 8, file, "npy header");
        for (int i = 0; i < MAGIC.length; i++)
            if (magic[i] != MAGIC[i]) throw new VolumeFormatException(file, "not a .npy file (bad magic)");
        int major = magic[6];
        if (major < 1 || major > 3 || magic[7] != 0)
            throw new VolumeFormatException(file, "unknown npy format version " + major + "." + magic[7]);
        int lenBytes = major == 1 ? 2 : 4;
        byte[] lb = Inputs.readExactly(in, lenBytes, file, "npy header");
        long len = 0;
        for (int i = lenBytes - 1; i >= 0; i--) len = (len << 8) | (lb[i] & 0xff);
        if (len > MAX_HEADER) throw new VolumeFormatException(file, "npy header length " + len + " is implausible (damaged file?)");
        String h = new String(Inputs.readExactly(in, (int) len, file, "npy header"),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(h), f = FORTRAN.matcher(h), s = SHAPE.matcher(h);
        if (!d.find() || !f.find() || !s.find()) throw new VolumeFormatException(file, "unreadable npy header: " + shorten(h.trim()));
        int[] shape = shape(file, s.group(1));
        long n = 1;
        for (int k : shape) n = k == 0 || n <= Integer.MAX_VALUE / k ? n * k : Long.MAX_VALUE;
        if (n > Integer.MAX_VALUE - 8) throw new VolumeFormatException(file, "npy array too large");
        String kind = d.group(2), size = d.group(3);
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String descr = d.group(1) + kind + size;
        boolean fortran = f.group(1).equals("True");
        DataType t = kind.equals("b") ? null : DataType.ofNumpy(kind + size);
        if (t == null && !descr.endsWith("b1")) throw new VolumeFormatException(file, "unsupported npy dtype " + descr);
        long dataBytes = n * (t == null ? 1 : t.bytes), available = Inputs.maxContent(file) - 6 - 2 - lenBytes - len;
        if (dataBytes > available)
            throw new VolumeFormatException(file, "file is truncated: the header declares " + dataBytes
                    + " bytes of data, the file can hold at most " + Math.max(0, available));
        return new Header(shape, descr, fortran, t, order);
    }

    private static int[] shape(Path file, String dims) throws VolumeFormatException {
        String[] parts = dims.trim().isEmpty() ? new String[0] : dims.trim().split("\\s*,\\s*");
        int[] shape = new int[parts.length];
        int k = 0;
        for (String p : parts) {
            if (p.isEmpty()) continue;
            try {
                shape[k] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new VolumeFormatException(file, "bad npy shape (" + shorten(dims) + ")");
            }
            if (shape[k++] < 0) throw new VolumeFormatException(file, "negative dimension in npy shape");
        }
        return java.util.Arrays.copyOf(shape, k);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
