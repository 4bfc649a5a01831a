package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `satds split` on the published ACDC jsonl: new splits keep a patient's frames together; clashing outputs are refused. */
class SplitCommandTest {
    private static final Path ACDC = Path.of(System.getProperty("satds.testdata"), "published", "ACDC.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> patients(Path jsonl) throws Exception {
        Set<String> p = new HashSet<>();
        for (String line : Files.readAllLines(jsonl))
            p.add(JSON.readTree(line).get("patient_id").textValue().replaceAll("_frame\\d+\\.nii\\.gz$", ""));
        return p;
    }

    @Test
    void ratioSplitKeepsFramesOfAPatientTogether(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(ACDC), "test data missing: " + ACDC);
        Path train = dir.resolve("train.jsonl"), test = dir.resolve("test.jsonl"), val = dir.resolve("val.jsonl");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("split", "--jsonl", ACDC.toString(), "--train", train.toString(),
                "--test", test.toString(), "--ratio", "0.8", "--seed", "7", "--val", "0.25", "--val-out", val.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("train 180, test 60, unclassified 0 records"), r.out());
        Set<String> tr = patients(train), te = patients(test), va = patients(val);
        assertEquals(150, tr.size() + te.size() + va.size());
        tr.retainAll(te);
        assertEquals(Set.of(), tr, "patients in train and test");
        assertEquals(30, va.size());
        va.retainAll(te);
        assertEquals(Set.of(), va);
    }

    @Test
    void foldsWriteNnUNetSplitsFinal(@TempDir Path dir) throws Exception {
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("split", "--jsonl", ACDC.toString(), "--train", dir.resolve("tr.jsonl").toString(),
                "--test", dir.resolve("te.jsonl").toString(), "--folds", "5", "--folds-dir", dir.resolve("cv").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode folds = JSON.readTree(dir.resolve("cv/splits_final.json").toFile());
        assertEquals(5, folds.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, folds.get(i).get("train").size() + folds.get(i).get("val").size(), "the paper's 200 train frames");
            Set<String> tr = patients(dir.resolve("cv/fold_" + i + "_train.jsonl"));
            tr.retainAll(patients(dir.resolve("cv/fold_" + i + "_val.jsonl")));
            assertEquals(Set.of(), tr, "fold " + i);
        }
    }

    @Test
    void trainEqualToTestIsRefused(@TempDir Path dir) throws Exception {
        Path same = dir.resolve("out.jsonl");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("split", "--jsonl", ACDC.toString(), "--train", same.toString(),
                "--test", dir.resolve(".").resolve("out.jsonl").toString(), "--ratio", "0.8");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("--test " + dir.resolve(".").resolve("out.jsonl") + " is the same file as --train"), r.err());
        assertFalse(Files.exists(same), "nothing written");
        r = DatasetsCommandTest.run("split", "--jsonl", ACDC.toString(), "--train", ACDC.toString(), "--test", same.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("--train " + ACDC + " is the same file as --jsonl"), r.err());
    }
}
