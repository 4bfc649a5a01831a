package org.satds.datasets.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.satds.core.convert.Conversions;
import org.satds.core.convert.DicomSeries;
import org.satds.core.convert.ImageGeometry;
import org.satds.core.convert.MaskStack;
import org.satds.core.convert.MatFiles;
import org.satds.core.convert.PngSlices;
import org.satds.core.geom.Affine;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/**
 * The built-in {@link Conversion}s, by the kind the rules name: each does what SAT-DS processor.py did for its
 * dataset, on the core format layer. Every output is written atomically (NiftiWriter, AtomicFiles), because the
 * engine takes an existing output as done. The inputs are the step's {@code from} paths, in the order noted
 * above each group of entries (and in the table of {@code docs/discovery-rules.md}).
 */
public final class Converters {
    private Converters() {}

    /** Every built-in conversion by kind. */
    public static Map<String, Conversion> builtIn() {
        return Map.ofEntries(
                // [file]
                Map.entry("copy", (in, out) -> AtomicFiles.write(out, o -> Files.copy(in.get(0), o))),
                // LIDC_IDRI (ULS23): labels/<case>.nii.gz.zip holds <case>.nii.gz
                Map.entry("unzip_member", Converters::unzipMember),
                Map.entry("metaimage_to_nifti", (in, out) -> Conversions.toNifti(in.get(0), out)),
                Map.entry("nrrd_to_nifti", (in, out) -> Conversions.toNifti(in.get(0), out)),
                // KiTS/Rider (SEGA) and KiPA22 scans are stored 1000 above Hounsfield units
                Map.entry("nrrd_to_nifti_minus_1000", (in, out) -> writeImage(out, minus1000(image(in.get(0))))),
                Map.entry("nifti_minus_1000", (in, out) -> writeImage(out, minus1000(image(in.get(0))))),
                // CMRxMotion: np.squeeze; the reader already drops trailing singleton dimensions
                Map.entry("squeeze_nifti", (in, out) -> writeImage(out, image(in.get(0)))),
                Map.entry("binarize_mask", (in, out) -> writeMask(out, binarize(mask(in.get(0))))),
                Map.entry("myops_relabel", (in, out) -> writeMask(out, myopsRelabel(mask(in.get(0))))),
                // [DICOM series folder]
                Map.entry("dicom_series_to_nifti", (in, out) -> DicomSeries.convert(in.get(0), out)),
                // [mask, image]
                Map.entry("uint8_mask_on_image_grid", (in, out) -> writeMask(out, onGrid(in.get(1), in.get(0), uint8Volume(mask(in.get(0)))))),
                Map.entry("mat_to_nifti", (in, out) -> MatFiles.maskToNifti(in.get(0), "Mask", in.get(1), out)),
                // [Ground folder, image]
                Map.entry("chaos_ct_png_slices_to_nifti", (in, out) -> PngSlices.chaosCtMask(pngs(in.get(0)), in.get(1), out)),
                Map.entry("chaos_mri_png_slices_to_nifti", (in, out) -> PngSlices.chaosMriMask(pngs(in.get(0)), in.get(1), out)),
                // [atrium, scar, image]
                Map.entry("lascarqs_merge_atrium_scar", Converters::lascarqsMerge),
                // [masks folder, image]; the case is the output's name
                Map.entry("lndb_merge_radiologist_masks", Converters::lndbMerge),
                // [structures folder, image]
                Map.entry("pddca_merge_structures", Converters::pddcaMerge),
                // [tracts folder, brain_mask, T1 image]
                Map.entry("brainptm_stack_tracts", Converters::brainPtmStack),
                // [thoracic cavity, effusion, image]
                Map.entry("nsclc_stack_cavity_effusion", (in, out) -> MaskStack.write(out, in.get(2), List.of(
                        new MaskStack.Channel("thoracic cavity", in.get(0), true, false),
                        new MaskStack.Channel("effusion", in.get(1))))),
                // [folder, image, one file of the folder per channel]: the step's channels (a missing file: empty)
                Map.entry("stack_channels", Converters::stackChannels),
                // [case folder with study/series DICOM folders, label]
                Map.entry("pancreas_ct_dicom_to_nifti", Converters::pancreasCt),
                // [volume to crop, SEG]
                Map.entry("autopet_crop_nonempty", Converters::autoPetCrop));
    }

    /**
     * The zip's top-level entry named like the output, extracted to the output (the original's
     * {@code ZipFile.extractall} into the output's folder, limited to the one file the record needs).
     */
    static void unzipMember(List<Path> in, Path out) throws IOException {
        String name = out.getFileName().toString();
        try (ZipFile zip = new ZipFile(in.get(0).toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null || entry.isDirectory()) {
                throw new IOException(in.get(0) + " has no entry " + name);
            }
            AtomicFiles.write(out, o -> {
                try (InputStream data = zip.getInputStream(entry)) {
                    data.transferTo(o);
                }
            });
        }
    }

