package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.jsonl.Jsonl;

/** satds convert through the runner: one-line errors, exit code 1 on any failure, a failures file that retries. */
class ConvertCommandTest {
    @TempDir
    Path work;

    @Test
    void failuresAreListedAndRetriedAndCompleteSamplesSkipped() throws Exception {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createDirectories(work.resolve("case" + i));
            Phantom.write(dir.resolve("image.nii.gz"), dir.resolve("mask.nii.gz"), new int[] {40, 36, 16}, new double[] {1.5, 1.5, 4}, "CT", 4, i);
            records.add((ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"case" + i + "/image.nii.gz\", \"mask\": \"case" + i
                    + "/mask.nii.gz\", \"label\": [], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\", \"patient_id\": \"p" + i + "\"}"));
        }
        Path mask = work.resolve("case1/mask.nii.gz"), kept = work.resolve("kept.nii.gz");
        Files.move(mask, kept);
        Path in = work.resolve("in.jsonl"), out = work.resolve("out.jsonl"), failures = work.resolve("failures.jsonl");
        Jsonl.write(in, records);
        DatasetsCommandTest.Run first = convert("--jsonl", in.toString(), "--out", out.toString(), "--failures", failures.toString());
        assertEquals(1, first.code(), first.err());
        assertEquals("error: " + mask + ": file not found\n", first.err());
        assertTrue(first.out().contains("\nconverted 2, skipped 0 (complete and current), failed 1 of 3 samples"), first.out());
        assertEquals(2, Jsonl.read(out).size());
        assertEquals(1, Jsonl.read(failures).get(0).get("sample_id").asInt());

        Files.move(kept, mask);
        DatasetsCommandTest.Run retry = convert("--jsonl", failures.toString(), "--out", work.resolve("retried.jsonl").toString());
        assertEquals(0, retry.code(), retry.err());
        DatasetsCommandTest.Run again = convert("--jsonl", in.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("\nconverted 0, skipped 3 (complete and current), failed 0 of 3 samples"), again.out());
        assertEquals(3, Jsonl.read(out).size());
    }

    @Test
    void aBadOptionValueIsOneLine() {
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("convert", "--jsonl", "x.jsonl", "--out", "y.jsonl", "--shard", "3/2");
        assertEquals("error: shard must be K/N with 1 <= K <= N, not 3/2\n", r.err());
        assertEquals(2, r.code());
    }

    /** satds convert with the samples' folders and a small budget, besides {@code args}. */
    private DatasetsCommandTest.Run convert(String... args) {
        List<String> all = new ArrayList<>(List.of("convert", "--npy-root", work.resolve("npy").toString(), "--data-root",
                work.toString(), "--no-progress", "--threads", "2", "--memory", "1g"));
        all.addAll(List.of(args));
        return DatasetsCommandTest.run(all.toArray(String[]::new));
    }
}
