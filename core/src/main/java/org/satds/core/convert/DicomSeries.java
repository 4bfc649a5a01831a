package org.satds.core.convert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.VoxelDecoder;
import org.satds.core.volume.Volume;

/**
 * DICOM series to NIfTI, in pure Java.
 *
 * <p>Why this and not a library or dcm2niix: no maintained DICOM toolkit is on Maven Central (dcm4che and
 * PixelMed publish elsewhere), and calling Debian's dcm2niix would make every machine and CI run depend on an
 * external binary. The datasets converted here (CHAOS, FUMPE, NSCLC, Pancreas-CT) ship uncompressed
 * single-frame slices, which a short reader handles exactly; compressed transfer syntaxes and multi-frame
 * objects are refused with a clear error rather than decoded badly.
 *
 * <p>Geometry: slices are sorted by ImagePositionPatient projected on the slice normal (row cosine x column
 * cosine); columns step by PixelSpacing[1] along the row cosine, rows by PixelSpacing[0] along the column cosine,
 * and slices by the measured vector between the first and last positions divided by the slice count - 1. Every
 * position must lie on that line within 1% of a step: a series with irregular gaps (as
 * samples/ct_dicom_irregular) is refused, like dicom2nifti (which the original processors used) does by default,
 * because dcm2niix's two outputs for it are both wrong in places: one claims a constant 202.5 mm step for slices
 * 1.25 mm apart, the other interpolates across a 200 mm gap. Gantry tilt stays exact as a sheared affine.
 * Values are raw * RescaleSlope + RescaleIntercept per slice. The volume is then stored along the axes closest
 * to LAS, the layout dicom2nifti writes and the original CHAOS and FUMPE mask code was written against.
 */
public final class DicomSeries {
    /**
     * dicom2nifti's tolerances (common.validate_slice_increment and validate_orientation, numpy.allclose): each
     * component of a slice increment within 0.1 mm + 5% of the series' increment, each direction cosine within
     * 0.001 + 0.1% of the first slice's.
     */
    private static final double STEP_ABS = 0.1, STEP_REL = 0.05, ORIENTATION_TOLERANCE = 1e-3;
    /** Extensions that make a file in a series folder claim to be DICOM even without the DICM marker. */
    private static final List<String> DICOM_EXTENSIONS = List.of(".dcm", ".dicom", ".dc3", ".ima");

    private DicomSeries() {}

