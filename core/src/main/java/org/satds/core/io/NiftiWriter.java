package org.satds.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/**
 * Writes NIfTI-1 single files (.nii, or .nii.gz by name), little endian, atomically. Both sform (exact affine) and
 * qform (its closest rigid part) are set, so tools that prefer either agree.
 */
public final class NiftiWriter {
    private static final int HEADER = 348;
    private static final int VOX_OFFSET = 352;

    private NiftiWriter() {}

    /** Writes the volume with channels stored as a 4th dimension (x, y, z, c). */
    public static void write(Path file, Volume v, DataType type) throws IOException {
        write(file, v, type, false);
    }

    /**
     * @param channelsFirst store a multi-channel volume as a (c, x, y, z) array, the layout the original
     *                      processors wrote multi-channel masks in
     */
    public static void write(Path file, Volume v, DataType type, boolean channelsFirst) throws IOException {
        if (type.numpy == null) throw new IllegalArgumentException("cannot write " + type);
        write(file, header(v, type, channelsFirst), v, type, channelsFirst);
    }

    private static void write(Path file, byte[] header, Volume v, DataType type, boolean channelsFirst) throws IOException {
        boolean gz = file.getFileName().toString().endsWith(".gz");
        if (gz && maskBytes(v, type) && RunLengthGzip.suits(v.bytes(0))) {
            AtomicFiles.write(file, raw -> RunLengthGzip.write(raw, header, v.bytes(0)));
            return;
        }
        AtomicFiles.write(file, raw -> write(raw, header, v, type, channelsFirst, gz));
    }

    /**
     * Writes a single-file NIfTI-1 to a stream as it is encoded, gzip-compressed (at the fastest level) or not, as a
     * server sends it; leaves the stream open.
     */
    public static void write(OutputStream raw, Volume v, DataType type, boolean gzip) throws IOException {
        if (type.numpy == null) throw new IllegalArgumentException("cannot write " + type);
        write(raw, header(v, type, false), v, type, false, gzip);
    }

    /** The bytes of the uncompressed single-file NIfTI-1 that {@link #write(OutputStream, Volume, DataType, boolean)} writes. */
    public static long size(Volume v, DataType type) {
        return VOX_OFFSET + (long) v.voxels() * v.channels() * type.bytes;
    }

