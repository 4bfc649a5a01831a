package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * The one freshness rule (core Freshness), job by job, as a user reruns commands: an output is kept while its inputs
 * and rules are unchanged, made again when an input was touched or its stamp is missing, and kept when its folder
 * moved. An output is seen as made again when its modification time, set far back after each run, changes.
 */
class FreshnessTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path work;

    /** A job's command, run with the folder its outputs are in (which the test moves). */
    private interface Job {
        void run(Path outputs) throws Exception;
    }

    /**
     * Runs the job and checks the rule on one of its outputs ({@code watched}, below {@code outputs}): rerun, it is
     * kept; after {@code input} is touched, or without its stamp ({@code stamp}), it is made again; after
     * {@code outputs} moves, a rerun there keeps it.
     */
    private void assertFreshness(Job job, Path outputs, String watched, Path input, String stamp) throws Exception {
        job.run(outputs);
        Path out = outputs.resolve(watched);
        assertKeptOnRerun(job, outputs, out, "unchanged inputs");

        Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() + 60_000));
        assertMadeAgain(job, outputs, out, "an input touched");

        Files.delete(outputs.resolve(stamp));
        assertMadeAgain(job, outputs, out, "no stamp");

        Path moved = outputs.resolveSibling(outputs.getFileName() + "-moved");
        Files.move(outputs, moved);
        assertKeptOnRerun(job, moved, moved.resolve(watched), "the folder moved");
    }

    private static void assertKeptOnRerun(Job job, Path outputs, Path out, String why) throws Exception {
        Files.setLastModifiedTime(out, LONG_AGO);
        job.run(outputs);
        assertEquals(LONG_AGO, Files.getLastModifiedTime(out), out + " is current (" + why + ") and kept");
    }

    private static void assertMadeAgain(Job job, Path outputs, Path out, String why) throws Exception {
        if (Files.exists(out)) Files.setLastModifiedTime(out, LONG_AGO); // (a stats result is its own stamp)
        job.run(outputs);
        assertNotEquals(LONG_AGO, Files.getLastModifiedTime(out), out + " is made again (" + why + ")");
    }

    private static void ok(String... args) {
        DatasetsCommandTest.Run r = DatasetsCommandTest.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    /** dir/in.jsonl naming one CT phantom by absolute paths. */
    private Path phantom(Path dir) throws Exception {
        Phantom.write(Files.createDirectories(dir).resolve("ct.nii.gz"), dir.resolve("seg.nii.gz"), new int[] {36, 32, 12},
                new double[] {1.5, 1.5, 4}, "CT", 3, 1);
        return Files.writeString(work.resolve("in.jsonl"), Samples.line(dir.resolve("ct.nii.gz").toString(),
                dir.resolve("seg.nii.gz").toString(), "AbdomenCT1K", "p0") + "\n");
    }

    @Test
    void convert() throws Exception {
        Path in = phantom(work.resolve("data"));
        assertFreshness(npy -> ok("convert", "--jsonl", in.toString(), "--out", work.resolve("out.jsonl").toString(),
                        "--npy-root", npy.toString(), "--no-progress"),
                work.resolve("npy"), "AbdomenCT1K/renorm_image/0.npy", work.resolve("data/ct.nii.gz"),
                "AbdomenCT1K/renorm_manifest/0.json");
    }

    @Test
    void stats() throws Exception {
        Path in = phantom(work.resolve("data"));
        // a sample's result is its manifest: no stamp, no result
        assertFreshness(out -> ok("stats", "--jsonl", in.toString(), "--out", out.toString(), "--no-progress"),
                work.resolve("stats"), "samples/AbdomenCT1K/0.json", work.resolve("data/seg.nii.gz"), "samples/AbdomenCT1K/0.json");
    }

    @Test
    void restore() throws Exception {
        Path in = phantom(work.resolve("data")), converted = work.resolve("converted.jsonl");
        ok("convert", "--jsonl", in.toString(), "--out", converted.toString(), "--npy-root", work.resolve("npy").toString(), "--no-progress");
        ObjectNode c = Jsonl.read(converted).get(0);
        StandInPredictions.write(List.of(c), work, work.resolve("pred"));
        ObjectNode infer = Jsonl.MAPPER.createObjectNode(); // an image-only record, as SAT's inference reads it
        for (String field : List.of("image", "label", "modality", "dataset", "sample_id")) infer.set(field, c.get(field));
        Path jsonl = work.resolve("infer.jsonl");
        Jsonl.write(jsonl, List.of(infer));
        List<Path> predictions = new ArrayList<>();
        try (var files = Files.walk(work.resolve("pred"))) {
            files.filter(f -> f.toString().endsWith(".nii.gz") && !f.getFileName().toString().startsWith("seg_")).forEach(predictions::add);
        }
        assertTrue(!predictions.isEmpty(), "stand-in predictions written");
        String label = c.get("label").get(0).asText();
        assertFreshness(out -> ok("restore", "--jsonl", jsonl.toString(), "--pred", work.resolve("pred").toString(), "--out", out.toString(), "--no-progress"),
                work.resolve("restored"), "AbdomenCT1K/0/" + label + ".nii.gz", predictions.get(0), "manifests/AbdomenCT1K/0.json");
        ObjectNode restored = Jsonl.read(work.resolve("restored-moved/restored.jsonl")).get(0);
        assertTrue(restored.toString().contains(work.resolve("restored-moved") + "/AbdomenCT1K/0/"), "paths where the outputs are now: " + restored);
        assertTrue(!restored.toString().contains(work.resolve("restored") + "/"), "no path where they were: " + restored);
    }

    @Test
    void exportNnunet() throws Exception {
        Path in = phantom(work.resolve("data"));
        assertFreshness(out -> ok("export", "nnunet", "--jsonl", in.toString(), "--out", out.toString(), "--dataset-id", "5",
                        "--split", "none", "--no-progress"),
                work.resolve("export"), "Dataset005_AbdomenCT1K/labelsTr/AbdomenCT1K_0.nii.gz", work.resolve("data/seg.nii.gz"),
                "Dataset005_AbdomenCT1K/.satds/AbdomenCT1K_0.json");
    }

    /** KiPA22's scans are converted (values minus 1000) into train/processed_image, beside the download. */
    @Test
    void process() throws Exception {
        Path root = work.resolve("KiPA22");
        Phantom.write(Files.createDirectories(root.resolve("train/image")).resolve("001.nii.gz"),
                Files.createDirectories(root.resolve("train/label")).resolve("001.nii.gz"), new int[] {20, 18, 8},
                new double[] {1, 1, 2}, "CT", 3, 2);
        assertFreshness(raw -> ok("process", "--dataset", "KiPA22", "--root", raw.toString(), "--jsonl-dir", work.resolve("jsonl").toString(),
                        "--no-progress"),
                root, "train/processed_image/001.nii.gz", root.resolve("train/image/001.nii.gz"), "train/processed_image/.001.nii.gz.inputs");
    }
}
