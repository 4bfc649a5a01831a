package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * The small stumbles of a first walk through convert → predict → restore and split, each as a user meets it: where
 * the npy files went, --pred a folder too deep or too shallow, restored.jsonl's paths, a dataset without a
 * published split, and the files convert writes being the ones the README describes.
 */
class WorkflowFrictionTest {
    static final Path REPO = Path.of(System.getProperty("satds.testdata")).getParent();

    @TempDir
    Path dir;

    @Test
    void convertThenRestoreSayWhereThingsAreAndWhatWasMeant() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), Samples.write(dir, 1, "AbdomenCT1K"));
        Path converted = dir.resolve("converted.jsonl"), npy = dir.resolve("npy");
        DatasetsCommandTest.Run c = DatasetsCommandTest.run("convert", "--jsonl", in.toString(), "--out", converted.toString(),
                "--data-root", dir.toString(), "--npy-root", npy.toString(), "--no-progress", "--threads", "1", "--memory", "1g");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("\nnpy files -> " + npy + "\n"), c.out());

        Path pred = dir.resolve("pred");
        StandInPredictions.write(Jsonl.read(converted), dir, pred);
        String[] restore = {"restore", "--jsonl", converted.toString(), "--data-root", dir.toString(), "--no-progress", "--out"};
        DatasetsCommandTest.Run deep = run(restore, dir.resolve("r").toString(), "--pred", pred.resolve("AbdomenCT1K").toString());
        assertEquals(2, deep.code(), deep.err());
        assertTrue(deep.err().endsWith("did you mean --pred " + pred + "?\n"), deep.err());
        DatasetsCommandTest.Run shallow = run(restore, dir.resolve("r").toString(), "--pred", dir.toString());
        assertEquals(2, shallow.code(), shallow.err());
        assertTrue(shallow.err().endsWith("did you mean --pred " + pred + "?\n"), shallow.err());

        // --out relative to the working directory: restored.jsonl still names its files absolutely, as convert's records do
        Path relativeOut = Path.of("").toAbsolutePath().relativize(dir.resolve("restored"));
        DatasetsCommandTest.Run r = run(restore, relativeOut.toString(), "--pred", pred.toString());
        assertEquals(0, r.code(), r.err());
        ObjectNode restored = Jsonl.read(dir.resolve("restored").resolve("restored.jsonl")).get(0);
        List<String> paths = new java.util.ArrayList<>();
        restored.get("restored").forEach(p -> paths.add(p.asText()));
        paths.add(restored.get("restored_label_map").asText());
        assertEquals(5, paths.size(), restored.toString());
        for (String p : paths) {
            assertTrue(Path.of(p).isAbsolute(), p);
            assertTrue(Files.isRegularFile(Path.of(p)), p);
        }
    }

    private static DatasetsCommandTest.Run run(String[] first, String... more) {
        return DatasetsCommandTest.run(Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new));
    }

    /** RibFrac has a recipe but no published split: the message names both ways out, and --split FILE is one. */
    @Test
    void noPublishedSplitNamesTheOptionsThatMakeOne() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), List.of(Samples.line("a.nii.gz", "a_seg.nii.gz", "RibFrac", "p0"),
                Samples.line("b.nii.gz", "b_seg.nii.gz", "RibFrac", "p1")));
        String train = dir.resolve("train.jsonl").toString(), test = dir.resolve("test.jsonl").toString();
        DatasetsCommandTest.Run paper = DatasetsCommandTest.run("split", "--jsonl", in.toString(), "--train", train, "--test", test);
        assertEquals(2, paper.code(), paper.err());
        assertTrue(paper.err().contains("no published split for dataset 'RibFrac': make one by patient with --ratio R (and --seed S), "
                + "or give yours with --split FILE"), paper.err());
        Path split = Files.writeString(dir.resolve("split.json"), "{\"train\": [\"p0\"], \"test\": [\"p1\"]}");
        DatasetsCommandTest.Run mine = DatasetsCommandTest.run("split", "--jsonl", in.toString(), "--train", train, "--test", test,
                "--split", split.toString());
        assertEquals(0, mine.code(), mine.err());
        assertEquals("p1", Jsonl.read(Path.of(test)).get(0).get("patient_id").asText());
    }

    /** The unknown-dataset message points to a guide that exists. */
    @Test
    void theGuideTheUnknownDatasetMessageNamesExists() {
        assertTrue(Files.isRegularFile(REPO.resolve("docs/adding-a-dataset.md")));
    }

    /** Every kind of file convert writes below the npy root is named in the README, the union mask among them. */
    @Test
    void theReadmeNamesEveryFileConvertWrites() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), Samples.write(dir, 1, "AbdomenCT1K"));
        Path npy = dir.resolve("npy");
        DatasetsCommandTest.Run c = DatasetsCommandTest.run("convert", "--jsonl", in.toString(), "--out", dir.resolve("c.jsonl").toString(),
                "--data-root", dir.toString(), "--npy-root", npy.toString(), "--no-progress", "--threads", "1", "--memory", "1g");
        assertEquals(0, c.code(), c.err());
        JsonNode record = Jsonl.read(dir.resolve("c.jsonl")).get(0);
        Set<String> labels = new TreeSet<>();
        record.get("label").forEach(l -> labels.add(l.asText()));
        Set<String> kinds = new TreeSet<>();
        try (Stream<Path> files = Files.walk(npy)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String[] parts = npy.relativize(f).toString().split("/");
                assertEquals("AbdomenCT1K", parts[0]);
                parts[0] = "<dataset>";
                String last = parts[parts.length - 1], stem = last.substring(0, last.lastIndexOf('.'));
                parts[parts.length - 1] = (labels.contains(stem) ? "<label>" : "<sample_id>") + last.substring(last.lastIndexOf('.'));
                if (parts.length == 4) parts[2] = "<sample_id>";
                kinds.add("<npy-root>/" + String.join("/", parts));
            });
        }
        assertEquals(Set.of("<npy-root>/<dataset>/renorm_image/<sample_id>.npy", "<npy-root>/<dataset>/renorm_segmentation/<sample_id>.npy",
                "<npy-root>/<dataset>/renorm_segmentation/<sample_id>/<label>.npy", "<npy-root>/<dataset>/renorm_manifest/<sample_id>.json"), kinds);
        String readme = Files.readString(REPO.resolve("README.md"));
        for (String kind : kinds) assertTrue(readme.contains("`" + kind + "`"), kind + " is not in the README");
    }
}
