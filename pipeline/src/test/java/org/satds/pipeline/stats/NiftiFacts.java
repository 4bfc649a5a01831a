package org.satds.pipeline.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * What a NIfTI header says, read here field by field from the NIfTI-1/2 layouts, independently of the project's
 * reader: dim, pixdim and the affine nibabel picks (sform, else qform, else the base affine), reduced to axis
 * codes by the largest component of each column (enough for the axis-aligned recipe cases).
 */
record NiftiFacts(int[] shape, double[] zooms, String axcodes) {
    static NiftiFacts read(Path file) throws IOException {
        byte[] h = new byte[540];
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            int n = in.readNBytes(h, 0, h.length);
            if (n < 348) throw new IOException(file + ": header too short");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getInt(0);
        if (size != 348 && size != 540) b.order(ByteOrder.BIG_ENDIAN);
        boolean two = b.getInt(0) == 540;
        int[] shape = new int[3];
        double[] pixdim = new double[8];
        for (int i = 0; i < 3; i++) shape[i] = two ? (int) b.getLong(16 + 8 * (i + 1)) : b.getShort(40 + 2 * (i + 1));
        for (int i = 0; i < 8; i++) pixdim[i] = two ? b.getDouble(104 + 8 * i) : b.getFloat(76 + 4 * i);
        int qcode = two ? b.getInt(344) : b.getShort(252), scode = two ? b.getInt(348) : b.getShort(254);
        double[][] m = new double[3][3];
        if (scode > 0) {
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 3; c++) m[r][c] = two ? b.getDouble(400 + 32 * r + 8 * c) : b.getFloat(280 + 16 * r + 4 * c);
        } else if (qcode > 0) {
            double qb = two ? b.getDouble(352) : b.getFloat(256), qc = two ? b.getDouble(360) : b.getFloat(260),
                    qd = two ? b.getDouble(368) : b.getFloat(264);
            double qa = Math.sqrt(Math.max(0, 1 - qb * qb - qc * qc - qd * qd));
            double qfac = pixdim[0] < 0 ? -1 : 1;
            double[][] r = {
                    {qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc)},
                    {2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb)},
                    {2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qc * qc - qb * qb}};
            double[] zoom = {pixdim[1], pixdim[2], pixdim[3] * qfac};
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) m[i][j] = r[i][j] * zoom[j];
        } else {
            m = new double[][] {{-pixdim[1], 0, 0}, {0, pixdim[2], 0}, {0, 0, pixdim[3]}};
        }
        StringBuilder codes = new StringBuilder();
        String[] letters = {"LR", "PA", "IS"};
        for (int c = 0; c < 3; c++) {
            int best = 0;
            for (int r = 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[best][c])) best = r;
            codes.append(letters[best].charAt(m[best][c] < 0 ? 0 : 1));
        }
        return new NiftiFacts(shape, new double[] {Math.abs(pixdim[1]), Math.abs(pixdim[2]), Math.abs(pixdim[3])}, codes.toString());
    }
}
