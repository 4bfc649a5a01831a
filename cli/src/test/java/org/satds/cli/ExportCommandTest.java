package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.jsonl.Jsonl;

/** `satds export nnunet` on golden recipe cases: one dataset from its folder, and a collection of two. */
class ExportCommandTest {
    static Path golden(String name) {
        Path dir = Path.of(System.getProperty("satds.testdata"), "golden", "recipes", name);
        assertTrue(Files.isDirectory(dir), "test data missing: " + dir);
        return dir;
    }

    @Test
    void oneDatasetWithPathsRelativeToItsFolder(@TempDir Path tmp) throws Exception {
        Path dir = golden("MSD_Prostate");
        int code = Main.run("export", "nnunet", "--jsonl", dir.resolve("case.jsonl").toString(), "--data-root", dir.toString(),
                "--out", tmp.toString(), "--dataset-id", "7", "--split", "none", "--no-progress");
        assertEquals(0, code);
        Path folder = tmp.resolve("Dataset007_MSD_Prostate");
        assertTrue(Files.exists(folder.resolve("imagesTr/MSD_Prostate_0_0000.nii.gz")));
        JsonNode json = Jsonl.MAPPER.readTree(Files.readAllBytes(folder.resolve("dataset.json")));
        assertEquals("MRI T2", json.get("channel_names").get("0").asText());
        assertEquals(List.of(1, 2), ints(json.get("labels").get("prostate")));
    }

    @Test
    void collectionIsNamedSatdsWithTheUnionOfClasses(@TempDir Path tmp) throws Exception {
        List<Path> jsonl = new ArrayList<>();
        for (String name : List.of("CHAOS_MRI", "BraTS2023_GLI")) {
            Path dir = golden(name);
            List<ObjectNode> records = Jsonl.read(dir.resolve("case.jsonl"));
            for (ObjectNode r : records) {
                r.put("image", dir.resolve(r.get("image").asText()).toString());
                r.put("mask", dir.resolve(r.get("mask").asText()).toString());
            }
            Path f = tmp.resolve(name + ".jsonl");
            Jsonl.write(f, records);
            jsonl.add(f);
        }
        int code = Main.run("export", "nnunet", "--jsonl", jsonl.get(0).toString(), jsonl.get(1).toString(), "--out", tmp.toString(),
                "--dataset-id", "900", "--split", "none", "--no-progress");
        assertEquals(0, code);
        Path folder = tmp.resolve("Dataset900_SATDS");
        JsonNode json = Jsonl.MAPPER.readTree(Files.readAllBytes(folder.resolve("dataset.json")));
        assertEquals(2, json.get("numTraining").asInt());
        assertTrue(json.get("labels").has("kidney") && json.get("labels").has("brain tumor"), json.toString());
        assertEquals("MRI", json.get("channel_names").get("0").asText()); // MRI T1 and MRI: the recipes agree on MRI
        // a rerun with a bad id is refused before anything is written
        assertEquals(2, Main.run("export", "nnunet", "--jsonl", jsonl.get(0).toString(), "--out", tmp.toString(), "--dataset-id", "1000"));
    }

    private static List<Integer> ints(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asInt()));
        return out;
    }
}
