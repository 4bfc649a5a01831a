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

/**
 * The npy folder moves: a rerun of convert with the new --npy-root skips every sample and writes the new paths, and
 * `satds relocate` rewrites a converted jsonl without the raw data; records name the root by its absolute path.
 */
class RelocateCommandTest {
    @Test
    void movedNpyFolderResumesAndRelocates(@TempDir Path work) throws Exception {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Phantom.write(work.resolve("ct" + i + ".nii.gz"), work.resolve("seg" + i + ".nii.gz"), new int[] {36, 32, 12},
                    new double[] {1.5, 1.5, 4}, "CT", 3, i);
            records.add((ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"ct" + i + ".nii.gz\", \"mask\": \"seg" + i
                    + ".nii.gz\", \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\", \"patient_id\": \"p" + i + "\"}"));
        }
        Path in = work.resolve("in.jsonl"), out = work.resolve("out.jsonl");
        Jsonl.write(in, records);
        // a relative root: records name it absolutely (the working directory of the test is the module folder)
        Path relative = Path.of("target", "relocate-test-" + ProcessHandle.current().pid());
        DatasetsCommandTest.Run first = convert(work, relative.toString(), in, out);
        assertEquals(0, first.code(), first.err());
        String image = Jsonl.read(out).get(0).get("renorm_image").asText();
        assertEquals(relative.toAbsolutePath().resolve("AbdomenCT1K/renorm_image/0.npy").toString(), image);

        try (var files = Files.walk(relative)) { // the test's own folder under target/
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }

        Path npy = work.resolve("npy"), moved = work.resolve("npy-moved");
        assertEquals(0, convert(work, npy.toString(), in, out).code());
        Files.move(npy, moved);
        DatasetsCommandTest.Run again = convert(work, moved.toString(), in, out);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("\nconverted 0, skipped 2 (complete and current)"), again.out()); // after the table per dataset
        for (ObjectNode r : Jsonl.read(out)) {
            assertTrue(r.get("renorm_image").asText().startsWith(moved + "/AbdomenCT1K/renorm_image/"), r.toString());
            assertTrue(Files.isRegularFile(Path.of(r.get("renorm_image").asText())), r.toString());
            assertEquals(moved + "/AbdomenCT1K/renorm_segmentation/" + r.get("sample_id").asText(), r.get("renorm_segmentation_dir").asText());
        }

        Path elsewhere = work.resolve("elsewhere");
        Files.move(moved, elsewhere);
        Path relocated = work.resolve("relocated.jsonl");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("relocate", "--jsonl", out.toString(), "--npy-root", elsewhere.toString(),
                "--out", relocated.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("relocated 2 records to " + elsewhere), r.out());
        List<ObjectNode> rel = Jsonl.read(relocated);
        assertEquals(elsewhere + "/AbdomenCT1K/renorm_image/1.npy", rel.get(1).get("renorm_image").asText());
        assertEquals(Jsonl.read(out).get(1).get("renorm_y1x1z1_y2x2z2"), rel.get(1).get("renorm_y1x1z1_y2x2z2"), "only paths change");

        DatasetsCommandTest.Run wrong = DatasetsCommandTest.run("relocate", "--jsonl", out.toString(), "--npy-root", work.toString(),
                "--out", work.resolve("bad.jsonl").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("files the records name are not under " + work + ", e.g. " + out + ":1: "), wrong.err());
        assertTrue(!Files.exists(work.resolve("bad.jsonl")), "nothing written");
    }

    private static DatasetsCommandTest.Run convert(Path data, String npyRoot, Path in, Path out) {
        return DatasetsCommandTest.run("convert", "--npy-root", npyRoot, "--data-root", data.toString(), "--no-progress",
                "--threads", "1", "--jsonl", in.toString(), "--out", out.toString());
    }
}
