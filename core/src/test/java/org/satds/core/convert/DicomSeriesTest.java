package org.satds.core.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

class DicomSeriesTest {
    @TempDir Path dir;

    static Path samples() {
        String testdata = System.getProperty("satds.testdata");
        assertTrue(testdata != null, "system property satds.testdata (the repository's testdata/, set by surefire) is not set");
        Path folder = Paths.get(testdata, "samples", "ct_dicom_irregular");
        assertTrue(Files.isDirectory(folder), "test data missing: " + folder);
        return folder;
    }

    @Test
    void refusesTheIrregularSample() {
        Path folder = samples();
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(folder));
        assertTrue(e.getMessage().startsWith(folder.resolve("7106") + ": irregular slice spacing: 7106 at -99.48 mm breaks the regular 1.25 mm grid"),
                e.getMessage()); // the stray slice, not a neighbour
        assertTrue(e.getMessage().contains("-99.48") && e.getMessage().contains("103.02"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** The three regularly spaced sample slices, against the same slices of dcm2niix's output (stored LAS as well). */
    @Test
    void regularSubsetOfTheSampleMatchesDcm2niix() throws IOException {
        for (String f : new String[] {"7196", "7136", "7166"}) Files.copy(samples().resolve(f), dir.resolve(f));
        Path nii = dir.resolve("ct.nii.gz");
        DicomSeries.convert(dir, nii);
        Volume ours = NiftiReader.read(nii, ReadOptions.IMAGE);
        assertEquals(DataType.INT16, NiftiReader.readHeader(nii).datatype);
        Volume ref = NiftiReader.read(samples().resolve("dcm2niix/ct.nii.gz"), ReadOptions.IMAGE);
        assertArrayEquals(new int[] {16, 16, 3}, ours.shape());
        assertEquals("LAS", AxisCodes.codesOf(ours.affine()));
        for (int z = 0; z < 3; z++)
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 16; x++) assertEquals(ref.value(0, x, y, z + 1), ours.value(0, x, y, z), 0, x + "," + y + "," + z);
        // same in-plane axes and the first kept slice's origin as dcm2niix; the slice step is the real 1.25 mm
        Affine r = ref.affine();
        double[] o = r.apply(0, 0, 1);
        Affine expected = Affine.of(new double[][] {
                {r.get(0, 0), r.get(0, 1), 0, o[0]}, {r.get(1, 0), r.get(1, 1), 0, o[1]}, {r.get(2, 0), r.get(2, 1), 1.25, o[2]}, {0, 0, 0, 1}});
        assertTrue(ours.affine().closeTo(expected, 1e-4), ours.affine() + " vs " + expected);
    }

    static final double[] ROW = {0, 1, 0}, COL = {0, 0, -1}; // a sagittal plane, in LPS
    static final double[] NORMAL = {1, 0, 0};
    static final int ROWS = 3, COLS = 4, SLICES = 5;

    static int raw(int k, int r, int c) {
        return 7 * k + 3 * r + c;
    }

    /** Writes slice k at LPS position origin + k*2.5 along the normal, with file names that do not sort in slice order. */
    static void writeSeries(Path folder, String series, double slope, double intercept) throws IOException {
        writeSeries(folder, series, slope, intercept, DicomWriter.EXPLICIT_LE);
    }

    static void writeSeries(Path folder, String series, double slope, double intercept, String syntax) throws IOException {
        writeSeries(folder, series, slope, intercept, syntax, new double[SLICES], 0);
    }

    /** As above, slice k moved by shift[k] mm along the normal and its row cosine tilted by {@code tilt}. */
    static void writeSeries(Path folder, String series, double slope, double intercept, String syntax, double[] shift, double tilt)
            throws IOException {
        for (int k = 0; k < SLICES; k++) {
            short[] px = new short[ROWS * COLS];
            for (int r = 0; r < ROWS; r++) for (int c = 0; c < COLS; c++) px[r * COLS + c] = (short) raw(k, r, c);
            double[] ipp = {-30 + 2.5 * k + shift[k], 12, 40};
            new DicomWriter(syntax)
                    .text(0x0008, 0x0060, "CS", "MR")
                    .undefinedLengthSequence(0x0008, 0x1140)
                    .text(0x0020, 0x000E, "UI", series)
                    .text(0x0020, 0x0032, "DS", String.format(Locale.ROOT, "%s\\%s\\%s", ipp[0], ipp[1], ipp[2]))
                    .text(0x0020, 0x0037, "DS", (k % 2 == 1 ? tilt : 0) + "\\1\\0\\0\\0\\-1")
                    .us(0x0028, 0x0002, 1).us(0x0028, 0x0010, ROWS).us(0x0028, 0x0011, COLS)
                    .text(0x0028, 0x0030, "DS", "0.5\\0.75")
                    .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0103, 0)
                    .text(0x0028, 0x1052, "DS", Double.toString(intercept)).text(0x0028, 0x1053, "DS", Double.toString(slope))
                    .pixels(px)
                    .write(folder.resolve(series + "_" + ((k * 3) % SLICES) + ".dcm"));
        }
    }