    /** The image's grid, then one channel per file, empty where the file is missing (the rule names them). */
    private static void stackChannels(List<Path> in, Path out) throws IOException {
        List<MaskStack.Channel> channels = new ArrayList<>();
        for (Path file : in.subList(2, in.size())) channels.add(new MaskStack.Channel(file.getFileName().toString(), existing(file)));
        MaskStack.write(out, in.get(1), channels);
    }

    /* ---------- per-dataset conversions ---------- */

    /** OR_left, OR_right, CST_left, CST_right (missing: empty), then the brain mask flipped along x, as the original. */
    private static void brainPtmStack(List<Path> in, Path out) throws IOException {
        List<MaskStack.Channel> channels = new ArrayList<>();
        for (String tract : List.of("OR_left", "OR_right", "CST_left", "CST_right"))
            channels.add(new MaskStack.Channel(tract, existing(in.get(0).resolve(tract + ".nii.gz"))));
        channels.add(new MaskStack.Channel("Brain", in.get(1), false, true));
        MaskStack.write(out, in.get(2), channels);
    }

    /** PDDCA structures in label order 1..9; a later structure overwrites an earlier one where both are 1. */
    private static final List<String> PDDCA_STRUCTURES = List.of("BrainStem", "Chiasm", "Mandible", "OpticNerve_L",
            "OpticNerve_R", "Parotid_L", "Parotid_R", "Submandibular_L", "Submandibular_R");

    private static void pddcaMerge(List<Path> in, Path out) throws IOException {
        ImageGeometry g = ImageGeometry.of(in.get(1));
        byte[] label = new byte[voxels(g)];
        for (int i = 0; i < PDDCA_STRUCTURES.size(); i++) {
            Path file = existing(in.get(0).resolve(PDDCA_STRUCTURES.get(i) + ".nrrd"));
            if (file == null) continue;
            byte[] m = uint8(onGrid(in.get(1), file, mask(file)));
            for (int v = 0; v < label.length; v++) if (m[v] == 1) label[v] = (byte) (i + 1);
        }
        writeMask(out, Volume.ofBytes(g.shape(), g.affine(), label));
    }

    /** 1 wherever any radiologist's mask ({@code <case>_rad*.mhd}) is above 0; no mask gives an empty one. */
    private static void lndbMerge(List<Path> in, Path out) throws IOException {
        String caseName = out.getFileName().toString().replaceFirst("\\.nii\\.gz$", "");
        ImageGeometry g = ImageGeometry.of(in.get(1));
        byte[] label = new byte[voxels(g)];
        List<Path> radiologists;
        try (Stream<Path> s = Files.list(in.get(0))) {
            radiologists = s.filter(p -> p.getFileName().toString().matches(Pattern.quote(caseName) + "_rad.*\\.mhd"))
                    .sorted().toList();
        }
        for (Path file : radiologists) {
            byte[] m = uint8(onGrid(in.get(1), file, mask(file)));
            for (int v = 0; v < label.length; v++) if (m[v] != 0) label[v] = 1;
        }
        writeMask(out, Volume.ofBytes(g.shape(), g.affine(), label));
    }

    /** Atrium (above 0) is 1, scar (above 0) is 2, on the enhanced image's grid. */
    private static void lascarqsMerge(List<Path> in, Path out) throws IOException {
        float[] atrium = onGrid(in.get(2), in.get(0), mask(in.get(0))).floats(0);
        float[] scar = onGrid(in.get(2), in.get(1), mask(in.get(1))).floats(0);
        ImageGeometry g = ImageGeometry.of(in.get(2));
        byte[] label = new byte[atrium.length];
        for (int v = 0; v < label.length; v++) label[v] = scar[v] > 0 ? 2 : atrium[v] > 0 ? 1 : uint8(atrium[v]);
        writeMask(out, Volume.ofBytes(g.shape(), g.affine(), label));
    }

    /** astype(uint8) (so 500 wraps to 244, 600 to 88, 1220 to 196, 2221 to 173), then those values to 1..5. */
    private static Volume myopsRelabel(Volume gd) {
        byte[] b = uint8(gd);
        for (int v = 0; v < b.length; v++) {
            switch (b[v] & 0xff) {
                case 88 -> b[v] = 1;
                case 173 -> b[v] = 2;
                case 196 -> b[v] = 3;
                case 200 -> b[v] = 4;
                case 244 -> b[v] = 5;
                default -> { }
            }
        }
        return Volume.ofBytes(gd.shape(), gd.affine(), b);
    }

    /**
     * The case's single DICOM series ({@code <case>/<study>/<series>/}), its slices reversed along z and put on the
     * label's affine: the original's dicom2nifti output flipped with [:, :, ::-1] and saved with the label's affine.
     */
    private static void pancreasCt(List<Path> in, Path out) throws IOException {
        List<Path> series;
        try (Stream<Path> s = Files.walk(in.get(0), 2)) {
            series = s.filter(p -> in.get(0).relativize(p).getNameCount() == 2 && Files.isDirectory(p)).sorted().toList();
        }
        if (series.size() != 1)
            throw new VolumeFormatException(in.get(0), series.size() + " series folders (<study>/<series>) found, expected 1");
        Volume v = DicomSeries.read(series.get(0));
        ImageGeometry label = ImageGeometry.of(in.get(1));
        if (!Arrays.equals(v.shape(), label.shape()))
            throw new VolumeFormatException(series.get(0), "shape " + Arrays.toString(v.shape())
                    + " does not match the label's " + Arrays.toString(label.shape()));
        float[] src = v.floats(0), flipped = new float[src.length];
        int plane = v.nx() * v.ny(), nz = v.nz();
        for (int z = 0; z < nz; z++) System.arraycopy(src, z * plane, flipped, (nz - 1 - z) * plane, plane);
        writeImage(out, Volume.ofFloats(v.shape(), label.affine(), flipped));
    }

