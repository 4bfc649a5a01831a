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
                // [case folder, image]
                Map.entry("han_seg_stack_organs", Converters::hanSegStack),
                // [tracts folder, brain_mask, T1 image]
                Map.entry("brainptm_stack_tracts", Converters::brainPtmStack),
                // [thoracic cavity, effusion, image]
                Map.entry("nsclc_stack_cavity_effusion", (in, out) -> MaskStack.write(out, in.get(2), List.of(
                        new MaskStack.Channel("thoracic cavity", in.get(0), true, false),
                        new MaskStack.Channel("effusion", in.get(1))))),
                // [segmentations folder, ct image]
                totalSegmentator("organs", TS_ORGANS),
                totalSegmentator("vertebrae", TS_VERTEBRAE),
                totalSegmentator("cardiac", TS_CARDIAC),
                totalSegmentator("muscles", TS_MUSCLES),
                totalSegmentator("ribs", TS_RIBS),
                totalSegmentator("v2", TS_V2),
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

    /* ---------- TotalSegmentator: one channel per file of a group, in the order of the rule's labels ---------- */

    // The original indexed a 104-name list by position in the sorted listing of segmentations/ (a missing file
    // shifted every later name); here each channel is named by its file, a missing file giving an empty channel.
    static final List<String> TS_ORGANS = List.of("adrenal_gland_left", "adrenal_gland_right", "colon", "duodenum",
            "esophagus", "gallbladder", "kidney_left", "kidney_right", "liver", "lung_lower_lobe_left",
            "lung_lower_lobe_right", "lung_middle_lobe_right", "lung_upper_lobe_left", "lung_upper_lobe_right",
            "pancreas", "small_bowel", "spleen", "stomach", "trachea", "urinary_bladder");
    static final List<String> TS_VERTEBRAE = List.of("sacrum", "vertebrae_C1", "vertebrae_C2", "vertebrae_C3",
            "vertebrae_C4", "vertebrae_C5", "vertebrae_C6", "vertebrae_C7", "vertebrae_L1", "vertebrae_L2",
            "vertebrae_L3", "vertebrae_L4", "vertebrae_L5", "vertebrae_T1", "vertebrae_T10", "vertebrae_T11",
            "vertebrae_T12", "vertebrae_T2", "vertebrae_T3", "vertebrae_T4", "vertebrae_T5", "vertebrae_T6",
            "vertebrae_T7", "vertebrae_T8", "vertebrae_T9");
    static final List<String> TS_CARDIAC = List.of("aorta", "heart_atrium_left", "heart_atrium_right",
            "heart_myocardium", "heart_ventricle_left", "heart_ventricle_right", "iliac_artery_left",
            "iliac_artery_right", "iliac_vena_left", "iliac_vena_right", "inferior_vena_cava",
            "portal_vein_and_splenic_vein", "pulmonary_artery");
    /** With the clavicles, which the original dropped through a 'clavicula'/'clavicle' name mismatch. */
    static final List<String> TS_MUSCLES = List.of("autochthon_left", "autochthon_right", "brain", "clavicula_left",
            "clavicula_right", "femur_left", "femur_right", "gluteus_maximus_left", "gluteus_maximus_right",
            "gluteus_medius_left", "gluteus_medius_right", "gluteus_minimus_left", "gluteus_minimus_right",
            "hip_left", "hip_right", "humerus_left", "humerus_right", "iliopsoas_left", "iliopsoas_right",
            "scapula_left", "scapula_right");
    static final List<String> TS_RIBS = Stream.of("left", "right")
            .flatMap(side -> Stream.of(1, 10, 11, 12, 2, 3, 4, 5, 6, 7, 8, 9).map(n -> "rib_" + side + "_" + n))
            .toList();
    static final List<String> TS_V2 = List.of("atrial_appendage_left", "brachiocephalic_trunk",
            "brachiocephalic_vein_left", "brachiocephalic_vein_right", "common_carotid_artery_left",
            "common_carotid_artery_right", "costal_cartilages", "heart", "kidney_cyst_left", "kidney_cyst_right",
            "prostate", "pulmonary_vein", "skull", "spinal_cord", "sternum", "subclavian_artery_left",
            "subclavian_artery_right", "superior_vena_cava", "thyroid_gland", "vertebrae_S1");

    private static Map.Entry<String, Conversion> totalSegmentator(String group, List<String> files) {
        return Map.entry("totalsegmentator_stack_" + group, (in, out) -> {
            List<MaskStack.Channel> channels = new ArrayList<>();
            for (String name : files) channels.add(new MaskStack.Channel(name, existing(in.get(0).resolve(name + ".nii.gz"))));
            MaskStack.write(out, in.get(1), channels);
        });
    }

    /* ---------- per-dataset conversions ---------- */

    /** HAN_Seg's OAR file keys ({@code case_01_OAR_<key>.seg.nrrd}) in the order of the rule's labels. */
    private static final List<String> HAN_SEG_ORGANS = List.of("Arytenoid", "Brainstem", "BuccalMucosa", "A_Carotid_L",
            "A_Carotid_R", "Esophagus_S", "Cochlea_L", "Cochlea_R", "Cricopharyngeus", "Eye_AL", "Eye_AR", "Eye_PL",
            "Eye_PR", "Glnd_Lacrimal_L", "Glnd_Lacrimal_R", "Glottis", "Larynx_SG", "Lips", "Bone_Mandible",
            "OpticChiasm", "OpticNrv_L", "OpticNrv_R", "Cavity_Oral", "Parotid_L", "Parotid_R", "Pituitary",
            "SpinalCord", "Glnd_Submand_L", "Glnd_Submand_R", "Glnd_Thyroid");

    private static void hanSegStack(List<Path> in, Path out) throws IOException {
        String caseName = in.get(0).getFileName().toString();
        List<MaskStack.Channel> channels = new ArrayList<>();
        for (String key : HAN_SEG_ORGANS)
            channels.add(new MaskStack.Channel(key, existing(in.get(0).resolve(caseName + "_OAR_" + key + ".seg.nrrd"))));
        MaskStack.write(out, in.get(1), channels);
    }

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
