package org.satds.datasets.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;

/** {@code new Processor()} on tiny raw downloads: records written, converted files' contents, reruns convert nothing. */
class RawProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Raw.Voxel CT = (x, y, z) -> x + 10 * y + 100 * z - 300;

    @TempDir
    Path tmp;

    private List<JsonlRecord> records(ProcessReport report) throws IOException {
        List<JsonlRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(report.jsonl())) records.add(JSON.readValue(line, JsonlRecord.class));
        return records;
    }

    private static Volume read(Path file, ReadOptions options) throws IOException {
        return Volumes.read(file, options);
    }

    private static void assertValues(Volume v, int channel, Raw.Voxel want) {
        for (int z = 0; z < v.nz(); z++) for (int y = 0; y < v.ny(); y++) for (int x = 0; x < v.nx(); x++)
            assertEquals(want.at(x, y, z), v.value(channel, x, y, z), 0, "voxel " + x + "," + y + "," + z + " of channel " + channel);
    }

    /** Runs the dataset twice; the second run must give the same records without touching the converted files. */
    private ProcessReport runTwice(String dataset, Path root, List<Path> converted) throws IOException {
        Processor processor = new Processor();
        ProcessReport first = processor.run(dataset, root, tmp.resolve("jsonl"), Map.of());
        List<JsonlRecord> records = records(first);
        List<FileTime> times = new ArrayList<>();
        for (Path p : converted) times.add(Files.getLastModifiedTime(p));
        ProcessReport again = processor.run(dataset, root, tmp.resolve("jsonl"), Map.of());
        assertEquals(records, records(again));
        for (int i = 0; i < converted.size(); i++)
            assertEquals(times.get(i), Files.getLastModifiedTime(converted.get(i)), "rerun rewrote " + converted.get(i));
        return first;
    }

    @Test
    void hanSegFromNrrd() throws IOException {
        Path root = tmp.resolve("HAN_Seg/HaN-Seg/set_1");
        for (String c : List.of("case_01", "case_19")) {
            Raw.nrrd(root.resolve(c + "/" + c + "_IMG_CT.nrrd"), Raw.values(CT));
            Raw.nrrd(root.resolve(c + "/" + c + "_OAR_SpinalCord.seg.nrrd"), Raw.values((x, y, z) -> x == 2 ? 1 : 0));
        }
        Path image = root.resolve("case_01/case_01_IMG_CT.nii.gz"), mask = root.resolve("case_01/label.nii.gz");

        ProcessReport report = runTwice("HAN_Seg", root, List.of(image, mask));

        List<String> labels = DiscoveryRules.builtIn().get("HAN_Seg").labels();
        assertEquals(List.of(new JsonlRecord(image.toString(), mask.toString(), labels, "CT", "HAN_Seg", "unknown", "case_01")),
                records(report));
        assertValues(read(image, ReadOptions.IMAGE), 0, CT);
        assertArrayEquals(Raw.lpsFileWorld(3, 2, 4), read(image, ReadOptions.IMAGE).affine().apply(3, 2, 4), 1e-4);
        Volume m = read(mask, ReadOptions.CHANNEL_FIRST_MASK);
        assertEquals(30, m.channels());
        assertValues(m, labels.indexOf("Spinal cord"), (x, y, z) -> x == 2 ? 1 : 0);
        assertValues(m, labels.indexOf("Brainstem"), (x, y, z) -> 0);
        assertTrue(Files.notExists(root.resolve("case_19/label.nii.gz")), "case_19 is left out");
    }

    @Test
    void totalSegmentatorOrgansFromPerOrganFiles() throws IOException {
        Path root = tmp.resolve("Totalsegmentator_dataset");
        Raw.nifti(root.resolve("s0011/ct.nii.gz"), Raw.values(CT), DataType.INT16);
        Raw.nifti(root.resolve("s0011/segmentations/liver.nii.gz"), Raw.values((x, y, z) -> z >= 3 ? 1 : 0), DataType.UINT8);
        Raw.nifti(root.resolve("s0011/segmentations/spleen.nii.gz"), Raw.values((x, y, z) -> z == 0 ? 1 : 0), DataType.UINT8);
        Path mask = root.resolve("s0011/organs_label.nii.gz");

        ProcessReport report = runTwice("TotalSegmentator_Organs", root, List.of(mask));

        List<String> labels = DiscoveryRules.builtIn().get("TotalSegmentator_Organs").labels();
        assertEquals(List.of(new JsonlRecord(root.resolve("s0011/ct.nii.gz").toString(), mask.toString(), labels, "CT",
                "TotalSegmentator_Organs", "train", "s0011")), records(report));
        Volume m = read(mask, ReadOptions.CHANNEL_FIRST_MASK);
        assertEquals(20, m.channels());
        assertValues(m, labels.indexOf("liver"), (x, y, z) -> z >= 3 ? 1 : 0);
        assertValues(m, labels.indexOf("spleen"), (x, y, z) -> z == 0 ? 1 : 0);
        assertValues(m, labels.indexOf("stomach"), (x, y, z) -> 0);
    }

    @Test
    void chaosCtFromDicomAndPngSlices() throws IOException {
        Path root = tmp.resolve("CHAOS/Train_Sets/CT");
        Raw.dicomSeries(root.resolve("21/DICOM_anon"), 4, 3, 5, (c, r, k) -> c + 10 * r + 100 * k);
        for (int k = 0; k < 5; k++) Raw.png(root.resolve("21/Ground/liver_GT_00" + k + ".png"), 3, 4, (c, r, unused) -> c == 1 ? 255 : 0);
        Path image = root.resolve("21/image.nii.gz"), mask = root.resolve("21/label.nii.gz");

        ProcessReport report = runTwice("CHAOS_CT", root, List.of(image, mask));

        assertEquals(List.of(new JsonlRecord(image.toString(), mask.toString(), List.of("liver"), "CT", "CHAOS_CT", "unknown", "21")),
                records(report));
        Volume ct = read(image, ReadOptions.IMAGE), liver = read(mask, ReadOptions.IMAGE);
        assertArrayEquals(new int[] {3, 4, 5}, ct.shape());
        assertEquals(ct.affine(), liver.affine());
        assertValues(liver, 0, (x, y, z) -> x == 1 ? 255 : 0);
        // the series' first stored slice, pixel (0, 0), is -1024 and lies at world (0, 0, 100) (LPS and RAS alike)
        double[] origin = ct.affine().inverse().apply(0, 0, 100);
        assertEquals(-1024, ct.value(0, (int) Math.round(origin[0]), (int) Math.round(origin[1]), (int) Math.round(origin[2])), 0);
    }

    /**
     * A DICOM series repaired (rewritten) after its image was made: the rerun does not take the converted image (the
     * first source), the series' rule makes it again, and the mask made on its grid too.
     */
    @Test
    void anOutputWhoseInputsChangedIsMadeAgain() throws IOException {
        Path root = tmp.resolve("CHAOS/Train_Sets/CT");
        Raw.dicomSeries(root.resolve("21/DICOM_anon"), 4, 3, 5, (c, r, k) -> 7);
        for (int k = 0; k < 5; k++) Raw.png(root.resolve("21/Ground/liver_GT_00" + k + ".png"), 3, 4, (c, r, unused) -> 0);
        Path image = root.resolve("21/image.nii.gz"), mask = root.resolve("21/label.nii.gz");
        runTwice("CHAOS_CT", root, List.of(image, mask));
        Raw.dicomSeries(root.resolve("21/DICOM_anon"), 4, 3, 5, (c, r, k) -> c + 10 * r + 100 * k);
        try (var slices = Files.list(root.resolve("21/DICOM_anon"))) { // a restored copy may keep old times
            for (Path slice : slices.toList()) Files.setLastModifiedTime(slice, FileTime.fromMillis(0));
        }
        ProcessReport third = new Processor().run("CHAOS_CT", root, tmp.resolve("jsonl"), Map.of());
        assertEquals(1, third.paired(), third.summary());
        assertEquals(List.of(SampleOutcome.SkipReason.OUTDATED_CONVERSION), third.outcomes().stream()
                .filter(o -> !o.paired()).map(SampleOutcome::skipped).toList(), third.summary());
        float[] ct = read(image, ReadOptions.IMAGE).floats(0);
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (float v : ct) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(2 + 10 * 3 + 100 * 4, max - min, 0, "the image is made from the repaired series (values c + 10 r + 100 k now)");
    }

    @Test
    void sliverFromMetaImage() throws IOException {
        Path root = tmp.resolve("SLIVER07");
        Raw.mhd(root.resolve("scan/liver-orig001.mhd"), Raw.values(CT));
        Raw.mhd(root.resolve("label/liver-seg001.mhd"), Raw.values((x, y, z) -> y == 1 ? 1 : 0));
        Path image = root.resolve("scan/liver-orig001.nii.gz"), mask = root.resolve("label/liver-seg001.nii.gz");

        ProcessReport report = runTwice("SLIVER07", root, List.of(image, mask));

        assertEquals(List.of(new JsonlRecord(image.toString(), mask.toString(), List.of("liver"), "CT", "SLIVER07", "train",
                "liver-orig001.nii.gz")), records(report));
        assertValues(read(image, ReadOptions.IMAGE), 0, CT);
        assertValues(read(mask, ReadOptions.IMAGE), 0, (x, y, z) -> y == 1 ? 1 : 0);
    }

    @Test
    void autoPetStudyWithAnEmptySegIsReportedAsFailed() throws IOException {
        Path root = tmp.resolve("autoPET");
        Raw.nifti(root.resolve("autoPET_nii/PETCT_1/s1/SUV.nii.gz"), Raw.values(CT), DataType.FLOAT32);
        Raw.nifti(root.resolve("autoPET_nii/PETCT_1/s1/SEG.nii.gz"), Raw.values((x, y, z) -> z == 2 ? 1 : 0), DataType.UINT8);
        Raw.nifti(root.resolve("autoPET_nii/PETCT_2/s1/SUV.nii.gz"), Raw.values(CT), DataType.FLOAT32);
        Raw.nifti(root.resolve("autoPET_nii/PETCT_2/s1/SEG.nii.gz"), Raw.values((x, y, z) -> 0), DataType.UINT8);

        ProcessReport report = new Processor().run("autoPET", root, tmp.resolve("jsonl"), Map.of());

        assertEquals(1, report.paired());
        assertEquals(Map.of(SkipReason.CONVERSION_FAILED, 1L), report.skipped());
        SampleOutcome failed = report.outcomes().stream().filter(o -> !o.paired()).findFirst().orElseThrow();
        assertTrue(failed.why().contains("SEG is empty"), failed.why());
        // 5 slices, all within 48 of the SEG's slice 2: nothing is cut
        assertValues(read(root.resolve("autoPET_nii_crop/PETCT_1/s1/SUV.nii.gz"), ReadOptions.IMAGE), 0, CT);
        assertTrue(Files.notExists(root.resolve("autoPET_nii_crop/PETCT_2/s1/SUV.nii.gz")), "nothing half-made for the empty study");
    }

    @Test
    void fumpeFromDicomAndMat() throws IOException {
        Path root = tmp.resolve("FUMPE");
        int rows = 4, cols = 3, slices = 5;
        Raw.dicomSeries(root.resolve("CT_scans/PAT001"), rows, cols, slices, (c, r, k) -> 50);
        Raw.mat(root.resolve("GroundTruth/PAT001.mat"), "Mask", new int[] {rows, cols, slices}, i -> i == 0 ? 1 : 0);
        Path image = root.resolve("CT_scans/PAT001/image.nii.gz"), mask = root.resolve("GroundTruth/PAT001.nii.gz");

        ProcessReport report = runTwice("FUMPE", root, List.of(image, mask));

        assertEquals(List.of(new JsonlRecord(image.toString(), mask.toString(), List.of("pulmonary embolism"), "CT", "FUMPE",
                "unknown", "PAT001")), records(report));
        assertValues(read(image, ReadOptions.IMAGE), 0, (x, y, z) -> 50 - 1024);
        // MATLAB Mask(1, 1, 1) is the top row's first column of slice 1: voxel (0, R-1, 0) after the rotation
        assertValues(read(mask, ReadOptions.IMAGE), 0, (x, y, z) -> x == 0 && y == rows - 1 && z == 0 ? 1 : 0);
    }

    @Test
    void lascarqsTask1CopiesTheImageAndMergesAtriumAndScar() throws IOException {
        Path root = tmp.resolve("LAScarQS22");
        Path raw = root.resolve("LAScarQS2022_released_training_data/task1/train_data/case_1");
        Raw.nifti(raw.resolve("enhanced.nii.gz"), Raw.values(CT), DataType.INT16);
        Raw.nifti(raw.resolve("atriumSegImgMO.nii.gz"), Raw.values((x, y, z) -> x >= 1 ? 420 : 0), DataType.INT16);
        Raw.nifti(raw.resolve("scarSegImgM.nii.gz"), Raw.values((x, y, z) -> x == 3 ? 1 : 0), DataType.UINT8);
        Path processed = root.resolve("LAScarQS2022_released_training_data/task1/processed_train_data/case_1");

        ProcessReport report = runTwice("LAScarQS22_Task1", root, List.of(processed.resolve("enhanced.nii.gz"), processed.resolve("label.nii.gz")));

        assertEquals(1, report.paired());
        assertEquals(processed.resolve("label.nii.gz").toString(), records(report).get(0).mask());
        assertArrayEquals(Files.readAllBytes(raw.resolve("enhanced.nii.gz")), Files.readAllBytes(processed.resolve("enhanced.nii.gz")));
        assertValues(read(processed.resolve("label.nii.gz"), ReadOptions.IMAGE), 0, (x, y, z) -> x == 3 ? 2 : x >= 1 ? 1 : 0);
    }

    @Test
    void pddcaFromNrrdStructures() throws IOException {
        Path root = tmp.resolve("PDDCA");
        Raw.nrrd(root.resolve("0522c0001/img.nrrd"), Raw.values(CT));
        Raw.nrrd(root.resolve("0522c0001/structures/Chiasm.nrrd"), Raw.values((x, y, z) -> z == 1 ? 1 : 0));
        Path image = root.resolve("0522c0001/img.nii.gz"), mask = root.resolve("0522c0001/mask.nii.gz");

        ProcessReport report = runTwice("PDDCA", root, List.of(image, mask));

        assertEquals(List.of(new JsonlRecord(image.toString(), mask.toString(), DiscoveryRules.builtIn().get("PDDCA").labels(), "CT",
                "PDDCA", "unknown", "0522c0001")), records(report));
        Volume m = read(mask, ReadOptions.IMAGE);
        assertValues(m, 0, (x, y, z) -> z == 1 ? 2 : 0);
        assertArrayEquals(Raw.lpsFileWorld(3, 2, 4), m.affine().apply(3, 2, 4), 1e-4);
    }
}
