package org.satds.datasets.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;

/** The engine's reporting and options on small hand-made trees. */
class ProcessorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path file(String path, String content) throws IOException {
        Path file = tmp.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private List<JsonlRecord> records(ProcessReport report) throws IOException {
        return Files.readAllLines(report.jsonl()).stream().map(line -> {
            try {
                return JSON.readValue(line, JsonlRecord.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void missingAndEmptyFilesAreReportedAndTheRestGoesOn() throws IOException {
        Path root = tmp.resolve("data/nii/MSD/Task09_Spleen");
        file("data/nii/MSD/Task09_Spleen/imagesTr/spleen_1.nii.gz", "x");
        file("data/nii/MSD/Task09_Spleen/labelsTr/spleen_1.nii.gz", "x");
        file("data/nii/MSD/Task09_Spleen/imagesTr/spleen_2.nii.gz", "x"); // label missing
        file("data/nii/MSD/Task09_Spleen/imagesTr/spleen_3.nii.gz", "x");
        file("data/nii/MSD/Task09_Spleen/labelsTr/spleen_3.nii.gz", ""); // truncated download
        file("data/nii/MSD/Task09_Spleen/imagesTr/._spleen_1.nii.gz", "x");
        file("data/nii/MSD/Task09_Spleen/README.txt", "x");

        ProcessReport report = new Processor().run("MSD_Spleen", root, tmp.resolve("out"), Map.of());

        assertEquals(3, report.found());
        assertEquals(1, report.paired());
        assertEquals(Map.of(SkipReason.MISSING_FILE, 1L, SkipReason.EMPTY_FILE, 1L), report.skipped());
        assertEquals(List.of(new JsonlRecord(root + "/imagesTr/spleen_1.nii.gz", root + "/labelsTr/spleen_1.nii.gz",
                List.of("spleen"), "CT", "MSD_Spleen", "train", "spleen_1.nii.gz")), records(report));
        assertEquals(tmp.resolve("out/MSD_Spleen.jsonl"), report.jsonl());
        assertEquals(List.of("{\"image\": \"" + root + "/imagesTr/spleen_1.nii.gz\", \"mask\": \"" + root
                + "/labelsTr/spleen_1.nii.gz\", \"label\": [\"spleen\"], \"modality\": \"CT\", \"dataset\": \"MSD_Spleen\", "
                + "\"official_split\": \"train\", \"patient_id\": \"spleen_1.nii.gz\"}"),
                Files.readAllLines(report.jsonl()), "the published files' layout (Python json.dumps)");
        try (var files = Files.list(tmp.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file is left next to the jsonl");
        }
    }

    @Test
    void aRelativeRootGivesRelativePaths() throws IOException {
        file("data/nii/MSD/Task09_Spleen/imagesTr/spleen_1.nii.gz", "x");
        file("data/nii/MSD/Task09_Spleen/labelsTr/spleen_1.nii.gz", "x");
        Path relativeRoot = Path.of("").toAbsolutePath().relativize(tmp.resolve("data/nii/MSD/Task09_Spleen"));

        ProcessReport report = new Processor().run("MSD_Spleen", relativeRoot, tmp.resolve("out"), Map.of());

        assertEquals(relativeRoot + "/imagesTr/spleen_1.nii.gz", records(report).get(0).image());
    }

    @Test
    void aMissingConversionIsNamedInTheReport() throws IOException {
        Path root = tmp.resolve("SLIVER07");
        file("SLIVER07/scan/liver-orig001.mhd", "x");
        file("SLIVER07/label/liver-seg001.mhd", "x");

        ProcessReport report = new Processor(DiscoveryRules.builtIn(), Map.of()).run("SLIVER07", root, tmp.resolve("out"), Map.of());

        SampleOutcome outcome = report.outcomes().get(0);
        assertEquals(SkipReason.CONVERSION_UNAVAILABLE, outcome.skipped());
        assertTrue(outcome.why().startsWith("conversion metaimage_to_nifti not available"), outcome.why());
        assertEquals(List.of(), records(report));
    }

    @Test
    void aRawDicomSeriesIsOneSampleNeedingItsConversion() throws IOException {
        Path root = tmp.resolve("CT");
        for (int slice = 1; slice <= 3; slice++) {
            file("CT/21/DICOM_anon/i000" + slice + ",0000b.dcm", "x");
            file("CT/21/Ground/liver_GT_00" + slice + ".png", "x");
        }

        ProcessReport report = new Processor(DiscoveryRules.builtIn(), Map.of()).run("CHAOS_CT", root, tmp.resolve("out"), Map.of());

        assertEquals(1, report.outcomes().size());
        assertTrue(report.outcomes().get(0).why().startsWith("conversion dicom_series_to_nifti not available"));
    }

    @Test
    void aRegisteredConversionMakesTheRecordAndTheConvertedCopyIsNotASecondSample() throws IOException {
        Path root = tmp.resolve("SLIVER07");
        file("SLIVER07/scan/liver-orig001.mhd", "x");
        file("SLIVER07/label/liver-seg001.mhd", "x");
        Conversion copy = (inputs, output) -> Files.copy(inputs.get(0), output);
        Processor processor = new Processor(DiscoveryRules.builtIn(), Map.of("metaimage_to_nifti", copy));

        processor.run("SLIVER07", root, tmp.resolve("out"), Map.of());
        ProcessReport again = processor.run("SLIVER07", root, tmp.resolve("out"), Map.of());

        assertEquals(1, records(again).size());
        assertEquals(root + "/scan/liver-orig001.nii.gz", records(again).get(0).image());
        assertEquals(Map.of(SkipReason.DUPLICATE_RECORD, 1L), again.skipped());
    }

    @Test
    void aFixedCopyShadowsTheOriginalCase() throws IOException {
        Path root = tmp.resolve("BraTS2023_MEN");
        for (String dir : List.of("BraTS-MEN-Train", "BraTS-MEN-Train-Fix")) {
            for (String suffix : List.of("seg", "t1n", "t1c", "t2w", "t2f")) {
                file("BraTS2023_MEN/" + dir + "/BraTS-MEN-00004-000/BraTS-MEN-00004-000-" + suffix + ".nii.gz", "x");
            }
        }

        ProcessReport report = new Processor().run("BraTS2023_MEN", root, tmp.resolve("out"), Map.of());

        assertEquals(4, records(report).size());
        assertTrue(records(report).stream().allMatch(r -> r.mask().contains("/BraTS-MEN-Train-Fix/")));
        assertEquals(Map.of(SkipReason.PATIENT_TAKEN_BY_EARLIER_SOURCE, 4L), report.skipped());
    }

    @Test
    void anotherDatasetsFolderIsAnOption() throws IOException {
        file("couinaud/hepaticvessel_001.nii.gz", "x");
        file("elsewhere/imagesTr/hepaticvessel_001.nii.gz", "x");

        ProcessReport report = new Processor().run("Couinaud_Liver", tmp.resolve("couinaud"), tmp.resolve("out"),
                Map.of("msd_hepatic_vessel_images", tmp.resolve("elsewhere/imagesTr")));

        assertEquals(tmp.resolve("elsewhere/imagesTr/hepaticvessel_001.nii.gz").toString(), records(report).get(0).image());
        assertThrows(IllegalArgumentException.class, () -> new Processor().run("Couinaud_Liver",
                tmp.resolve("couinaud"), tmp.resolve("out"), Map.of("images", tmp)));
    }

    @Test
    void aUserRuleFileAddsADataset() throws IOException {
        Path rules = tmp.resolve("rules");
        file("rules/MyScans.yaml", """
                dataset: MyScans
                folder: my_scans
                modality: CT
                labels: [liver]
                samples:
                  - match: 'scans/(?<id>[^/]+)\\.nii\\.gz'
                    image: 'scans/{id}.nii.gz'
                    mask: 'masks/{id}_seg.nii.gz'
                    patient_id: '{id}'
                """);
        file("nii/my_scans/scans/a.nii.gz", "x");
        file("nii/my_scans/masks/a_seg.nii.gz", "x");
        Processor processor = new Processor(DiscoveryRules.builtIn().withFolder(rules), Map.of());

        Processor.AllReport all = processor.runAll(tmp.resolve("nii"), tmp.resolve("out"), Map.of());

        assertEquals(List.of("MyScans"), all.processed().stream().map(ProcessReport::dataset).toList());
        assertEquals(processor.rules().all().size() - 1, all.notFound().size());
        assertEquals(List.of(new JsonlRecord(tmp.resolve("nii/my_scans/scans/a.nii.gz").toString(),
                tmp.resolve("nii/my_scans/masks/a_seg.nii.gz").toString(), List.of("liver"), "CT", "MyScans", "train",
                "a")), records(all.processed().get(0)));
    }

    @Test
    void aMistypedRuleFileIsRejectedWithItsName() throws IOException {
        Path rules = tmp.resolve("rules");
        file("rules/Bad.yaml", "dataset: Bad\nsampels: []\n");

        IOException e = assertThrows(IOException.class, () -> DiscoveryRules.builtIn().withFolder(rules));

        assertTrue(e.getMessage().contains("Bad.yaml"), e.getMessage());
    }

    @Test
    void aTemplateUsingAnUnknownVariableIsRejectedWhenRead() throws IOException {
        Path rules = tmp.resolve("rules");
        file("rules/Typo.yaml", """
                dataset: Typo
                modality: CT
                samples:
                  - match: 'scans/(?<id>[^/]+)\\.nii\\.gz'
                    image: 'scans/{id}.nii.gz'
                    mask: 'masks/{ID}.nii.gz'
                    patient_id: '{id}'
                """);

        IOException e = assertThrows(IOException.class, () -> DiscoveryRules.builtIn().withFolder(rules));

        assertTrue(e.getMessage().contains("{ID}"), e.getMessage());
    }

    @Test
    void aSameShapeTemplateUsingAnUnknownVariableIsRejectedWhenRead() throws IOException {
        Path rules = tmp.resolve("rules");
        file("rules/Typo.yaml", """
                dataset: Typo
                modality: CT
                samples:
                  - match: 'scans/(?<id>[^/]+)\\.nii\\.gz'
                    image: 'scans/{id}.nii.gz'
                    mask: 'masks/{id}.nii.gz'
                    patient_id: '{id}'
                    same_shape: ['scans/{id}.nii.gz', 'masks/{case}.nii.gz']
                """);

        IOException e = assertThrows(IOException.class, () -> DiscoveryRules.builtIn().withFolder(rules));

        assertTrue(e.getMessage().contains("{case}"), e.getMessage());
    }

    @Test
    void theIndexListsEveryBuiltInRuleFile() throws IOException {
        Path sources = Path.of("src/main/resources/org/satds/datasets/discovery");
        List<String> index;
        try (var in = DiscoveryRules.class.getResourceAsStream(DiscoveryRules.INDEX)) {
            index = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        }
        try (var files = Files.list(sources)) {
            assertEquals(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList(),
                    index);
        }
    }

    @Test
    void anUnknownDatasetOrMissingFolderIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new Processor().run("Nope", tmp, tmp, Map.of()));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> new Processor().run("ACDC", tmp.resolve("absent"), tmp, Map.of()));
    }
}
