package org.satds.datasets.discovery;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;

/** Small raw-download files written from their format descriptions, for the conversion tests. */
final class Raw {
    /** The grid of most test volumes: 4 x 3 x 5 voxels. */
    static final int[] SHAPE = {4, 3, 5};
    /** A RAS affine with distinct voxel sizes and an origin, so axis mix-ups show. */
    static final Affine AFFINE = Affine.of(new double[][] {{-2, 0, 0, 10}, {0, 3, 0, -20}, {0, 0, 4, 30}, {0, 0, 0, 1}});

    private Raw() {}

    static int index(int x, int y, int z) {
        return x + SHAPE[0] * (y + SHAPE[1] * z);
    }

    /** values.applyAsInt(x, y, z) over SHAPE. */
    static float[] values(Voxel values) {
        float[] v = new float[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        for (int z = 0; z < SHAPE[2]; z++) for (int y = 0; y < SHAPE[1]; y++) for (int x = 0; x < SHAPE[0]; x++)
            v[index(x, y, z)] = values.at(x, y, z);
        return v;
    }

    @FunctionalInterface
    interface Voxel {
        float at(int x, int y, int z);
    }

    static Path nifti(Path file, float[] values, DataType type) throws IOException {
        return nifti(file, values, type, AFFINE);
    }

    static Path nifti(Path file, float[] values, DataType type, Affine affine) throws IOException {
        Files.createDirectories(file.getParent());
        NiftiWriter.write(file, Volume.ofFloats(SHAPE, affine, values), type);
        return file;
    }

    /** A raw little-endian int16 NRRD over SHAPE, LPS space, 2 x 3 x 4 mm voxels, origin (10, 20, 30) LPS. */
    static Path nrrd(Path file, float[] values) throws IOException {
        String header = "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: "
                + SHAPE[0] + " " + SHAPE[1] + " " + SHAPE[2] + "\nspace directions: (2,0,0) (0,3,0) (0,0,4)\n"
                + "endian: little\nencoding: raw\nspace origin: (10,20,30)\n\n";
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(int16(values));
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A MetaImage .mhd + .raw pair like {@link #nrrd}: int16, 2 x 3 x 4 mm, offset (10, 20, 30) LPS. */
    static Path mhd(Path file, float[] values) throws IOException {
        String raw = file.getFileName().toString().replace(".mhd", ".raw");
        String header = "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
                + "TransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = 10 20 30\nElementSpacing = 2 3 4\nDimSize = "
                + SHAPE[0] + " " + SHAPE[1] + " " + SHAPE[2] + "\nElementType = MET_SHORT\nElementDataFile = " + raw + "\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, header);
        Files.write(file.resolveSibling(raw), int16(values));
        return file;
    }

    /** The world (RAS) point of voxel (x, y, z) of {@link #nrrd} and {@link #mhd}: LPS with x and y negated. */
    static double[] lpsFileWorld(int x, int y, int z) {
        return new double[] {-(10 + 2 * x), -(20 + 3 * y), 30 + 4 * z};
    }

    private static byte[] int16(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putShort((short) v);
        return b.array();
    }

    /** A grey 8-bit PNG of width w, height h, with grey.at(column, row, 0). */
    static Path png(Path file, int w, int h, Voxel grey) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) img.getRaster().setSample(c, r, 0, (int) grey.at(c, r, 0));
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** A MATLAB v5 file with one uint8 variable of the given dimensions, element i (column-major) = value(i). */
    static Path mat(Path file, String name, int[] dims, java.util.function.IntUnaryOperator value) throws IOException {
        Matrix m = Mat5.newMatrix(dims, MatlabType.UInt8);
        for (int i = 0; i < m.getNumElements(); i++) m.setDouble(i, value.applyAsInt(i));
        Files.createDirectories(file.getParent());
        Mat5.writeToFile(Mat5.newMatFile().addArray(name, m), file.toFile());
        return file;
    }

    /**
     * An axial DICOM series of uncompressed int16 slices (explicit VR little endian), rows x cols, one file per
     * slice, slice k at z = 100 + 2.5 k (LPS), rows along +y (posterior), columns along +x (left), 0.5 x 0.75 mm
     * (row, column) spacing; the stored value of row r, column c of slice k is value.at(c, r, k).
     * Files are written in reverse slice order, so sorting by position matters.
     */
    static void dicomSeries(Path folder, int rows, int cols, int slices, Voxel value) throws IOException {
        Files.createDirectories(folder);
        for (int k = slices - 1; k >= 0; k--) {
            ByteBuffer pixels = ByteBuffer.allocate(rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) pixels.putShort((short) value.at(c, r, k));
            Dicom d = new Dicom();
            d.text(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
            d.text(0x0008, 0x0060, "CS", "CT");
            d.text(0x0020, 0x000E, "UI", "1.2.3.4");
            d.text(0x0020, 0x0032, "DS", String.format(Locale.ROOT, "0\\0\\%s", 100 + 2.5 * k));
            d.text(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
            d.us(0x0028, 0x0002, 1).us(0x0028, 0x0010, rows).us(0x0028, 0x0011, cols);
            d.text(0x0028, 0x0030, "DS", "0.5\\0.75");
            d.us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0103, 1);
            d.text(0x0028, 0x1052, "DS", "-1024").text(0x0028, 0x1053, "DS", "1");
            d.element(0x7FE0, 0x0010, "OW", pixels.array());
            Files.write(folder.resolve(String.format(Locale.ROOT, "1-%03d.dcm", k + 1)), d.out.toByteArray());
        }
    }

    /** Elements in explicit VR little endian after the 128-byte preamble and "DICM". */
    private static final class Dicom {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Dicom() {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        }

        Dicom text(int group, int element, String vr, String value) {
            String padded = value.length() % 2 == 0 ? value : value + (vr.equals("UI") ? "\0" : " ");
            return element(group, element, vr, padded.getBytes(StandardCharsets.US_ASCII));
        }

        Dicom us(int group, int element, int value) {
            return element(group, element, "US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
        }

        Dicom element(int group, int element, String vr, byte[] value) {
            boolean longForm = vr.equals("OW");
            ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
            if (longForm) b.putShort((short) 0).putInt(value.length);
            else b.putShort((short) value.length);
            out.writeBytes(b.array());
            out.writeBytes(value);
            return this;
        }
    }
}
