package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Masks that convert as asked though they are likely wrong — 25 mm off the image, an affine flipped along x, a value
 * the recipe does not read — are said by convert (one line naming the mask, the run goes on, exit 0), counted in its
 * summary, written to --failures as warnings, made failures by --strict, flagged by stats, and named by check.
 */
class ConvertWarningsTest {
    @TempDir
    Path dir;
    Path jsonl;
    /** Voxels of liver (value 1) the value-9 mask holds as 9 instead: on a 1 x 1 x 3 mm grid, as many after normalizing. */
    static final int NINES = 8;

    @BeforeEach
    void samples() throws Exception {
        Phantom.write(dir.resolve("ct.nii.gz"), dir.resolve("seg.nii.gz"), new int[] {40, 36, 12}, new double[] {1, 1, 3}, "CT", 4, 1);
        plant("seg_moved.nii.gz", v -> {}, a -> a[0][3] += 25);
        plant("seg_flipped.nii.gz", v -> {}, a -> a[0][0] = -a[0][0]);
        plant("seg_value9.nii.gz", v -> {
            for (int i = 0, n = 0; i < v.length && n < NINES; i++) if (v[i] == 1) { v[i] = 9; n++; }
        }, a -> {});
        List<String> lines = new ArrayList<>();
        for (String mask : List.of("seg", "seg_moved", "seg_flipped", "seg_value9"))
            lines.add(Samples.line("ct.nii.gz", mask + ".nii.gz", "AbdomenCT1K", mask));
        jsonl = Files.write(dir.resolve("in.jsonl"), lines);
    }

    /** A copy of seg.nii.gz with its voxels and affine edited. */
    private void plant(String name, Consumer<byte[]> voxels, Consumer<double[][]> affine) throws Exception {
        Volume m = Volumes.read(dir.resolve("seg.nii.gz"), ReadOptions.MASK);
        byte[] v = m.bytes(0).clone();
        voxels.accept(v);
        double[][] a = m.affine().toArray();
        affine.accept(a);
        NiftiWriter.write(dir.resolve(name), Volume.ofBytes(m.shape(), Affine.of(a), v), DataType.UINT8);
    }

    /** satds convert of the four samples, without the progress bar unless {@code more} says "--progress". */
    private DatasetsCommandTest.Run convert(String... more) {
        List<String> args = new ArrayList<>(List.of("convert", "--jsonl", jsonl.toString(), "--data-root", dir.toString(),
                "--npy-root", dir.resolve("npy").toString(), "--no-progress", "--threads", "1", "--memory", "1g"));
        args.addAll(List.of(more));
        if (args.remove("--progress")) args.remove("--no-progress");
        return DatasetsCommandTest.run(args.toArray(String[]::new));
    }

    private String mask(String name) {
        return dir.resolve(name + ".nii.gz").toString();
    }

