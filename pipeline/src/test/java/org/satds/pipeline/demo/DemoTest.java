package org.satds.pipeline.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.python.PythonTests;

/** The demo end to end: every stage's outputs exist and agree with each other. */
class DemoTest {
    @Test
    void runsEveryStageOnEveryDataset(@TempDir Path out) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Demo.Row> rows = new Demo(out, new PrintStream(log)).run(3);
        assertEquals(DemoCollection.ENTRIES.size(), rows.size());
        assertTrue(Demo.allSound(rows), Demo.table(rows) + log);
        assertTrue(rows.stream().map(Demo.Row::modality).toList().containsAll(List.of("CT", "MRI", "PET")));
        for (Demo.Row r : rows) {
            assertEquals(3, r.samples(), r.dataset());
            assertEquals(r.samples(), r.train() + r.test(), r.dataset() + ": every sample on one side of the split");
            var converted = Jsonl.read(out.resolve("converted").resolve(r.dataset() + ".jsonl"));
            assertEquals(r.samples(), converted.size());
            for (var rec : converted) assertTrue(Files.exists(Path.of(rec.get("renorm_image").asText())));
            var montage = ImageIO.read(out.resolve("visualize").resolve(r.dataset()).resolve("montage.png").toFile());
            assertTrue(montage.getWidth() > 100 && montage.getHeight() > 100);
            assertTrue(Files.exists(out.resolve("split").resolve(r.dataset() + "_train.jsonl")));
            // the restored pictures' NIfTI overlay the native scan: its geometry fields, not a diagonal at the origin
            NiftiHeader scan = NiftiReader.readHeader(Path.of(converted.get(0).get("image").asText()));
            for (String file : List.of("img.nii.gz", "seg.nii.gz")) {
                NiftiHeader h = NiftiReader.readHeader(out.resolve("visualize").resolve(r.dataset()).resolve("restored").resolve(file));
                assertEquals(scan.qformCode, h.qformCode, r.dataset() + " " + file);
                assertEquals(scan.sformCode, h.sformCode, r.dataset() + " " + file);
                assertArrayEquals(scan.quatern, h.quatern, r.dataset() + " " + file);
                for (int row = 0; row < 3; row++) assertArrayEquals(scan.srow[row], h.srow[row], r.dataset() + " " + file);
            }
        }
        // the stand-in predictions are the truth moved 3 mm: every pair scored, Dice and NSD below 1, above 0
        List<String> samples = Files.readAllLines(out.resolve("evaluate").resolve("samples.csv"));
        int pairs = rows.stream().mapToInt(r -> r.samples() * r.labels()).sum();
        assertEquals(pairs + 1, samples.size(), "one row per pair, and the header");
        List<String> summary = Files.readAllLines(out.resolve("evaluate").resolve("summary.csv"));
        for (Demo.Row r : rows) {
            String line = summary.stream().filter(l -> l.startsWith(r.dataset() + "(")).findFirst().orElseThrow();
            String[] v = line.split(",");
            for (int c = 1; c <= 2; c++) assertTrue(Double.parseDouble(v[c]) > 0 && Double.parseDouble(v[c]) < 1, line);
        }
        assertTrue(ImageIO.read(out.resolve("evaluate").resolve("datasets.png").toFile()).getHeight() > 100);
        var stats = Jsonl.MAPPER.readTree(out.resolve("stats").resolve("stats.json").toFile());
        assertEquals(3 * rows.size(), stats.get("samples").size(), "stats over every sample of the collection");
        assertEquals(0, stats.get("failures").size());
        assertTrue(log.toString().contains(out.resolve("stats").resolve("report.html").toString()), "the demo prints the report's path");
        // what a PyTorch user reads: the converted records through satds.SatdsDataset, the restored masks through load_restored
        PythonTests.run("tests.test_demo", Map.of("SATDS_DEMO", out));
    }
}
