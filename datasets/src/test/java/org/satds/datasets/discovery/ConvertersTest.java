package org.satds.datasets.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/** Each built-in conversion on small generated inputs, checked against values and world points computed here. */
class ConvertersTest {
    private static final Map<String, Conversion> CONVERTERS = Converters.builtIn();

    @TempDir
    Path dir;

    private Path convert(String kind, Path... inputs) throws IOException {
        Path out = dir.resolve("out/" + kind + ".nii.gz");
        CONVERTERS.get(kind).convert(List.of(inputs), out);
        return out;
    }

    private static Volume read(Path file) throws IOException {
        return Volumes.read(file, ReadOptions.IMAGE);
    }

    private static Volume readChannels(Path file) throws IOException {
        return Volumes.read(file, ReadOptions.CHANNEL_FIRST_MASK);
    }

    private static DataType type(Path nifti) throws IOException {
        return NiftiReader.readHeader(nifti).datatype;
    }

    private static void assertWorld(double[] want, double[] got) {
        assertArrayEquals(want, got, 1e-4);
    }

    private static void assertValues(Volume v, int channel, Raw.Voxel want) {
        assertArrayEquals(Raw.SHAPE, v.shape());
        for (int z = 0; z < Raw.SHAPE[2]; z++) for (int y = 0; y < Raw.SHAPE[1]; y++) for (int x = 0; x < Raw.SHAPE[0]; x++)
            assertEquals(want.at(x, y, z), v.value(channel, x, y, z), 0, "voxel " + x + "," + y + "," + z + " of channel " + channel);
    }

    private static final Raw.Voxel CT = (x, y, z) -> x + 10 * y + 100 * z - 300;

    @Test
    void everyKindTheBuiltInRulesNameIsRegistered() {
        Set<String> named = new HashSet<>();
        for (DiscoveryRule rule : DiscoveryRules.builtIn().all())
            for (SampleRule sample : rule.samples()) for (ConversionStep step : sample.convert()) named.add(step.kind());
        assertEquals(named, CONVERTERS.keySet());
    }

