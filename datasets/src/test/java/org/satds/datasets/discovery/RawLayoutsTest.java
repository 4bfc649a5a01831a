package org.satds.datasets.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;

/**
 * The catalog datasets without a published jsonl, on tiny raw trees laid out as SAT-DS processor.py expects them
 * (plus stray files). Each expectation is what processor.py writes for that tree, worked out by reading its
 * {@code preprocess_<Dataset>} method; where the rule deviates (docs/deviations.md, "Processors") the test says so.
 * Records are compared in path order (the original's order is os.listdir's).
 */
class RawLayoutsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path file(Path root, String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "placeholder");
    }

    private static Path nifti(Path root, String path, int... shape) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        NiftiWriter.write(file, Volume.ofFloats(shape, Raw.AFFINE, new float[shape[0] * shape[1] * shape[2]]), DataType.UINT8);
        return file;
    }

    private ProcessReport run(String dataset, Path root) throws IOException {
        return new Processor().run(dataset, root, tmp.resolve("jsonl"), Map.of());
    }

    private static List<JsonlRecord> records(ProcessReport report) throws IOException {
        List<JsonlRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(report.jsonl())) records.add(JSON.readValue(line, JsonlRecord.class));
        return records;
    }

    /** The original's record for {@code root/image}, {@code root/mask}. */
    private static JsonlRecord original(Path root, String image, String mask, List<String> labels, String modality,
            String dataset, String split, String patientId) {
        return new JsonlRecord(root.resolve(image).toString(), root.resolve(mask).toString(), labels, modality, dataset,
                split, patientId);
    }

    private static void assertRecords(List<JsonlRecord> want, ProcessReport report) throws IOException {
        List<JsonlRecord> sorted = new ArrayList<>(want);
        sorted.sort(Comparator.comparing(JsonlRecord::image).thenComparing(JsonlRecord::mask));
        List<JsonlRecord> got = new ArrayList<>(records(report));
        got.sort(Comparator.comparing(JsonlRecord::image).thenComparing(JsonlRecord::mask));
        assertEquals(sorted, got, report.summary());
    }

    /** A mask class list as the recipe expects it: the recipe's names start with the rule's, in mask order. */
    @Test
    void rulesListTheMaskClassesTheRecipesExpect() {
        RecipeBook recipes = RecipeBook.builtIn();
        for (String dataset : PublishedJsonlTest.NOT_PUBLISHED) {
            List<String> rule = DiscoveryRules.builtIn().get(dataset).labels();
            Recipe recipe = recipes.get(dataset);
            List<String> names = recipe.labels().stream().map(Recipe.Label::name).toList();
            assertTrue(names.size() >= rule.size(), dataset);
            assertEquals(names.subList(0, rule.size()), rule, dataset);
            for (int i = 0; i < rule.size(); i++) {
                // a one-class mask is read as "raw" (its non-zero voxels); mask value i + 1 is class i otherwise
                Object want = rule.size() == 1 ? "raw" : i + 1;
                assertEquals(List.of(want), recipe.labels().get(i).sources(), dataset + " " + rule.get(i));
            }
        }
    }

    @Test
    void abdomenAtlasPartitionsOfBdmapFolders() throws IOException {
        Path root = tmp.resolve("AbdomenAtlas1.1Mini");
        for (String c : List.of("AbdomenAtlas1.1Mini_BDMAP_00000001_00000500/BDMAP_00000001",
                "AbdomenAtlas1.1Mini_BDMAP_00000001_00000500/BDMAP_00000002",
                "AbdomenAtlas1.1Mini_BDMAP_00000501_00001000/BDMAP_00000501")) {
            file(root, c + "/ct.nii.gz");
            file(root, c + "/combined_labels.nii.gz");
            file(root, c + "/segmentations/liver.nii.gz"); // per-organ files: not samples
            file(root, c + "/segmentations/aorta.nii.gz");
            file(root, c + "/.DS_Store");
            file(root, c + "/README.txt");
        }

        ProcessReport report = run("AbdomenAtlas", root);

        List<String> labels = List.of("aorta", "gallbladder", "left kidney", "right kidney", "liver", "pancreas",
                "postcava", "spleen", "stomach", "left adrenal gland", "right adrenal gland", "urinary bladder",
                "celiac trunk", "colon", "duodenum", "esophagus", "left femur", "right femur", "liver vessel",
                "intestine", "left lung", "right lung", "portal vein and splenic vein", "prostate", "rectum");
        String p1 = "AbdomenAtlas1.1Mini_BDMAP_00000001_00000500/", p2 = "AbdomenAtlas1.1Mini_BDMAP_00000501_00001000/";
        assertRecords(List.of(
                original(root, p1 + "BDMAP_00000001/ct.nii.gz", p1 + "BDMAP_00000001/combined_labels.nii.gz", labels,
                        "CT", "AbdomenAtlas", "train", "BDMAP_00000001"),
                original(root, p1 + "BDMAP_00000002/ct.nii.gz", p1 + "BDMAP_00000002/combined_labels.nii.gz", labels,
                        "CT", "AbdomenAtlas", "train", "BDMAP_00000002"),
                original(root, p2 + "BDMAP_00000501/ct.nii.gz", p2 + "BDMAP_00000501/combined_labels.nii.gz", labels,
                        "CT", "AbdomenAtlas", "train", "BDMAP_00000501")), report);
        assertEquals(3, report.found());
    }

    @Test
    void liqaTakesGed4OnlyWhereItsShapeIsTheMasks() throws IOException {
        Path root = tmp.resolve("LiQA");
        // on the mask's grid: a record
        nifti(root, "train/Vendor_B1/1194-B1-S4/GED4.nii.gz", 4, 3, 5);
        nifti(root, "train/Vendor_B1/1194-B1-S4/mask_GED4.nii.gz", 4, 3, 5);
        nifti(root, "train/Vendor_B1/1194-B1-S4/T2.nii.gz", 2, 2, 2); // other sequences: no mask of their own
        file(root, "train/Vendor_B1/1194-B1-S4/.DS_Store");
        // GED4 of another shape: left out, as the original's shape comparison does
        nifti(root, "train/Vendor_A/0001-A-S1/GED4.nii.gz", 2, 3, 5);
        nifti(root, "train/Vendor_A/0001-A-S1/mask_GED4.nii.gz", 4, 3, 5);
        // no GED4: no record
        nifti(root, "train/Vendor_B2/2001-B2-S2/mask_GED4.nii.gz", 4, 3, 5);
        nifti(root, "train/Vendor_B2/2001-B2-S2/T1.nii.gz", 4, 3, 5);
        file(root, "train/README.txt");
        file(root, "README.txt");

        ProcessReport report = run("LiQA", root);

        assertRecords(List.of(original(root, "train/Vendor_B1/1194-B1-S4/GED4.nii.gz",
                "train/Vendor_B1/1194-B1-S4/mask_GED4.nii.gz", List.of("liver"), "MRI T1Gd hepatobiliary phase", "LiQA",
                "train", "1194-B1-S4")), report);
        assertEquals(Map.of(SkipReason.SHAPE_MISMATCH, 1L, SkipReason.MISSING_FILE, 1L), report.skipped());
        SampleOutcome mismatch = report.outcomes().stream()
                .filter(o -> o.skipped() == SkipReason.SHAPE_MISMATCH).findFirst().orElseThrow();
        assertTrue(mismatch.why().contains("[2, 3, 5]"), mismatch.why());
    }

    @Test
    void liqaDamagedHeaderIsReported() throws IOException {
        Path root = tmp.resolve("LiQA");
        nifti(root, "train/Vendor_A/0001-A-S1/mask_GED4.nii.gz", 4, 3, 5);
        file(root, "train/Vendor_A/0001-A-S1/GED4.nii.gz"); // not a NIfTI file

        ProcessReport report = run("LiQA", root);

        assertEquals(Map.of(SkipReason.UNREADABLE_FILE, 1L), report.skipped());
        assertEquals(List.of(), records(report));
    }

    @Test
    void ribFracPartsGiveTrainAndValidation() throws IOException {
        Path root = tmp.resolve("RibFrac");
        file(root, "ribfrac-train1-image/RibFrac1-image.nii.gz");
        file(root, "ribfrac-train1-labels/RibFrac1-label.nii.gz");
        file(root, "ribfrac-train1-image/RibFrac2-image.nii.gz"); // no label: skipped
        file(root, "ribfrac-train2-image/RibFrac301-image.nii.gz");
        file(root, "ribfrac-train2-labels/RibFrac301-label.nii.gz");
        file(root, "ribfrac-val-image/RibFrac421-image.nii.gz");
        file(root, "ribfrac-val-labels/RibFrac421-label.nii.gz");
        file(root, "ribfrac-train1-image/.DS_Store");
        file(root, "ribfrac-train1-image/README.txt");
        file(root, "ribfrac-train-info-1.csv");
        file(root, "README.txt");

        ProcessReport report = run("RibFrac", root);

        List<String> labels = List.of("Rib fracture");
        assertRecords(List.of(
                original(root, "ribfrac-train1-image/RibFrac1-image.nii.gz", "ribfrac-train1-labels/RibFrac1-label.nii.gz",
                        labels, "CT", "RibFrac", "train", "RibFrac1"),
                original(root, "ribfrac-train2-image/RibFrac301-image.nii.gz", "ribfrac-train2-labels/RibFrac301-label.nii.gz",
                        labels, "CT", "RibFrac", "train", "RibFrac301"),
                original(root, "ribfrac-val-image/RibFrac421-image.nii.gz", "ribfrac-val-labels/RibFrac421-label.nii.gz",
                        labels, "CT", "RibFrac", "validation", "RibFrac421")), report);
        assertEquals(Map.of(SkipReason.MISSING_FILE, 1L), report.skipped());
    }

    @Test
    void adrenalAcck67OneRecordPerConvertedStudy() throws IOException {
        Path root = tmp.resolve("Adrenal-ACC-Ki67-Seg/converted_nii");
        String s1 = "Adrenal_Ki67_Seg_001/08-22-2000-NA-CT ABDOMEN-56266/";
        String s2 = "Adrenal_Ki67_Seg_001/01-10-2001-NA-CT ABDOMEN-71234/";
        for (String s : List.of(s1, s2)) {
            file(root, s + "CT.nii.gz");
            file(root, s + "SEG.nii.gz");
            file(root, s + ".DS_Store");
        }
        file(root, "Adrenal_Ki67_Seg_002/05-05-2005-NA-CT ABDOMEN-11111/CT.nii.gz"); // no SEG: skipped
        file(root, "Adrenal_Ki67_Seg_002/05-05-2005-NA-CT ABDOMEN-11111/README.txt");

        ProcessReport report = run("Adrenal_ACC_Ki67", root);

        List<String> labels = List.of("Adrenocortical carcinoma");
        assertRecords(List.of(
                original(root, s1 + "CT.nii.gz", s1 + "SEG.nii.gz", labels, "CT", "Adrenal_ACC_Ki67", "unknown", "Adrenal_Ki67_Seg_001"),
                original(root, s2 + "CT.nii.gz", s2 + "SEG.nii.gz", labels, "CT", "Adrenal_ACC_Ki67", "unknown", "Adrenal_Ki67_Seg_001")),
                report);
    }

    @Test
    void atm22BothBatchesWithoutCase164() throws IOException {
        Path root = tmp.resolve("ATM22");
        for (String name : List.of("TrainBatch1/%s/ATM_001_0000.nii.gz", "TrainBatch1/%s/ATM_164_0000.nii.gz",
                "TrainBatch2/%s/ATM_300_0000.nii.gz")) {
            file(root, name.formatted("imagesTr"));
            file(root, name.formatted("labelsTr"));
        }
        file(root, "TrainBatch1/imagesTr/ATM_002_0000.nii.gz"); // no label: skipped
        file(root, "TrainBatch1/imagesTr/.DS_Store");
        file(root, "TrainBatch1/imagesTr/README.txt");
        file(root, "README.txt");

        ProcessReport report = run("ATM22", root);

        List<String> labels = List.of("trachea and bronchie");
        assertRecords(List.of(
                original(root, "TrainBatch1/imagesTr/ATM_001_0000.nii.gz", "TrainBatch1/labelsTr/ATM_001_0000.nii.gz",
                        labels, "CT", "ATM22", "train", "ATM_001_0000"),
                original(root, "TrainBatch2/imagesTr/ATM_300_0000.nii.gz", "TrainBatch2/labelsTr/ATM_300_0000.nii.gz",
                        labels, "CT", "ATM22", "train", "ATM_300_0000")), report);
        assertEquals(Map.of(SkipReason.MISSING_FILE, 1L), report.skipped());
    }

    @Test
    void lidcIdriLabelAsNiftiGzThenNiiThenFromItsZip() throws IOException {
        Path root = tmp.resolve("ULS23/processed_data/fully_annotated/LIDC-IDRI");
        for (int c = 1; c <= 5; c++) file(root, "images/lidcidri_" + c + "_lesion_01_sample_0.nii.gz");
        file(root, "labels/lidcidri_1_lesion_01_sample_0.nii.gz");
        file(root, "labels/lidcidri_2_lesion_01_sample_0.nii");
        byte[] zipped = "zipped label".getBytes();
        zip(root.resolve("labels/lidcidri_3_lesion_01_sample_0.nii.gz.zip"), "lidcidri_3_lesion_01_sample_0.nii.gz", zipped);
        // an unzipped label is used as it is: the zip is not extracted again
        file(root, "labels/lidcidri_4_lesion_01_sample_0.nii.gz");
        zip(root.resolve("labels/lidcidri_4_lesion_01_sample_0.nii.gz.zip"), "lidcidri_4_lesion_01_sample_0.nii.gz", zipped);
        // lidcidri_5 has no label: no record
        file(root, "images/.DS_Store");
        file(root, "labels/.DS_Store");
        file(root, "README.txt");

        ProcessReport report = run("LIDC_IDRI", root);
        ProcessReport again = run("LIDC_IDRI", root);

        List<String> labels = List.of("lung nodule");
        List<JsonlRecord> want = new ArrayList<>();
        for (int c : List.of(1, 3, 4)) {
            String name = "lidcidri_" + c + "_lesion_01_sample_0";
            want.add(original(root, "images/" + name + ".nii.gz", "labels/" + name + ".nii.gz", labels, "CT", "LIDC_IDRI",
                    "train", name));
        }
        want.add(original(root, "images/lidcidri_2_lesion_01_sample_0.nii.gz", "labels/lidcidri_2_lesion_01_sample_0.nii",
                labels, "CT", "LIDC_IDRI", "train", "lidcidri_2_lesion_01_sample_0"));
        assertRecords(want, report);
        assertRecords(want, again);
        assertArrayEquals(zipped, Files.readAllBytes(root.resolve("labels/lidcidri_3_lesion_01_sample_0.nii.gz")));
        assertEquals("placeholder", Files.readString(root.resolve("labels/lidcidri_4_lesion_01_sample_0.nii.gz")));
        assertEquals(Map.of(SkipReason.PATIENT_TAKEN_BY_EARLIER_SOURCE, 1L), report.skipped());
    }

    @Test
    void lnq2023NrrdPairsAreConvertedToNifti() throws IOException {
        Path root = tmp.resolve("LNQ2023");
        Raw.Voxel ct = (x, y, z) -> x + 10 * y + 100 * z - 300, node = (x, y, z) -> x == 1 && z == 2 ? 1 : 0;
        Raw.nrrd(root.resolve("train/lnq2023-train-0394-ct.nrrd"), Raw.values(ct));
        Raw.nrrd(root.resolve("train/lnq2023-train-0394-seg.nrrd"), Raw.values(node));
        Raw.nrrd(root.resolve("train/lnq2023-train-0395-ct.nrrd"), Raw.values(ct)); // no seg: skipped
        file(root, "train/.DS_Store");
        file(root, "train/README.txt");
        file(root, "README.txt");

        ProcessReport report = run("LNQ2023", root);
        List<JsonlRecord> first = records(report);
        ProcessReport again = run("LNQ2023", root);

        // the original's record points at the .nrrd files; the rule points at their NIfTI conversions
        JsonlRecord nrrd = original(root, "train/lnq2023-train-0394-ct.nrrd", "train/lnq2023-train-0394-seg.nrrd",
                List.of("mediastinal lymph node"), "CT", "LNQ2023", "train", "lnq2023-train-0394");
        JsonlRecord want = new JsonlRecord(nrrd.image().replace(".nrrd", ".nii.gz"), nrrd.mask().replace(".nrrd", ".nii.gz"),
                nrrd.label(), nrrd.modality(), nrrd.dataset(), nrrd.officialSplit(), nrrd.patientId());
        assertEquals(List.of(want), first);
        assertEquals(List.of(want), records(again));
        assertEquals(Map.of(SkipReason.MISSING_FILE, 1L), report.skipped());
        assertTrue(Files.notExists(root.resolve("train/lnq2023-train-0395-ct.nii.gz")), "nothing converted for a case without a mask");
        Volume image = Volumes.read(Path.of(want.image()), ReadOptions.IMAGE), mask = Volumes.read(Path.of(want.mask()), ReadOptions.IMAGE);
        assertEquals(ct.at(3, 2, 4), image.value(0, 3, 2, 4), 0);
        assertEquals(1, mask.value(0, 1, 0, 2), 0);
        assertEquals(image.affine(), mask.affine());
    }

    private static void zip(Path file, String entry, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(content);
            out.closeEntry();
        }
    }
}