    private static void write(OutputStream raw, byte[] header, Volume v, DataType type, boolean channelsFirst, boolean gz)
            throws IOException {
        OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) {{ def.setLevel(Deflater.BEST_SPEED); }}
                : new BufferedOutputStream(raw, 1 << 16);
        out.write(header);
        writeData(out, v, type, channelsFirst);
        out.flush();
        if (out instanceof GZIPOutputStream g) g.finish();
    }

    /**
     * Writes a single-channel volume on a scan's voxel grid with the scan's own geometry fields (voxel sizes, qfac,
     * qform and sform with their codes), as nibabel does when it saves data with the scan's header: every reader
     * then picks the scan's affine, whichever form it prefers. A NIfTI-2 scan's double-precision fields are
     * stored as NIfTI-1 floats.
     */
    public static void writeWithGeometryOf(Path file, Volume v, DataType type, NiftiHeader scan) throws IOException {
        byte[] h = header(v, type, false);
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) b.putFloat(76 + 4 * i, (float) scan.pixdim[i]);
        b.putShort(252, (short) scan.qformCode);
        b.putShort(254, (short) scan.sformCode);
        for (int i = 0; i < 6; i++) b.putFloat(256 + 4 * i, (float) scan.quatern[i]);
        for (int r = 0; r < 3; r++) for (int col = 0; col < 4; col++) b.putFloat(280 + 16 * r + 4 * col, (float) scan.srow[r][col]);
        write(file, h, v, type, false);
    }

    static byte[] header(Volume v, DataType type, boolean channelsFirst) {
        ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, HEADER);
        int c = v.channels();
        int[] s = v.shape();
        short[] dim = c == 1 ? new short[] {3, (short) s[0], (short) s[1], (short) s[2], 1, 1, 1, 1}
                : channelsFirst ? new short[] {4, (short) c, (short) s[0], (short) s[1], (short) s[2], 1, 1, 1}
                : new short[] {4, (short) s[0], (short) s[1], (short) s[2], (short) c, 1, 1, 1};
        for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
        b.putShort(70, (short) type.code);
        b.putShort(72, (short) (type.bytes * 8));
        Affine a = v.affine();
        double[] sp = a.spacing();
        double[] q = quaternion(a);
        float[] pixdim = {(float) q[3], (float) sp[0], (float) sp[1], (float) sp[2], 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
        b.putFloat(108, VOX_OFFSET);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 2); // xyzt_units: millimetres
        b.putShort(252, (short) 1);
        b.putShort(254, (short) 1);
        b.putFloat(256, (float) q[0]);
        b.putFloat(260, (float) q[1]);
        b.putFloat(264, (float) q[2]);
        for (int i = 0; i < 3; i++) b.putFloat(268 + 4 * i, (float) a.get(i, 3));
        for (int r = 0; r < 3; r++) for (int col = 0; col < 4; col++) b.putFloat(280 + 16 * r + 4 * col, (float) a.get(r, col));
        b.position(344);
        b.put("n+1\0".getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** Quaternion (b, c, d) and qfac of the rotation closest to the affine's normalized columns (NIfTI convention). */
    static double[] quaternion(Affine a) {
        double[] sp = a.spacing();
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = a.get(i, j) / sp[j];
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = det < 0 ? -1 : 1;
        if (det < 0) for (int i = 0; i < 3; i++) r[i][2] = -r[i][2];
        double w, x, y, z;
        double trace = r[0][0] + r[1][1] + r[2][2];
        if (trace > 0) {
            double s = 0.5 / Math.sqrt(trace + 1.0);
            w = 0.25 / s; x = (r[2][1] - r[1][2]) * s; y = (r[0][2] - r[2][0]) * s; z = (r[1][0] - r[0][1]) * s;
        } else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
            double s = 2.0 * Math.sqrt(1.0 + r[0][0] - r[1][1] - r[2][2]);
            w = (r[2][1] - r[1][2]) / s; x = 0.25 * s; y = (r[0][1] + r[1][0]) / s; z = (r[0][2] + r[2][0]) / s;
        } else if (r[1][1] > r[2][2]) {
            double s = 2.0 * Math.sqrt(1.0 + r[1][1] - r[0][0] - r[2][2]);
            w = (r[0][2] - r[2][0]) / s; x = (r[0][1] + r[1][0]) / s; y = 0.25 * s; z = (r[1][2] + r[2][1]) / s;
        } else {
            double s = 2.0 * Math.sqrt(1.0 + r[2][2] - r[0][0] - r[1][1]);
            w = (r[1][0] - r[0][1]) / s; x = (r[0][2] + r[2][0]) / s; y = (r[1][2] + r[2][1]) / s; z = 0.25 * s;
        }
        if (w < 0) { x = -x; y = -y; z = -z; }
        return new double[] {x, y, z, qfac};
    }

    private static boolean maskBytes(Volume v, DataType type) {
        return v.isBytes() && type == DataType.UINT8 && v.channels() == 1;
    }

    private static void writeData(OutputStream out, Volume v, DataType type, boolean channelsFirst) throws IOException {
        int n = v.voxels(), c = v.channels();
        if (maskBytes(v, type)) { // a mask: its bytes are the file's bytes
            out.write(v.bytes(0));
            return;
        }
        if (v.isShorts() && type == DataType.INT16 && c == 1) { // a CT as stored: no float copy
            short[] s = v.shorts(0);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < s.length; i += buf.capacity() / 2) {
                buf.clear();
                buf.asShortBuffer().put(s, i, Math.min(buf.capacity() / 2, s.length - i));
                out.write(buf.array(), 0, 2 * Math.min(buf.capacity() / 2, s.length - i));
            }
            return;
        }
        float[][] f = new float[c][];
        for (int ch = 0; ch < c; ch++) f[ch] = v.isBytes() ? null : v.floats(ch);
        byte[] buf = new byte[Math.max(type.bytes * c, 1 << 16)];
        int pos = 0;
        long total = (long) n * c;
        for (long i = 0; i < total; i++) {
            int ch = channelsFirst ? (int) (i % c) : (int) (i / n);
            int vox = channelsFirst ? (int) (i / c) : (int) (i % n);
            double val = v.isBytes() ? v.bytes(ch)[vox] & 0xff : f[ch][vox];
            if (pos + type.bytes > buf.length) {
                out.write(buf, 0, pos);
                pos = 0;
            }
            pos = VoxelEncoder.put(buf, pos, type, val);
        }
        out.write(buf, 0, pos);
    }
}
