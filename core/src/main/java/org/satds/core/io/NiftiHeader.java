package org.satds.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.satds.core.geom.Affine;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header that define voxels and geometry, and the voxel-to-world affine
 * chosen exactly as nibabel chooses it (MONAI reads NIfTI through nibabel): sform when sform_code != 0, else
 * qform when qform_code != 0, else the Analyze-style base affine (x flipped, origin at the volume centre).
 */
public final class NiftiHeader {
    public final int version;
    public final ByteOrder order;
    public final long[] dim; // dim[0] = rank, dim[1..7]
    public final double[] pixdim;
    public final DataType datatype;
    public final long voxOffset;
    public final double sclSlope;
    public final double sclInter;
    public final int qformCode;
    public final int sformCode;
    public final double[] quatern; // b, c, d, qx, qy, qz
    public final double[][] srow;

    private NiftiHeader(int version, ByteOrder order, long[] dim, double[] pixdim, DataType datatype, long voxOffset,
                        double sclSlope, double sclInter, int qformCode, int sformCode, double[] quatern, double[][] srow) {
        this.version = version;
        this.order = order;
        this.dim = dim;
        this.pixdim = pixdim;
        this.datatype = datatype;
        this.voxOffset = voxOffset;
        this.sclSlope = sclSlope;
        this.sclInter = sclInter;
        this.qformCode = qformCode;
        this.sformCode = sformCode;
        this.quatern = quatern;
        this.srow = srow;
    }