    @Test
    void convertWarnsOfEachMaskAndGoesOn() throws Exception {
        Path out = dir.resolve("out.jsonl"), failures = dir.resolve("failures.jsonl");
        DatasetsCommandTest.Run r = convert("--out", out.toString(), "--failures", failures.toString(), "--progress");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("convert 100%")).count(), "the final progress line once: " + r.err());
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(3, warnings.size(), r.err());
        assertTrue(r.err().contains("warning: " + mask("seg_moved") + ": mask lies up to 25.0 mm off its image (origin "), r.err());
        // flipped along x about voxel 0: the far corner lands 2 * 39 mm away, and the directions differ
        assertTrue(r.err().contains("warning: " + mask("seg_flipped") + ": mask lies up to 78.0 mm off its image ("), r.err());
        assertTrue(r.err().contains(", directions differ): its labels land in the wrong place\n"), r.err());
        assertTrue(r.err().contains("warning: " + mask("seg_value9") + ": mask holds value 9 (" + NINES
                + " voxels) that the AbdomenCT1K recipe does not read (it reads 1, 2, 3, 4): those voxels are dropped\n"), r.err());
        assertFalse(r.err().contains(mask("seg") + ":"), "the sound mask passes: " + r.err());
        assertTrue(r.out().contains("converted 4, skipped 0 (complete and current), failed 0 of 4 samples, 3 with warnings"), r.out());
        assertTrue(r.out().matches("(?s).*\nAbdomenCT1K +4 +4 +0 +0 +3\n.*"), r.out());

        List<ObjectNode> converted = Jsonl.read(out);
        assertEquals(4, converted.size());
        assertTrue(converted.stream().noneMatch(c -> c.has("warning")), "the converted jsonl is SAT's records only");
        List<ObjectNode> listed = Jsonl.read(failures);
        assertEquals(List.of("seg_moved", "seg_flipped", "seg_value9"), listed.stream().map(l -> l.get("patient_id").asText()).toList());
        assertTrue(listed.stream().allMatch(l -> l.has("warning") && !l.has("error")), listed.toString());
        assertTrue(listed.get(2).get("warning").asText().startsWith(mask("seg_value9") + ": mask holds value 9"), listed.toString());

        DatasetsCommandTest.Run again = convert("--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("converted 0, skipped 4 (complete and current), failed 0 of 4 samples, 3 with warnings"), again.out());
        assertEquals(3, again.err().lines().filter(l -> l.startsWith("warning: ")).count(), "a rerun says them again: " + again.err());
    }

    @Test
    void strictMakesWarningsFailures() throws Exception {
        Path out = dir.resolve("out.jsonl"), failures = dir.resolve("failures.jsonl");
        DatasetsCommandTest.Run r = convert("--out", out.toString(), "--failures", failures.toString(), "--strict");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of("seg"), Jsonl.read(out).stream().map(c -> c.get("patient_id").asText()).toList());
        List<ObjectNode> failed = Jsonl.read(failures);
        assertEquals(3, failed.size());
        assertTrue(failed.stream().allMatch(f -> f.has("error") && !f.has("warning")), failed.toString());
        assertTrue(r.err().contains("error: " + mask("seg_moved") + ": mask lies up to 25.0 mm off its image"), r.err());
        assertTrue(r.out().contains("converted 1, skipped 0 (complete and current), failed 3 of 4 samples in"), r.out());
    }

    @Test
    void statsFlagsAndCheckNamesTheMask() throws Exception {
        Path stats = dir.resolve("stats");
        DatasetsCommandTest.Run s = DatasetsCommandTest.run("stats", "--jsonl", jsonl.toString(), "--data-root", dir.toString(),
                "--out", stats.toString(), "--no-progress", "--threads", "1", "--memory", "1g");
        assertEquals(0, s.code(), s.out() + s.err());
        List<String> flagged = new ArrayList<>();
        for (JsonNode f : Jsonl.MAPPER.readTree(stats.resolve("stats.json").toFile()).get("flags"))
            if (f.get("kind").asText().equals("mask warning")) flagged.add(f.get("patient_id").asText() + " " + f.get("detail").asText());
        assertEquals(3, flagged.size(), flagged.toString());
        assertTrue(flagged.get(0).startsWith("seg_moved " + mask("seg_moved") + ": mask lies up to 25.0 mm"), flagged.toString());
        assertTrue(flagged.get(2).startsWith("seg_value9 " + mask("seg_value9") + ": mask holds value 9 (" + NINES + " voxels)"), flagged.toString());
        assertTrue(Files.readString(stats.resolve("report.html")).contains("mask warning"));

        Path errors = dir.resolve("errors.tsv");
        DatasetsCommandTest.Run c = DatasetsCommandTest.run("check", "--jsonl", jsonl.toString(), "--data-root", dir.toString(),
                "--errors", errors.toString(), "--no-progress");
        assertEquals(1, c.code(), c.out() + c.err());
        List<String> lines = Files.readAllLines(errors);
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String name : List.of("seg_moved", "seg_flipped", "seg_value9")) {
            String line = lines.stream().filter(l -> l.contains("\t" + name + "\t")).findFirst().orElseThrow();
            String[] columns = line.split("\t");
            assertEquals(name + ".nii.gz", columns[2], "the file column names the mask: " + line);
            assertTrue(columns[3].startsWith(name + ".nii.gz: mask "), "the reason names the mask: " + line);
        }
    }
}
