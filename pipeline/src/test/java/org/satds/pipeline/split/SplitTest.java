package org.satds.pipeline.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;

class SplitTest {
    private static final Path PUBLISHED = TestData.file("published");

    private static List<Path> publishedJsonl() throws IOException {
        try (Stream<Path> s = Files.list(PUBLISHED)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /**
     * For every published jsonl, the default (paper) split writes exactly the train and test files
     * train_test_split.py writes. Expected output is derived here from the published split json alone: a line goes to
     * train if its patient_id is in 'train', else to test if in 'test'; it is written as json.dumps(record), which for
     * every published line is the line itself (checked with Python when the reference data was prepared).
     */
    @Test
    void paperSplitMatchesOriginalOnEveryPublishedJsonl(@TempDir Path tmp) throws IOException {
        List<Path> files = publishedJsonl();
        assertEquals(72, files.size());
        for (Path jsonl : files) {
            String name = jsonl.getFileName().toString().replace(".jsonl", "");
            // TotalSegmentator_v2 is published without its own split json; its patients are split by TotalSegmentator.json
            String splitName = name.equals("TotalSegmentator_v2") ? "TotalSegmentator" : name;
            JsonNode split;
            try (InputStream in = SplitSpec.class.getResourceAsStream("/org/satds/pipeline/splits/" + splitName + ".json")) {
                split = Jsonl.MAPPER.readTree(in);
            }
            List<String> trainIds = strings(split.get("train")), testIds = strings(split.get("test"));
            List<String> expectTrain = new ArrayList<>(), expectTest = new ArrayList<>(), expectNone = new ArrayList<>();
            for (String line : Files.readAllLines(jsonl)) {
                JsonNode pid = Jsonl.MAPPER.readTree(line).get("patient_id");
                assertTrue(pid.isTextual(), name + ": patient ids are strings, so Python == is String.equals");
                if (trainIds.contains(pid.textValue())) expectTrain.add(line);
                else if (testIds.contains(pid.textValue())) expectTest.add(line);
                else expectNone.add(line);
            }

            List<ObjectNode> records = Jsonl.read(jsonl);
            SplitResult result = SplitSpec.paperFor(records).apply(records);
            result.write(tmp.resolve(name + ".train.jsonl"), tmp.resolve(name + ".test.jsonl"));
            assertSameLines(expectTrain, tmp.resolve(name + ".train.jsonl"), name + " train");
            assertSameLines(expectTest, tmp.resolve(name + ".test.jsonl"), name + " test");
            assertEquals(expectNone.size(), result.unclassified().size(), name + " unclassified");
            assertTrue(expectTrain.size() > 0 && expectTest.size() > 0, name);
        }
    }

    /** Line by line, so that a failure names the first differing line instead of printing whole files. */
    private static void assertSameLines(List<String> expected, Path file, String what) throws IOException {
        List<String> actual = Files.readAllLines(file);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
            assertEquals(expected.get(i), actual.get(i), what + " line " + (i + 1));
        assertEquals(expected.size(), actual.size(), what + " line count");
    }

    private static List<String> strings(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(id -> {
            assertTrue(id.isTextual());
            s.add(id.textValue());
        });
        return s;
    }

    /** MSD_Prostate's split lists prostate_28 in both train and test; the original sends it to train, and so do we. */
    @Test
    void patientListedInBothGoesToTrainAndIsReported() throws IOException {
        List<ObjectNode> records = Jsonl.read(PUBLISHED.resolve("MSD_Prostate.jsonl"));
        SplitSpec spec = SplitSpec.paper("MSD_Prostate");
        assertEquals(List.of("prostate_28.nii.gz"), spec.listedInBoth().stream().map(JsonNode::textValue).toList());
        SplitResult r = spec.apply(records);
        assertTrue(r.train().stream().anyMatch(x -> x.get("patient_id").textValue().equals("prostate_28.nii.gz")));
        assertTrue(r.test().stream().noneMatch(x -> x.get("patient_id").textValue().equals("prostate_28.nii.gz")));
    }

    /** A custom split json; ids compare as Python compares them ("5" is not 5, 5.0 is 5); 'val' is ignored. */
    @Test
    void customSplitReportsUnclassified(@TempDir Path tmp) throws IOException {
        Path split = tmp.resolve("split.json");
        Files.writeString(split, "{\"train\": [\"a\", 5.0], \"val\": [\"c\"], \"test\": [\"b\", \"5\"]}");
        List<ObjectNode> records = new ArrayList<>();
        for (String r : List.of("{\"patient_id\": \"a\"}", "{\"patient_id\": \"b\"}", "{\"patient_id\": \"c\"}",
                "{\"patient_id\": 5}", "{\"image\": \"no id\"}", "{\"patient_id\": \"a\", \"n\": 2}"))
            records.add((ObjectNode) Jsonl.MAPPER.readTree(r));
        SplitResult result = SplitSpec.read(split).apply(records);
        assertEquals(List.of(records.get(0), records.get(3), records.get(5)), result.train());
        assertEquals(List.of(records.get(1)), result.test());
        assertEquals(List.of(records.get(2), records.get(4)), result.unclassified());
    }

    @Test
    void ratioSplitKeepsEachPatientOnOneSide(@TempDir Path tmp) throws IOException {
        // BraTS2023_SSA: 60 patients with 4 records (one per MRI sequence) each
        List<ObjectNode> records = Jsonl.read(PUBLISHED.resolve("BraTS2023_SSA.jsonl"));
        SplitSpec spec = SplitSpec.random(records, SplitSpec.DEFAULT_TRAIN_RATIO, 42);
        assertEquals(48, spec.train().size());
        assertEquals(12, spec.test().size());
        assertTrue(spec.listedInBoth().isEmpty());
        SplitResult r = spec.apply(records);
        assertEquals(192, r.train().size());
        assertEquals(48, r.test().size());
        assertTrue(r.unclassified().isEmpty());
        Set<String> trainPatients = new HashSet<>();
        r.train().forEach(x -> trainPatients.add(x.get("patient_id").textValue()));
        assertTrue(r.test().stream().noneMatch(x -> trainPatients.contains(x.get("patient_id").textValue())));

        assertEquals(spec, SplitSpec.random(records, 0.8, 42), "same seed, same split");
        assertNotEquals(spec, SplitSpec.random(records, 0.8, 43), "another seed, another split");
        Path json = tmp.resolve("split.json");
        spec.write(json);
        assertEquals(spec, SplitSpec.read(json), "a written split reads back the same");
    }

    @Test
    void paperSplitNeedsOneKnownDataset() throws IOException {
        IOException unknown = assertThrows(IOException.class, () -> SplitSpec.paper("NoSuchDataset"));
        assertTrue(unknown.getMessage().startsWith("no published split for dataset 'NoSuchDataset'"), unknown.getMessage());
        List<ObjectNode> mixed = List.of((ObjectNode) Jsonl.MAPPER.readTree("{\"dataset\": \"ACDC\"}"),
                (ObjectNode) Jsonl.MAPPER.readTree("{\"dataset\": \"BTCV\"}"));
        IOException e = assertThrows(IOException.class, () -> SplitSpec.paperFor(mixed));
        assertEquals("the paper's split is per dataset, but the records come from [ACDC, BTCV]", e.getMessage());
    }

    @Test
    void ratioSplitLeavesNeitherSideEmpty() throws IOException {
        List<ObjectNode> two = List.of((ObjectNode) Jsonl.MAPPER.readTree("{\"patient_id\": \"p\"}"),
                (ObjectNode) Jsonl.MAPPER.readTree("{\"patient_id\": \"q\"}"));
        SplitSpec spec = SplitSpec.random(two, 0.99, 1);
        assertEquals(1, spec.train().size());
        assertEquals(1, spec.test().size());
    }

    /** The real patient of a published record: ACDC's patientNNN, CMRxMotion's PNNN, else the patient_id. */
    private static String realPatient(ObjectNode r) {
        String id = r.get("patient_id").textValue();
        return switch (r.get("dataset").textValue()) {
            case "ACDC" -> id.replaceAll("_frame\\d+\\.nii\\.gz$", "");
            case "CMRxMotion" -> id.replaceAll("-\\d+$", "");
            default -> id;
        };
    }

    /**
     * A random split of every published jsonl keeps each real patient on one side; on ACDC (150 patients, 2 frames
     * each) a split by patient_id alone put a patient's two frames on both sides.
     */
    @Test
    void ratioSplitNeverSplitsAPatientOnEveryPublishedJsonl() throws IOException {
        for (Path jsonl : publishedJsonl()) {
            List<ObjectNode> records = Jsonl.read(jsonl);
            SplitResult r = SplitSpec.random(records, 0.8, 0).apply(records);
            Set<String> train = new HashSet<>();
            r.train().forEach(x -> train.add(realPatient(x)));
            List<String> both = r.test().stream().map(SplitTest::realPatient).filter(train::contains).distinct().toList();
            assertEquals(List.of(), both, jsonl.getFileName() + ": patients on both sides");
            assertEquals(records.size(), r.train().size() + r.test().size(), jsonl.getFileName().toString());
        }
        List<ObjectNode> acdc = Jsonl.read(PUBLISHED.resolve("ACDC.jsonl"));
        SplitResult r = SplitSpec.random(acdc, 0.8, 0).apply(acdc);
        assertEquals(240, r.train().size(), "120 of 150 patients, two frames each");
        assertEquals(60, r.test().size());
    }

    /** The TotalSegmentator subsets share their CTs: merged, s1245 of Organs and of Ribs land on the same side. */
    @Test
    void datasetsSharingPatientsSplitTogether() throws IOException {
        List<ObjectNode> merged = new ArrayList<>(Jsonl.read(PUBLISHED.resolve("TotalSegmentator_Organs.jsonl")));
        merged.addAll(Jsonl.read(PUBLISHED.resolve("TotalSegmentator_Ribs.jsonl")));
        SplitSpec spec = SplitSpec.random(merged, 0.8, 3);
        assertEquals(962, spec.train().size(), "1202 CTs, not 2404 patients");
        SplitResult r = spec.apply(merged);
        assertEquals(2 * 962, r.train().size());
        assertTrue(spec.listedInBoth().isEmpty());
    }

    /** A patient_id the dataset's patient key cannot read is refused, naming the dataset and the id. */
    @Test
    void patientIdOfAnotherFormIsRefused() throws IOException {
        List<ObjectNode> odd = List.of((ObjectNode) Jsonl.MAPPER.readTree("{\"dataset\": \"ACDC\", \"patient_id\": \"p1\"}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitSpec.random(odd, 0.8, 0));
        assertTrue(e.getMessage().startsWith("ACDC: patient_id \"p1\" does not have the form"), e.getMessage());
    }

    /** Five folds of ACDC: every patient validates in exactly one fold, never in its own fold's train. */
    @Test
    void foldsPartitionThePatients(@TempDir Path tmp) throws IOException {
        List<ObjectNode> acdc = Jsonl.read(PUBLISHED.resolve("ACDC.jsonl"));
        List<SplitSpec> folds = SplitSpec.folds(acdc, 4, 0, org.satds.datasets.discovery.DiscoveryRules.builtIn());
        assertEquals(4, folds.size());
        Set<String> validated = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        for (SplitSpec f : folds) {
            sizes.add(f.test().size());
            SplitResult r = f.apply(acdc);
            Set<String> train = new HashSet<>();
            r.train().forEach(x -> train.add(realPatient(x)));
            r.test().forEach(x -> {
                assertTrue(!train.contains(realPatient(x)), realPatient(x));
                assertTrue(validated.add(x.get("patient_id").textValue()), "validated twice: " + x.get("patient_id"));
            });
        }
        assertEquals(List.of(76, 76, 74, 74), sizes, "150 patients: 38, 38, 37, 37, two frames each");
        assertEquals(300, validated.size());
        Path json = tmp.resolve("splits_final.json");
        SplitSpec.writeFolds(folds, json);
        JsonNode written = Jsonl.MAPPER.readTree(json.toFile());
        assertEquals(4, written.size());
        assertEquals(224, written.get(0).get("train").size());
        assertEquals(folds.get(2).test().get(0), written.get(2).get("val").get(0));
    }
}
