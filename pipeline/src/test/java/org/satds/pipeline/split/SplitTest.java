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
}
