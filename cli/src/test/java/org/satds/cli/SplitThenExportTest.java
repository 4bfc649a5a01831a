package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * split --ratio --folds, then export nnunet with the same --ratio/--seed and the folds: the export's training cases are
 * split's train records, and its splits_final.json names exactly those cases, fold by fold, as nnU-Net's trainer reads it;
 * export monai with the same options lists the same cases with their folds.
 */
class SplitThenExportTest {
    @Test
    void foldsOfSplitBecomeTheExportsSplitsFinal(@TempDir Path work) throws Exception {
        Path in = Files.write(work.resolve("in.jsonl"), Samples.write(work, 7, "AbdomenCT1K"));
        Path train = work.resolve("train.jsonl"), test = work.resolve("test.jsonl"), folds = work.resolve("folds");
        DatasetsCommandTest.Run split = DatasetsCommandTest.run("split", "--jsonl", in.toString(), "--train", train.toString(), "--test",
                test.toString(), "--ratio", "0.7", "--seed", "5", "--folds", "2", "--folds-dir", folds.toString(), "--split-out",
                work.resolve("split.json").toString());
        assertEquals(0, split.code(), split.err());
        DatasetsCommandTest.Run export = DatasetsCommandTest.run("export", "nnunet", "--jsonl", in.toString(), "--data-root", work.toString(),
                "--out", work.resolve("raw").toString(), "--dataset-id", "12", "--ratio", "0.7", "--seed", "5",
                "--folds", folds.resolve("splits_final.json").toString(), "--no-progress");
        assertEquals(0, export.code(), export.out() + export.err());
        assertTrue(export.out().contains("nnU-Net's dataset checks pass"), export.out());

        // the records split put in train are the export's training cases: case ids by their position in in.jsonl
        List<String> all = Files.readAllLines(in);
        Set<String> expectedTrain = new TreeSet<>(), expectedTest = new TreeSet<>();
        for (ObjectNode r : Jsonl.read(train)) expectedTrain.add("AbdomenCT1K_" + position(all, r));
        for (ObjectNode r : Jsonl.read(test)) expectedTest.add("AbdomenCT1K_" + position(all, r));
        Path dataset = work.resolve("raw/Dataset012_AbdomenCT1K");
        assertEquals(expectedTrain, caseIds(dataset.resolve("imagesTr")));
        assertEquals(expectedTest, caseIds(dataset.resolve("imagesTs")));

        JsonNode splits = Jsonl.MAPPER.readTree(dataset.resolve("splits_final.json").toFile());
        assertEquals(2, splits.size());
        Set<String> validated = new HashSet<>();
        for (JsonNode fold : splits) {
            Set<String> tr = strings(fold.get("train")), val = strings(fold.get("val"));
            Set<String> union = new TreeSet<>(tr);
            union.addAll(val);
            assertEquals(expectedTrain, union, "each fold covers the training cases");
            assertEquals(tr.size() + val.size(), union.size(), "train and val apart");
            for (String v : val) assertTrue(validated.add(v), v + " validated in one fold only");
        }
        assertEquals(expectedTrain, validated);

        // the same split and folds as a MONAI datalist: split's train records with the fold that validates each
        DatasetsCommandTest.Run monai = DatasetsCommandTest.run("export", "monai", "--jsonl", in.toString(), "--data-root", work.toString(),
                "--out", work.resolve("monai").toString(), "--ratio", "0.7", "--seed", "5", "--folds",
                folds.resolve("splits_final.json").toString(), "--no-progress");
        assertEquals(0, monai.code(), monai.out() + monai.err());
        JsonNode datalist = Jsonl.MAPPER.readTree(work.resolve("monai/datalist.json").toFile());
        Set<String> listed = new TreeSet<>();
        for (JsonNode item : datalist.get("training")) {
            String id = "AbdomenCT1K_" + item.get("sample_id").asText();
            listed.add(id);
            JsonNode fold = splits.get(item.get("fold").asInt());
            assertTrue(strings(fold.get("val")).contains(id), id + " is validated by its fold");
            assertTrue(Files.exists(work.resolve("monai").resolve(item.get("image").asText())));
        }
        assertEquals(expectedTrain, listed);
        assertEquals(expectedTest.size(), datalist.get("test").size());

        // split's split json, given to export as --split FILE, makes the same sides as --ratio and --seed
        DatasetsCommandTest.Run byFile = DatasetsCommandTest.run("export", "nnunet", "--jsonl", in.toString(), "--data-root", work.toString(),
                "--out", work.resolve("raw2").toString(), "--dataset-id", "12", "--split", work.resolve("split.json").toString(), "--no-progress");
        assertEquals(0, byFile.code(), byFile.out() + byFile.err());
        assertEquals(expectedTrain, caseIds(work.resolve("raw2/Dataset012_AbdomenCT1K/imagesTr")));
        assertEquals(expectedTest, caseIds(work.resolve("raw2/Dataset012_AbdomenCT1K/imagesTs")));
    }

    private static int position(List<String> lines, ObjectNode record) throws Exception {
        for (int i = 0; i < lines.size(); i++) if (Jsonl.MAPPER.readTree(lines.get(i)).equals(record)) return i;
        throw new AssertionError("not in the input: " + record);
    }

    /** The case identifiers of an images folder, as nnU-Net reads them (the name without _XXXX.nii.gz). */
    private static Set<String> caseIds(Path images) throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> s = Files.list(images)) {
            s.forEach(f -> ids.add(f.getFileName().toString().replaceAll("_\\d{4}\\.nii\\.gz$", "")));
        }
        return ids;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