    /** Every output voxel, located in the world by the affine, must hold the value of the DICOM pixel found there. */
    @ParameterizedTest
    @ValueSource(strings = {DicomWriter.EXPLICIT_LE, DicomWriter.IMPLICIT_LE})
    void placesEveryVoxelWhereTheDicomGeometrySays(String syntax) throws IOException {
        writeSeries(dir, "1.2.3", 2, -5, syntax);
        Files.writeString(dir.resolve("notes.txt"), "not DICOM, ignored");
        Volume v = DicomSeries.read(dir);
        assertEquals("LAS", AxisCodes.codesOf(v.affine()));
        assertEquals(ROWS * COLS * SLICES, v.voxels());
        for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
            double[] ras = v.affine().apply(x, y, z);
            double[] d = {-ras[0] - (-30), -ras[1] - 12, ras[2] - 40}; // LPS offset from the first slice's corner
            int c = (int) Math.round((d[0] * ROW[0] + d[1] * ROW[1] + d[2] * ROW[2]) / 0.75);
            int r = (int) Math.round((d[0] * COL[0] + d[1] * COL[1] + d[2] * COL[2]) / 0.5);
            int k = (int) Math.round((d[0] * NORMAL[0] + d[1] * NORMAL[1] + d[2] * NORMAL[2]) / 2.5);
            assertEquals(2 * raw(k, r, c) - 5, v.value(0, x, y, z), 0, "voxel " + x + "," + y + "," + z);
        }
    }

    @Test
    void refusesTwoSeriesInOneFolder() throws IOException {
        writeSeries(dir, "1.2.3", 1, 0);
        writeSeries(dir, "1.2.4", 1, 0);
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().contains("2 DICOM series"), e.getMessage());
    }

    @Test
    void refusesCompressedAndTruncatedFiles() throws IOException {
        new DicomWriter("1.2.840.10008.1.2.4.70").write(dir.resolve("jpeg.dcm"));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().contains("jpeg.dcm") && e.getMessage().contains("1.2.840.10008.1.2.4.70"), e.getMessage());
        Files.delete(dir.resolve("jpeg.dcm"));

        writeSeries(dir, "1.2.3", 1, 0);
        Path f = dir.resolve("1.2.3_0.dcm");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 4));
        e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().contains("1.2.3_0.dcm") && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    /** dicom2nifti's tolerances: 0.03 mm of jitter on a 2.5 mm grid and 3e-4 of orientation jitter are one series. */
    @Test
    void acceptsJitterWithinDicom2niftisTolerances() throws IOException {
        writeSeries(dir, "1.2.3", 1, 0, DicomWriter.EXPLICIT_LE, new double[] {0, 0.03, -0.03, 0.02, 0}, 3e-4);
        assertEquals(ROWS * COLS * SLICES, DicomSeries.read(dir).voxels());
    }

    @Test
    void namesTheSliceThatBreaksTheGridAndDuplicates() throws IOException {
        writeSeries(dir, "1.2.3", 1, 0, DicomWriter.EXPLICIT_LE, new double[] {0, 0, 0.83, 0, 0}, 0); // slice 2 is file _1
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("1.2.3_1.dcm") + ": irregular slice spacing: 1.2.3_1.dcm"), e.getMessage());
        writeSeries(dir, "1.2.3", 1, 0, DicomWriter.EXPLICIT_LE, new double[] {0, 0, 0, 0, -2.5}, 0); // slice 4 onto slice 3
        e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().contains("duplicate slice position: 1.2.3_2.dcm and 1.2.3_4.dcm")
                || e.getMessage().contains("duplicate slice position: 1.2.3_4.dcm and 1.2.3_2.dcm"), e.getMessage());
    }

    /** A slice that claims to be DICOM and cannot be read is an error naming it, at any position: never a dropped slice. */
    @Test
    void unreadableSlicesAreErrorsNotDroppedSlices() throws IOException {
        for (int k : new int[] {0, 2, 4}) {
            writeSeries(dir, "1.2.3", 1, 0);
            Path f = dir.resolve("1.2.3_" + ((k * 3) % SLICES) + ".dcm");
            byte[] b = Files.readAllBytes(f);
            for (byte[] damaged : new byte[][] {new byte[0], java.util.Arrays.copyOf(b, 200), java.util.Arrays.copyOf(b, 140)}) {
                Files.write(f, damaged);
                VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
                assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
                assertEquals(1, e.getMessage().lines().count());
            }
        }
        writeSeries(dir, "1.2.3", 1, 0);
        Files.write(dir.resolve("IM0001"), new byte[0]); // bare names claim to be DICOM only beside bare-named slices
        assertEquals(ROWS * COLS * SLICES, DicomSeries.read(dir).voxels());
    }

    @Test
    void compressedSyntaxesAreRefusedByName() throws IOException {
        new DicomWriter("1.2.840.10008.1.2.4.90").write(dir.resolve("j2k.dcm"));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> DicomSeries.read(dir));
        assertTrue(e.getMessage().contains("JPEG 2000 (Lossless Only) (1.2.840.10008.1.2.4.90)"), e.getMessage());
    }
}