    /**
     * The volume cropped along z to the SEG's slices above 0, 48 slices either side (clamped); an empty SEG fails,
     * as the original left such studies out. The affine's origin moves to the first kept slice (the original
     * kept the uncropped affine, shifting the crop in the world).
     */
    private static void autoPetCrop(List<Path> in, Path out) throws IOException {
        Volume seg = mask(in.get(1));
        float[] s = seg.floats(0);
        int plane = seg.nx() * seg.ny(), first = -1, last = -1;
        for (int i = 0; i < s.length; i++) {
            if (uint8(s[i]) != 0) {
                if (first < 0) first = i / plane;
                last = i / plane;
            }
        }
        if (first < 0) throw new VolumeFormatException(in.get(1), "SEG is empty: the study has no tumour and is not used");
        Volume v = in.get(0).equals(in.get(1)) ? seg : image(in.get(0));
        if (!Arrays.equals(v.shape(), seg.shape()))
            throw new VolumeFormatException(in.get(0), "shape does not match the SEG's " + Arrays.toString(seg.shape()));
        int z0 = Math.max(0, first - 48), z1 = Math.min(seg.nz() - 1, last + 48);
        float[] cropped = Arrays.copyOfRange(v.floats(0), z0 * plane, (z1 + 1) * plane);
        double[] origin = v.affine().apply(0, 0, z0);
        Affine affine = v.affine().withTranslation(origin[0], origin[1], origin[2]);
        Volume crop = Volume.ofFloats(new int[] {v.nx(), v.ny(), z1 - z0 + 1}, affine, cropped);
        writeImage(out, crop);
    }

    /* ---------- helpers ---------- */

    private static Volume image(Path file) throws IOException {
        return Volumes.read(file, ReadOptions.IMAGE);
    }

    private static Volume mask(Path file) throws IOException {
        return Volumes.read(file, ReadOptions.MASK);
    }

    /** Integer values are kept exactly (int16 for CT, uint8 for 0/1 masks), fractional ones as float32. */
    private static void writeImage(Path out, Volume v) throws IOException {
        NiftiWriter.write(out, v, Conversions.exactType(v));
    }

    private static void writeMask(Path out, Volume v) throws IOException {
        NiftiWriter.write(out, v, DataType.UINT8);
    }

    private static Volume minus1000(Volume v) {
        float[] f = v.floats(0).clone();
        for (int i = 0; i < f.length; i++) f[i] -= 1000;
        return Volume.ofFloats(v.shape(), v.affine(), f);
    }

    /** numpy's astype(np.uint8) of a float: truncated towards 0, then wrapped modulo 256. */
    private static byte uint8(float v) {
        return (byte) (long) v;
    }

    private static byte[] uint8(Volume v) {
        if (v.isBytes()) return v.bytes(0).clone();
        float[] f = v.floats(0);
        byte[] b = new byte[f.length];
        for (int i = 0; i < f.length; i++) b[i] = uint8(f[i]);
        return b;
    }

    private static Volume uint8Volume(Volume v) {
        return Volume.ofBytes(v.shape(), v.affine(), uint8(v));
    }

    /** LAScarQS task 2: astype(uint8) > 0, on the mask's own grid. */
    private static Volume binarize(Volume v) {
        byte[] b = uint8(v);
        for (int i = 0; i < b.length; i++) b[i] = (byte) (b[i] != 0 ? 1 : 0);
        return Volume.ofBytes(v.shape(), v.affine(), b);
    }

    /** The mask's voxels on the image's grid (its own affine is not used, as in the original); shapes must match. */
    private static Volume onGrid(Path image, Path maskFile, Volume mask) throws IOException {
        ImageGeometry g = ImageGeometry.of(image);
        if (!Arrays.equals(g.shape(), mask.shape()))
            throw new VolumeFormatException(maskFile, "shape " + Arrays.toString(mask.shape())
                    + " does not match the image's " + Arrays.toString(g.shape()));
        return mask.withAffine(g.affine());
    }

    private static int voxels(ImageGeometry g) {
        return Math.multiplyExact(g.shape()[0] * g.shape()[1], g.shape()[2]);
    }

    private static Path existing(Path file) {
        return Files.isRegularFile(file) ? file : null;
    }

    /** The non-hidden PNG files of a Ground folder, sorted by name as the original's sorted(os.listdir). */
    private static List<Path> pngs(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(".png");
            }).sorted().toList();
            if (files.isEmpty()) throw new VolumeFormatException(folder, "no PNG slices");
            return files;
        }
    }
}