    /** Size in bytes of the header for the version announced by the first four bytes, or -1 when not NIfTI. */
    public static int headerSize(byte[] first4) {
        for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int s = ByteBuffer.wrap(first4).order(o).getInt(0);
            if (s == 348 || s == 540) return s;
        }
        return -1;
    }

    public static NiftiHeader parse(byte[] h, Path file) throws VolumeFormatException {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ByteBuffer b = ByteBuffer.wrap(h).order(order);
        int size = b.getInt(0);
        if (size != 348 && size != 540) {
            order = ByteOrder.BIG_ENDIAN;
            b.order(order);
            size = b.getInt(0);
        }
        if (size == 348) return parse1(b, order, file);
        if (size == 540) return parse2(b, order, file);
        throw new VolumeFormatException(file, "not a NIfTI file (header size field is neither 348 nor 540)");
    }

    private static NiftiHeader parse1(ByteBuffer b, ByteOrder order, Path file) throws VolumeFormatException {
        String magic = new String(new byte[] {b.get(344), b.get(345), b.get(346), b.get(347)}, StandardCharsets.ISO_8859_1);
        if (!magic.equals("n+1\0") && !magic.equals("ni1\0"))
            throw new VolumeFormatException(file, "not a NIfTI-1 file (magic is not n+1 or ni1)");
        if (magic.equals("ni1\0")) throw new VolumeFormatException(file, "NIfTI-1 pairs (.hdr/.img) are not supported");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = b.getShort(40 + 2 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = b.getFloat(76 + 4 * i);
        int dt = b.getShort(70);
        double[] q = new double[6];
        for (int i = 0; i < 6; i++) q[i] = b.getFloat(256 + 4 * i);
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
        return build(1, order, dim, pixdim, dt, b.getFloat(108), b.getFloat(112), b.getFloat(116),
                b.getShort(252), b.getShort(254), q, srow, file);
    }

    private static NiftiHeader parse2(ByteBuffer b, ByteOrder order, Path file) throws VolumeFormatException {
        String magic = new String(new byte[] {b.get(4), b.get(5), b.get(6), b.get(7)}, StandardCharsets.ISO_8859_1);
        if (!magic.equals("n+2\0")) throw new VolumeFormatException(file, "not a single-file NIfTI-2 (magic is not n+2)");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = b.getLong(16 + 8 * i);
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) pixdim[i] = b.getDouble(104 + 8 * i);
        double[] q = new double[6];
        for (int i = 0; i < 6; i++) q[i] = b.getDouble(352 + 8 * i);
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) srow[r][c] = b.getDouble(400 + 32 * r + 8 * c);
        return build(2, order, dim, pixdim, b.getShort(12), b.getLong(168), b.getDouble(176), b.getDouble(184),
                b.getInt(344), b.getInt(348), q, srow, file);
    }

    private static NiftiHeader build(int version, ByteOrder order, long[] dim, double[] pixdim, int dtCode, double voxOffset,
                                     double slope, double inter, int qcode, int scode, double[] q, double[][] srow,
                                     Path file) throws VolumeFormatException {
        if (dim[0] < 1 || dim[0] > 7) throw new VolumeFormatException(file, "invalid rank dim[0]=" + dim[0]);
        for (int i = 1; i <= dim[0]; i++)
            if (dim[i] <= 0) throw new VolumeFormatException(file, "dimension " + i + " is " + dim[i] + " (must be positive)");
        DataType dt = DataType.ofCode(dtCode);
        if (dt == null) throw new VolumeFormatException(file, "unsupported NIfTI datatype code " + dtCode);
        // nibabel's check_fix: qfac (pixdim[0]) other than -1/1 reads as 1; negative voxel sizes read as their abs
        if (pixdim[0] != -1 && pixdim[0] != 1) pixdim[0] = 1;
        for (int i = 1; i <= 3; i++) pixdim[i] = Math.abs(pixdim[i]);
        // ... and a form code other than 0..4 reads as 0 (unset)
        if (qcode < 0 || qcode > 4) qcode = 0;
        if (scode < 0 || scode > 4) scode = 0;
        // nibabel reads data from int(vox_offset); a single file's data never starts inside its header and extension
        // flags (nibabel refuses such an offset, except 0, where it reads the header as voxels)
        int minimum = version == 1 ? 352 : 544;
        if (!(voxOffset >= minimum) || voxOffset >= Long.MAX_VALUE)
            throw new VolumeFormatException(file, "vox_offset " + voxOffset + " lies inside the header (a single-file NIfTI-" + version
                    + "'s data start at byte " + minimum + " or later)");
        return new NiftiHeader(version, order, dim, pixdim, dt, (long) voxOffset, slope, inter, qcode, scode, q, srow);
    }

    public int rank() {
        return (int) dim[0];
    }

    /** Size of dimension i (1-based as in the header); 1 beyond the rank. */
    public long size(int i) {
        return i <= dim[0] ? dim[i] : 1;
    }

    /** Bytes of voxel data the header declares (saturating at Long.MAX_VALUE for absurd dimensions). */
    public long dataBytes() {
        long n = datatype.bytes;
        for (int i = 1; i <= rank(); i++) {
            if (dim[i] > Long.MAX_VALUE / n) return Long.MAX_VALUE;
            n *= dim[i];
        }
        return n;
    }

    /** Whether a scale slope applies (nibabel: a slope of 0 or non-finite means none; 1 with intercept 0 is none). */
    public boolean scaled() {
        return sclSlope != 0 && Double.isFinite(sclSlope) && !(sclSlope == 1 && sclInter == 0);
    }

    public double interceptOrZero() {
        return Double.isFinite(sclInter) ? sclInter : 0;
    }

    /** nibabel refuses a valid slope with a non-finite intercept (HeaderDataError). */
    boolean validScaling() {
        return !scaled() || Double.isFinite(sclInter);
    }

    public Affine affine() {
        if (sformCode != 0) return sform();
        if (qformCode != 0) return qform();
        return baseAffine();
    }

    public Affine sform() {
        return Affine.of(new double[][] {srow[0], srow[1], srow[2], {0, 0, 0, 1}});
    }

    /** nibabel get_qform: rotation from the quaternion (w filled positive), voxel sizes, qfac on the third axis. */
    public Affine qform() {
        double b = quatern[0], c = quatern[1], d = quatern[2];
        double w2 = 1.0 - (b * b + c * c + d * d);
        double threshold = version == 1 ? -3 * Math.ulp(1.0f) : -3 * Math.ulp(1.0);
        double a = w2 < 0 && w2 >= threshold ? 0 : Math.sqrt(Math.max(w2, 0));
        double[][] r = quaternionToMatrix(a, b, c, d);
        double[] vox = {pixdim[1], pixdim[2], pixdim[3] * pixdim[0]};
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) m[i][j] = r[i][j] * vox[j];
            m[i][3] = quatern[3 + i];
        }
        m[3][3] = 1;
        return Affine.of(m);
    }

    static double[][] quaternionToMatrix(double w, double x, double y, double z) {
        double nq = w * w + x * x + y * y + z * z;
        if (nq < Math.ulp(1.0)) return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double s = 2.0 / nq;
        double xs = x * s, ys = y * s, zs = z * s;
        double wx = w * xs, wy = w * ys, wz = w * zs;
        double xx = x * xs, xy = x * ys, xz = x * zs;
        double yy = y * ys, yz = y * zs, zz = z * zs;
        return new double[][] {
            {1.0 - (yy + zz), xy - wz, xz + wy},
            {xy + wz, 1.0 - (xx + zz), yz - wx},
            {xz - wy, yz + wx, 1.0 - (xx + yy)}};
    }

    /** nibabel get_base_affine: diagonal voxel sizes with x flipped, the volume centre at the origin. */
    public Affine baseAffine() {
        double[][] m = new double[4][4];
        int rank = rank();
        for (int i = 0; i < 3; i++) {
            double zoom = i < rank ? pixdim[i + 1] : 1;
            double n = i < rank ? dim[i + 1] : 1;
            double z = i == 0 ? -zoom : zoom;
            m[i][i] = z;
            m[i][3] = -((n - 1) / 2.0) * z;
        }
        m[3][3] = 1;
        return Affine.of(m);
    }
}