    @Test
    void unzipMemberExtractsTheEntryNamedLikeTheOutput() throws IOException {
        Path zip = dir.resolve("case.nii.gz.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("other.nii.gz"));
            out.write(new byte[] {9});
            out.putNextEntry(new java.util.zip.ZipEntry("case.nii.gz"));
            out.write(new byte[] {1, 2, 3});
        }
        Path extracted = dir.resolve("labels/case.nii.gz");
        CONVERTERS.get("unzip_member").convert(List.of(zip), extracted);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(extracted));
        Path absent = dir.resolve("labels/absent.nii.gz");
        IOException e = assertThrows(IOException.class, () -> CONVERTERS.get("unzip_member").convert(List.of(zip), absent));
        assertTrue(e.getMessage().contains("absent.nii.gz"), e.getMessage());
        assertTrue(Files.notExists(absent));
    }

    @Test
    void copyKeepsTheBytes() throws IOException {
        Path in = Raw.nifti(dir.resolve("enhanced.nii.gz"), Raw.values(CT), DataType.INT16);
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(convert("copy", in)));
    }

    @Test
    void metaImageAndNrrdKeepValuesTypeAndWorldPoints() throws IOException {
        for (Path in : List.of(Raw.mhd(dir.resolve("liver-orig001.mhd"), Raw.values(CT)), Raw.nrrd(dir.resolve("img.nrrd"), Raw.values(CT)))) {
            Path out = convert(in.toString().endsWith(".mhd") ? "metaimage_to_nifti" : "nrrd_to_nifti", in);
            Volume v = read(out);
            assertValues(v, 0, CT);
            assertEquals(DataType.INT16, type(out));
            for (int[] p : new int[][] {{0, 0, 0}, {3, 2, 4}, {1, 2, 3}}) assertWorld(Raw.lpsFileWorld(p[0], p[1], p[2]), v.affine().apply(p[0], p[1], p[2]));
        }
    }

    @Test
    void minus1000FromNrrdAndFromNifti() throws IOException {
        Raw.Voxel stored = (x, y, z) -> CT.at(x, y, z) + 1000;
        Raw.Voxel hu = CT;
        Path fromNrrd = convert("nrrd_to_nifti_minus_1000", Raw.nrrd(dir.resolve("KiTS/1/1.nrrd"), Raw.values(stored)));
        assertValues(read(fromNrrd), 0, hu);
        assertEquals(DataType.INT16, type(fromNrrd));
        assertWorld(Raw.lpsFileWorld(3, 2, 4), read(fromNrrd).affine().apply(3, 2, 4));
        Path fromNifti = convert("nifti_minus_1000", Raw.nifti(dir.resolve("image/1.nii.gz"), Raw.values(stored), DataType.UINT16));
        assertValues(read(fromNifti), 0, hu);
        assertTrue(read(fromNifti).affine().closeTo(Raw.AFFINE, 1e-6));
    }

    @Test
    void squeezeDropsTheSingletonTimeAxis() throws IOException {
        Path in = dir.resolve("P001-ED.nii.gz");
        Raw.nifti(in, Raw.values(CT), DataType.INT16);
        // make it (x, y, z, 1): dim[0] = 4, dim[4] = 1, as the CMRxMotion download stores its frames
        byte[] bytes = gunzip(in);
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort(40, (short) 4).putShort(48, (short) 1);
        Files.write(in, gzip(bytes));
        assertEquals(4, NiftiReader.readHeader(in).rank());

        Path out = convert("squeeze_nifti", in);

        assertEquals(3, NiftiReader.readHeader(out).rank());
        assertValues(read(out), 0, CT);
        assertTrue(read(out).affine().closeTo(Raw.AFFINE, 1e-6));
    }

    @Test
    void uint8MaskOnTheImageGridWrapsLikeNumpy() throws IOException {
        Affine other = Affine.diagonal(1, 1, 1);
        Path label = Raw.nifti(dir.resolve("label.nii.gz"), Raw.values((x, y, z) -> x == 0 ? 257 : x == 1 ? -1 : x == 2 ? 2.7f : 3), DataType.FLOAT32, other);
        Path image = Raw.nifti(dir.resolve("image.nii.gz"), Raw.values(CT), DataType.INT16);

        Path out = convert("uint8_mask_on_image_grid", label, image);

        assertEquals(DataType.UINT8, type(out));
        assertValues(read(out), 0, (x, y, z) -> x == 0 ? 1 : x == 1 ? 255 : x == 2 ? 2 : 3);
        assertTrue(read(out).affine().closeTo(Raw.AFFINE, 1e-6), "the image's affine, not the label's");
    }

    @Test
    void binarizeIsNonZeroAfterTheUint8Cast() throws IOException {
        Path atrium = Raw.nifti(dir.resolve("atriumSegImgMO.nii.gz"), Raw.values((x, y, z) -> x == 0 ? 0 : x == 1 ? 420 : x == 2 ? 256 : 1), DataType.INT16);
        Path out = convert("binarize_mask", atrium);
        assertValues(read(out), 0, (x, y, z) -> x == 0 || x == 2 ? 0 : 1);
    }

    @Test
    void myopsValuesWrapThenBecomeOneToFive() throws IOException {
        float[] raw = {0, 600, 2221, 1220, 200, 500};
        Path gd = Raw.nifti(dir.resolve("gd.nii.gz"), Raw.values((x, y, z) -> raw[(x + y) % raw.length]), DataType.INT16);
        Path out = convert("myops_relabel", gd);
        assertEquals(DataType.UINT8, type(out));
        assertValues(read(out), 0, (x, y, z) -> (x + y) % raw.length); // 600 -> 88 -> 1, 2221 -> 173 -> 2, ...
    }

    @Test
    void lascarqsScarOverAtriumOnTheImageGrid() throws IOException {
        Path atrium = Raw.nifti(dir.resolve("a.nii.gz"), Raw.values((x, y, z) -> x >= 1 ? 420 : 0), DataType.INT16, Affine.identity());
        Path scar = Raw.nifti(dir.resolve("s.nii.gz"), Raw.values((x, y, z) -> x >= 2 ? 1 : 0), DataType.UINT8, Affine.identity());
        Path image = Raw.nifti(dir.resolve("enhanced.nii.gz"), Raw.values(CT), DataType.INT16);
        Path out = convert("lascarqs_merge_atrium_scar", atrium, scar, image);
        assertValues(read(out), 0, (x, y, z) -> x >= 2 ? 2 : x == 1 ? 1 : 0);
        assertTrue(read(out).affine().closeTo(Raw.AFFINE, 1e-6));
    }

    @Test
    void lndbUnitesTheCasesRadiologistMasks() throws IOException {
        Path masks = dir.resolve("masks");
        Raw.mhd(masks.resolve("LNDb-0001_rad1.mhd"), Raw.values((x, y, z) -> x == 0 ? 1 : 0));
        Raw.mhd(masks.resolve("LNDb-0001_rad2.mhd"), Raw.values((x, y, z) -> z == 4 ? 7 : 0));
        Raw.mhd(masks.resolve("LNDb-0002_rad1.mhd"), Raw.values((x, y, z) -> 1)); // another case
        Path image = Raw.nifti(dir.resolve("data0/LNDb-0001.nii.gz"), Raw.values(CT), DataType.INT16);
        Path out = masks.resolve("LNDb-0001.nii.gz");

        CONVERTERS.get("lndb_merge_radiologist_masks").convert(List.of(masks, image), out);

        assertValues(read(out), 0, (x, y, z) -> x == 0 || z == 4 ? 1 : 0);
        assertTrue(read(out).affine().closeTo(Raw.AFFINE, 1e-6));
    }

    @Test
    void pddcaStructuresAreLabelsOneToNineLaterWinning() throws IOException {
        Path structures = dir.resolve("0522c0001/structures");
        Raw.nrrd(structures.resolve("BrainStem.nrrd"), Raw.values((x, y, z) -> x <= 1 ? 1 : 0));
        Raw.nrrd(structures.resolve("Mandible.nrrd"), Raw.values((x, y, z) -> x == 1 ? 1 : 0));
        Raw.nrrd(structures.resolve("Submandibular_R.nrrd"), Raw.values((x, y, z) -> x == 3 ? 1 : 0));
        Path image = Raw.nifti(dir.resolve("0522c0001/img.nii.gz"), Raw.values(CT), DataType.INT16);
        Path out = convert("pddca_merge_structures", structures, image);
        assertValues(read(out), 0, (x, y, z) -> x == 0 ? 1 : x == 1 ? 3 : x == 3 ? 9 : 0);
        assertTrue(read(out).affine().closeTo(Raw.AFFINE, 1e-6));
    }

    @Test
    void brainPtmStacksTractsThenTheBrainFlippedAlongX() throws IOException {
        Path tracts = dir.resolve("sheba75_tracts_train/case_1");
        Raw.nifti(tracts.resolve("OR_right.nii.gz"), Raw.values((x, y, z) -> y == 1 ? 1 : 0), DataType.UINT8);
        Path brain = Raw.nifti(dir.resolve("brain_mask.nii.gz"), Raw.values((x, y, z) -> x == 0 ? 1 : 0), DataType.UINT8);
        Path t1 = Raw.nifti(dir.resolve("T1.nii.gz"), Raw.values(CT), DataType.INT16);

        Volume v = readChannels(convert("brainptm_stack_tracts", tracts, brain, t1));

        assertEquals(5, v.channels());
        assertValues(v, 0, (x, y, z) -> 0);
        assertValues(v, 1, (x, y, z) -> y == 1 ? 1 : 0);
        assertValues(v, 4, (x, y, z) -> x == Raw.SHAPE[0] - 1 ? 1 : 0);
    }

    @Test
    void nsclcBinarizesTheCavityAndKeepsTheEffusion() throws IOException {
        Path cavity = Raw.nifti(dir.resolve("cav.nii.gz"), Raw.values((x, y, z) -> x == 0 ? 255 : x == 1 ? -3 : 0), DataType.INT16);
        Path effusion = Raw.nifti(dir.resolve("eff.nii.gz"), Raw.values((x, y, z) -> z == 0 ? 1 : 0), DataType.UINT8);
        Path image = Raw.nifti(dir.resolve("ct.nii.gz"), Raw.values(CT), DataType.INT16);
        Volume v = readChannels(convert("nsclc_stack_cavity_effusion", cavity, effusion, image));
        assertValues(v, 0, (x, y, z) -> x == 0 ? 1 : 0);
        assertValues(v, 1, (x, y, z) -> z == 0 ? 1 : 0);
    }

    /** The datasets whose masks stack one file per label, and a case folder name of their download. */
    static final Map<String, String> STACKED = Map.of("TotalSegmentator_Organs", "s0001", "TotalSegmentator_Vertebrae", "s0001",
            "TotalSegmentator_Cardiac", "s0001", "TotalSegmentator_Muscles", "s0001", "TotalSegmentator_Ribs", "s0001",
            "TotalSegmentator_v2", "s0001", "HAN_Seg", "case_01");

    static ConversionStep stackStep(String dataset) {
        return DiscoveryRules.builtIn().get(dataset).samples().get(0).convert().stream()
                .filter(s -> s.kind().equals("stack_channels")).findFirst().orElseThrow();
    }

    /** Each file of the rule's channels, given one voxel of its own (voxel c for channel c), lands in its channel. */
    @Test
    void stackChannelsPutsEachFileInItsLabelsChannel() throws IOException {
        for (var e : STACKED.entrySet()) {
            Path folder = dir.resolve(e.getKey() + "/" + e.getValue());
            List<Path> inputs = new java.util.ArrayList<>(List.of(folder, Raw.nifti(folder.resolve("image.nii.gz"), Raw.values(CT), DataType.INT16)));
            List<String> files = List.copyOf(stackStep(e.getKey()).channels().values());
            for (int c = 0; c < files.size(); c++) {
                int own = c;
                Path file = folder.resolve(Template.render(files.get(c), Map.of("case", e.getValue())));
                if (c == 1) { // a missing file gives an empty channel
                    inputs.add(file);
                    continue;
                }
                Raw.Voxel voxel = (x, y, z) -> Raw.index(x, y, z) == own ? 1 : 0;
                if (file.toString().endsWith(".nrrd")) Raw.nrrd(file, Raw.values(voxel));
                else Raw.nifti(file, Raw.values(voxel), DataType.UINT8);
                inputs.add(file);
            }
            Path out = dir.resolve("out/" + e.getKey() + ".nii.gz");
            CONVERTERS.get("stack_channels").convert(inputs, out);
            Volume v = readChannels(out);
            assertEquals(files.size(), v.channels(), e.getKey());
            for (int c = 0; c < files.size(); c++) {
                int own = c;
                assertValues(v, c, (x, y, z) -> own != 1 && Raw.index(x, y, z) == own ? 1 : 0);
            }
            assertTrue(v.affine().closeTo(Raw.AFFINE, 1e-6));
        }
    }

    /**
     * Every channel, at every position, is the published label of its file: the rule's channel labels are the
     * published jsonl's labels in order, and each file is the one the original read for that label (TotalSegmentator:
     * the file name read as a label; HAN_Seg: processor.py's OAR keys, positional with its label list).
     */
    @Test
    void everyChannelIsThePublishedLabelOfItsFile() throws IOException {
        for (String dataset : STACKED.keySet()) {
            Map<String, String> channels = stackStep(dataset).channels();
            List<String> published = publishedLabels(dataset), labels = List.copyOf(channels.keySet());
            assertEquals(published.subList(0, labels.size()), labels, dataset + ": channel labels against the published order");
            List<String> files = List.copyOf(channels.values());
            for (int c = 0; c < files.size(); c++) {
                String expected = dataset.equals("HAN_Seg") ? "{case}_OAR_" + HAN_SEG_KEYS.get(c) + ".seg.nrrd" : null;
                if (expected != null) assertEquals(expected, files.get(c), dataset + " channel " + c);
                else assertEquals(published.get(c), labelOfTotalSegmentatorFile(files.get(c)), dataset + " channel " + c + ": " + files.get(c));
            }
        }
    }

    /** processor.py preprocess_HAN_Seg's OAR file keys, in the order of its descriptive labels. */
    private static final List<String> HAN_SEG_KEYS = List.of("Arytenoid", "Brainstem", "BuccalMucosa", "A_Carotid_L",
            "A_Carotid_R", "Esophagus_S", "Cochlea_L", "Cochlea_R", "Cricopharyngeus", "Eye_AL", "Eye_AR", "Eye_PL",
            "Eye_PR", "Glnd_Lacrimal_L", "Glnd_Lacrimal_R", "Glottis", "Larynx_SG", "Lips", "Bone_Mandible",
            "OpticChiasm", "OpticNrv_L", "OpticNrv_R", "Cavity_Oral", "Parotid_L", "Parotid_R", "Pituitary",
            "SpinalCord", "Glnd_Submand_L", "Glnd_Submand_R", "Glnd_Thyroid");

    /** The wordings the published labels give some TotalSegmentator files, which the file name does not spell. */
    private static final Map<String, String> TS_WORDING = Map.of("heart_myocardium", "myocardium",
            "clavicula_left", "left clavicle", "clavicula_right", "right clavicle",
            "atrial_appendage_left", "left auricle of heart", "costal_cartilages", "costal cartilage");

    /** "kidney_left" -> "left kidney", "rib_right_10" -> "right rib 10", "vertebrae_T10" -> "thoracic vertebrae 10 (T10)". */
    private static String labelOfTotalSegmentatorFile(String file) {
        String name = file.replaceFirst("\\.nii\\.gz$", "");
        if (TS_WORDING.containsKey(name)) return TS_WORDING.get(name);
        Matcher vertebra = Pattern.compile("vertebrae_([CTLS])(\\d+)").matcher(name);
        if (vertebra.matches()) {
            String region = Map.of("C", "cervical", "T", "thoracic", "L", "lumbar", "S", "sacral").get(vertebra.group(1));
            return region + " vertebrae " + vertebra.group(2) + " (" + vertebra.group(1) + vertebra.group(2) + ")";
        }
        Matcher sided = Pattern.compile("(.+?)_(left|right)(?:_(\\d+))?").matcher(name);
        if (sided.matches()) name = sided.group(2) + " " + sided.group(1) + (sided.group(3) == null ? "" : " " + sided.group(3));
        return name.replace('_', ' ');
    }

    @SuppressWarnings("unchecked")
    private static List<String> publishedLabels(String dataset) throws IOException {
        return (List<String>) PublishedJsonlTest.readJsonl(PublishedJsonlTest.published().resolve(dataset + ".jsonl")).get(0).get("label");
    }

    @Test
    void dicomSeriesIsPlacedInTheWorldFromItsHeaders() throws IOException {
        Path series = dir.resolve("DICOM_anon");
        Raw.Voxel stored = (c, r, k) -> c + 10 * r + 100 * k;
        Raw.dicomSeries(series, 3, 4, 5, stored);

        Path out = convert("dicom_series_to_nifti", series);

        Volume v = read(out);
        assertEquals(DataType.INT16, type(out));
        assertEquals(60, v.voxels());
        assertEveryVoxelIsTheSliceValueAtItsWorldPoint(v, stored, false);
    }

    /**
     * Each voxel's world point, mapped back through the series' own geometry (LPS column 0.75 mm along x, row
     * 0.5 mm along y, slice k at z = 100 + 2.5 k), must hold that slice pixel's value minus 1024; with
     * {@code reversedSlices} the values are those of slice D-1-k (Pancreas-CT's flip).
     */
    private static void assertEveryVoxelIsTheSliceValueAtItsWorldPoint(Volume v, Raw.Voxel stored, boolean reversedSlices) {
        for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++) {
            double[] ras = v.affine().apply(x, y, z);
            int c = (int) Math.round(-ras[0] / 0.75), r = (int) Math.round(-ras[1] / 0.5), k = (int) Math.round((ras[2] - 100) / 2.5);
            int source = reversedSlices ? v.nz() - 1 - k : k;
            assertEquals(stored.at(c, r, source) - 1024, v.value(0, x, y, z), 0, "voxel " + x + "," + y + "," + z);
        }
    }

    @Test
    void pancreasCtSeriesFlippedOntoTheLabelsGrid() throws IOException {
        Raw.Voxel stored = (c, r, k) -> c + 10 * r + 100 * k;
        Path caseDir = dir.resolve("images/PANCREAS_0001");
        Raw.dicomSeries(caseDir.resolve("11-24-2015-PANCREAS0001-Pancreas-18957/Pancreas-99667"), 3, 4, 5, stored);
        Path probe = convert("dicom_series_to_nifti", caseDir.resolve("11-24-2015-PANCREAS0001-Pancreas-18957/Pancreas-99667"));
        Volume plain = read(probe);
        // the label's grid: the series' own affine (the TCIA labels share it), so the flip is what changes values
        Path label = dir.resolve("labels/label0001.nii.gz");
        Files.createDirectories(label.getParent());
        org.satds.core.io.NiftiWriter.write(label, Volume.ofBytes(plain.shape(), plain.affine(), new byte[plain.voxels()]), DataType.UINT8);

        Path out = convert("pancreas_ct_dicom_to_nifti", caseDir, label);

        Volume v = read(out);
        assertTrue(v.affine().closeTo(plain.affine(), 1e-6));
        assertEveryVoxelIsTheSliceValueAtItsWorldPoint(v, stored, true);
    }

    @Test
    void chaosPngSlicesOnTheDicomImage() throws IOException {
        // CT: 3 columns x 4 rows x 5 slices, grey 255 where liver; image from DICOM of the same size
        Raw.Voxel stored = (c, r, k) -> c + 10 * r + 100 * k;
        Raw.dicomSeries(dir.resolve("21/DICOM_anon"), 4, 3, 5, stored);
        Path image = convert("dicom_series_to_nifti", dir.resolve("21/DICOM_anon"));
        for (int k = 0; k < 5; k++) {
            int slice = k;
            Raw.png(dir.resolve("21/Ground/liver_GT_00" + k + ".png"), 3, 4, (c, r, unused) -> c == 0 && r == slice % 4 ? 255 : 0);
        }

        Volume ct = read(convert("chaos_ct_png_slices_to_nifti", dir.resolve("21/Ground"), image));

        // the original: slices stacked, flipped along depth and width, i.e. PNG slice D-1-z, row H-1-y, column x
        assertArrayEquals(new int[] {3, 4, 5}, ct.shape());
        for (int z = 0; z < 5; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 3; x++) {
            int k = 4 - z, r = 3 - y;
            assertEquals(x == 0 && r == k % 4 ? 255 : 0, ct.value(0, x, y, z), 0);
        }
        assertTrue(ct.affine().closeTo(read(image).affine(), 1e-6));

        // MRI: grey levels 63, 126, 189, 252 are liver, right kidney, left kidney, spleen; slices in order
        for (int k = 0; k < 5; k++) Raw.png(dir.resolve("MR/Ground/IMG-0004-000" + k + ".png"), 3, 4, (c, r, unused) -> 63 * c);
        Volume mri = readChannels(convert("chaos_mri_png_slices_to_nifti", dir.resolve("MR/Ground"), image));
        assertEquals(4, mri.channels());
        for (int organ = 0; organ < 3; organ++)
            for (int y = 0; y < 4; y++) for (int x = 0; x < 3; x++) assertEquals(x == organ + 1 ? 1 : 0, mri.value(organ, x, y, 2), 0);
    }

    @Test
    void fumpeMatMaskRotatedOntoTheImage() throws IOException {
        // MATLAB Mask(r, c, d) with R = 4 rows, C = 3 columns: the image is C x R x D, voxel (x, y, z) = Mask(R-1-y, x, z)
        int rows = 4, cols = 3, slices = 5;
        Path mat = Raw.mat(dir.resolve("GroundTruth/PAT001.mat"), "Mask", new int[] {rows, cols, slices}, i -> i % 7);
        Raw.dicomSeries(dir.resolve("CT_scans/PAT001"), rows, cols, slices, (c, r, k) -> 0);
        Path image = convert("dicom_series_to_nifti", dir.resolve("CT_scans/PAT001"));

        Volume v = read(convert("mat_to_nifti", mat, image));

        for (int z = 0; z < slices; z++) for (int y = 0; y < rows; y++) for (int x = 0; x < cols; x++) {
            int r = rows - 1 - y, c = x;
            assertEquals((r + rows * (c + cols * z)) % 7, v.value(0, x, y, z), 0);
        }
        assertTrue(v.affine().closeTo(read(image).affine(), 1e-6));
    }

    @Test
    void autoPetCropsToTheSegSlicesAndKeepsTheWorld() throws IOException {
        int nz = 120;
        Affine affine = Raw.AFFINE;
        Path seg = dir.resolve("SEG.nii.gz"), suv = dir.resolve("SUV.nii.gz");
        write(seg, nz, affine, z -> z == 60 || z == 62 ? 1 : 0);
        write(suv, nz, affine, z -> z * 0.5f);

        Volume croppedSuv = read(convert("autopet_crop_nonempty", suv, seg));
        Volume croppedSeg = read(convert("autopet_crop_nonempty", seg, seg));

        int z0 = 60 - 48, z1 = 62 + 48;
        assertEquals(z1 - z0 + 1, croppedSuv.nz());
        for (int z = 0; z < croppedSuv.nz(); z++) assertEquals((z + z0) * 0.5f, croppedSuv.value(0, 1, 1, z), 0);
        assertWorld(affine.apply(2, 1, z0 + 7), croppedSuv.affine().apply(2, 1, 7));
        assertEquals(1, croppedSeg.value(0, 0, 0, 60 - z0), 0);
        assertEquals(DataType.UINT8, type(dir.resolve("out/autopet_crop_nonempty.nii.gz")));

        write(seg, nz, affine, z -> 0);
        IOException e = assertThrows(IOException.class, () -> convert("autopet_crop_nonempty", suv, seg));
        assertTrue(e.getMessage().contains("SEG is empty"), e.getMessage());
    }

    private static void write(Path file, int nz, Affine affine, java.util.function.IntToDoubleFunction valueOfZ) throws IOException {
        int[] shape = {3, 2, nz};
        float[] v = new float[3 * 2 * nz];
        for (int i = 0; i < v.length; i++) v[i] = (float) valueOfZ.applyAsDouble(i / 6);
        org.satds.core.io.NiftiWriter.write(file, Volume.ofFloats(shape, affine, v), DataType.FLOAT32);
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var g = new java.util.zip.GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }
}