    /** Reads the single image series in a folder (files with the DICM marker; anything else is ignored). */
    public static Volume read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> dicom = new ArrayList<>();
        boolean bareNames = false; // slices named without an extension (as 7106, IM0001): a bare-named sibling claims to be one
        for (Path f : files) {
            if (DicomFile.hasMarker(f)) {
                dicom.add(f);
                bareNames |= extension(f).isEmpty();
            }
        }
        for (Path f : files) {
            String ext = extension(f), name = f.getFileName().toString();
            boolean claims = DICOM_EXTENSIONS.contains(ext) || (bareNames && ext.isEmpty() && !name.equals("DICOMDIR"));
            if (claims && !name.startsWith(".") && !dicom.contains(f))
                throw new VolumeFormatException(f, Files.size(f) == 0 ? "empty file in a DICOM series folder (damaged or incomplete download)"
                        : "not a readable DICOM file (no DICM marker after the 128-byte preamble) in a DICOM series folder");
        }
        if (dicom.isEmpty()) throw new VolumeFormatException(folder, "no DICOM files (with the DICM marker) in the folder");
        return read(folder, dicom);
    }

    /** Reads and converts the image series in a folder to NIfTI in the narrowest integer type that holds its values exactly (int16 for CT), else float32. */
    public static void convert(Path folder, Path nifti) throws IOException {
        Volume v = read(folder);
        NiftiWriter.write(nifti, v, Conversions.exactType(v));
    }

    /** Reads the given files as one series; {@code where} names the series in errors. */
    public static Volume read(Path where, List<Path> files) throws IOException {
        TreeMap<String, List<DicomFile>> bySeries = new TreeMap<>();
        for (Path f : files) {
            DicomFile d = DicomFile.read(f);
            if (d.pixelData() == null) {
                if (d.isNonImage()) continue; // reports, presentation states and the like carry no slice
                throw new VolumeFormatException(f, "DICOM image has no pixel data (element (7FE0,0010) is missing: a truncated file?)");
            }
            String uid = d.string(DicomFile.SERIES_UID);
            bySeries.computeIfAbsent(uid == null ? "" : uid, k -> new ArrayList<>()).add(d);
        }
        if (bySeries.isEmpty()) throw new VolumeFormatException(where, "no DICOM file with pixel data");
        if (bySeries.size() > 1)
            throw new VolumeFormatException(where, bySeries.size() + " DICOM series found (" + String.join(", ", bySeries.keySet())
                    + "); pass the files of one series");
        return assemble(where, bySeries.firstEntry().getValue());
    }

    private static Volume assemble(Path where, List<DicomFile> slices) throws IOException {
        DicomFile first = slices.get(0);
        int rows = first.unsignedShort(DicomFile.ROWS, 0), cols = first.unsignedShort(DicomFile.COLUMNS, 0);
        check(first, rows > 0 && cols > 0, "DICOM Rows or Columns is missing");
        double[] iop = required(first, DicomFile.ORIENTATION, 6);
        double[] spacing = required(first, DicomFile.PIXEL_SPACING, 2);
        double[] rowCos = {iop[0], iop[1], iop[2]}, colCos = {iop[3], iop[4], iop[5]};
        double[] normal = cross(rowCos, colCos);
        for (DicomFile d : slices) {
            check(d, d.unsignedShort(DicomFile.ROWS, 0) == rows && d.unsignedShort(DicomFile.COLUMNS, 0) == cols,
                    "slice size differs from the rest of the series");
            check(d, close(required(d, DicomFile.ORIENTATION, 6), iop), "ImageOrientationPatient differs from the rest of the series");
            check(d, close(required(d, DicomFile.PIXEL_SPACING, 2), spacing), "PixelSpacing differs from the rest of the series");
            double[] frames = d.numbers(DicomFile.FRAMES);
            check(d, frames == null || frames[0] == 1, "multi-frame DICOM objects are not supported");
            check(d, d.unsignedShort(DicomFile.SAMPLES, 1) == 1, "colour DICOM images are not supported");
            long need = (long) rows * cols * (d.unsignedShort(DicomFile.BITS_ALLOCATED, 16) / 8);
            check(d, d.pixelData()[1] >= need, "pixel data is truncated (" + d.pixelData()[1] + " of " + need + " bytes)");
        }
        if (slices.size() < 2) throw new VolumeFormatException(where, "a single DICOM slice is not a volume (no slice spacing)");
        List<Placed> sorted = new ArrayList<>();
        for (DicomFile d : slices) {
            double[] p = required(d, DicomFile.POSITION, 3);
            sorted.add(new Placed(d, p, dot(p, normal)));
        }
        sorted.sort(Comparator.comparingDouble(Placed::along));
        int n = sorted.size();
        double[] origin = sorted.get(0).position();
        double[] step = scale(sub(sorted.get(n - 1).position(), origin), 1.0 / (n - 1));
        checkGrid(where, sorted);
        // LPS affine from the DICOM geometry, then x and y negated for RAS
        double[][] m = new double[4][4];
        for (int w = 0; w < 3; w++) {
            m[w][0] = rowCos[w] * spacing[1];
            m[w][1] = colCos[w] * spacing[0];
            m[w][2] = step[w];
            m[w][3] = origin[w];
        }
        m[3][3] = 1;
        for (int c = 0; c < 4; c++) { m[0][c] = -m[0][c]; m[1][c] = -m[1][c]; }
        int plane = rows * cols;
        float[] voxels = new float[Math.multiplyExact(plane, n)];
        for (int k = 0; k < n; k++) System.arraycopy(pixels(sorted.get(k).file(), plane), 0, voxels, k * plane, plane);
        return Reorient.to(Volume.ofFloats(new int[] {cols, rows, n}, Affine.of(m), voxels), "LAS");
    }

    /** One slice's values, row by row, rescaled; signed values narrower than their storage are sign-extended. */
    private static float[] pixels(DicomFile d, int plane) throws IOException {
        int bits = d.unsignedShort(DicomFile.BITS_ALLOCATED, 16), stored = d.unsignedShort(DicomFile.BITS_STORED, bits);
        boolean signed = d.unsignedShort(DicomFile.PIXEL_REPRESENTATION, 0) == 1;
        DataType type = switch (bits) {
            case 8 -> signed ? DataType.INT8 : DataType.UINT8;
            case 16 -> signed ? DataType.INT16 : DataType.UINT16;
            case 32 -> signed ? DataType.INT32 : DataType.UINT32;
            default -> throw new VolumeFormatException(d.file, "unsupported BitsAllocated " + bits);
        };
        int[] pd = d.pixelData();
        if ((long) plane * type.bytes > pd[1])
            throw new VolumeFormatException(d.file, "pixel data is truncated (" + pd[1] + " of " + (long) plane * type.bytes + " bytes)");
        float[] v = ((float[][]) VoxelDecoder.decode(new ByteArrayInputStream(d.bytes(), pd[0], pd[1]), type, d.order, 1, plane,
                VoxelDecoder.Interleave.PLANAR, false, 1, 0, false))[0];
        if (signed && stored < bits) {
            int shift = 32 - stored;
            for (int i = 0; i < plane; i++) v[i] = ((int) v[i] << shift) >> shift;
        }
        double[] slope = d.numbers(DicomFile.SLOPE), intercept = d.numbers(DicomFile.INTERCEPT);
        double s = slope == null ? 1 : slope[0], b = intercept == null ? 0 : intercept[0];
        if (s != 1 || b != 0) for (int i = 0; i < plane; i++) v[i] = (float) (v[i] * s + b);
        return v;
    }

    /**
     * Refuses slices off a regular grid, naming the slice that breaks it: increments between neighbours are compared
     * with the series' typical increment (the median-length one) as dicom2nifti compares them; one bad increment at
     * an end blames the end slice, two bad neighbouring increments the slice between them, one inside a gap.
     */
    private static void checkGrid(Path where, List<Placed> sorted) throws VolumeFormatException {
        int n = sorted.size();
        List<double[]> steps = new ArrayList<>();
        for (int k = 1; k < n; k++) steps.add(sub(sorted.get(k).position(), sorted.get(k - 1).position()));
        List<double[]> byLength = new ArrayList<>(steps);
        byLength.sort(Comparator.comparingDouble(d -> dot(d, d)));
        double[] typical = byLength.get((byLength.size() - 1) / 2);
        for (int k = 1; k < n; k++) {
            Placed prev = sorted.get(k - 1), here = sorted.get(k);
            if (Math.sqrt(dot(steps.get(k - 1), steps.get(k - 1))) <= STEP_ABS)
                throw new VolumeFormatException(here.file().file, "duplicate slice position: " + name(here) + " and " + name(prev)
                        + " lie at the same place (several series or echoes in one folder?)");
        }
        List<Integer> bad = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) if (!allClose(typical, steps.get(k), STEP_ABS, STEP_REL)) bad.add(k);
        if (bad.isEmpty()) return;
        int k = bad.get(0);
        double len = Math.sqrt(dot(typical, typical)), gap = Math.sqrt(dot(steps.get(k), steps.get(k)));
        boolean displaced = bad.size() > 1 && bad.get(1) == k + 1;
        if (!displaced && k > 0 && k < steps.size() - 1)
            throw new VolumeFormatException(sorted.get(k + 1).file().file, "irregular slice spacing: " + fmt(gap) + " mm from "
                    + name(sorted.get(k)) + " to " + name(sorted.get(k + 1)) + " on a regular " + fmt(len) + " mm grid (a missing slice?)"
                    + " in " + where + "; refusing to assume equal spacing");
        Placed culprit = displaced ? sorted.get(k + 1) : k == 0 ? sorted.get(0) : sorted.get(n - 1);
        throw new VolumeFormatException(culprit.file().file, "irregular slice spacing: " + name(culprit) + " at " + fmt(culprit.along())
                + " mm breaks the regular " + fmt(len) + " mm grid of the series in " + where + " (slice positions along the normal: "
                + positions(sorted) + "); refusing to assume equal spacing");
    }

    private static String name(Placed p) {
        return p.file().file.getFileName().toString();
    }

    /** numpy.allclose(a, b, rtol, atol): every |a - b| within atol + rtol * |b|. */
    private static boolean allClose(double[] a, double[] b, double atol, double rtol) {
        for (int i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        return true;
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }

    private static double[] required(DicomFile d, int tag, int count) throws VolumeFormatException {
        double[] v = d.numbers(tag);
        if (v == null || v.length != count)
            throw new VolumeFormatException(d.file, "DICOM element " + DicomFile.tagName(tag) + " is missing or malformed; the slice cannot be placed");
        return v;
    }

    /** A slice with its ImagePositionPatient and that position's coordinate along the slice normal. */
    private record Placed(DicomFile file, double[] position, double along) {}

    private static void check(DicomFile d, boolean ok, String problem) throws VolumeFormatException {
        if (!ok) throw new VolumeFormatException(d.file, problem);
    }

    private static boolean close(double[] a, double[] b) {
        return allClose(a, b, ORIENTATION_TOLERANCE, ORIENTATION_TOLERANCE);
    }

    private static String positions(List<Placed> sorted) {
        StringBuilder s = new StringBuilder();
        for (Placed p : sorted) s.append(s.length() == 0 ? "" : ", ").append(fmt(p.along()));
        return s.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }
}
