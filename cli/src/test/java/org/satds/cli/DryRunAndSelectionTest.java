package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.jsonl.Jsonl;

/** Issue 15.9: --dry-run says what would happen and writes nothing; --datasets selects; convert ends with a table per dataset. */
class DryRunAndSelectionTest {
    @TempDir
    Path dir;
    Path merged;

    /** A merged jsonl of two AbdomenCT1K and one MSD_Spleen sample (real NIfTI phantoms). */
    @BeforeEach
    void merged() throws Exception {
        List<String> lines = new ArrayList<>(Samples.write(dir, 2, "AbdomenCT1K"));
        Phantom.write(dir.resolve("spleen.nii.gz"), dir.resolve("spleen_seg.nii.gz"), new int[] {40, 36, 16}, new double[] {1.5, 1.5, 4}, "CT", 1, 9);
        lines.add(Samples.line("spleen.nii.gz", "spleen_seg.nii.gz", "MSD_Spleen", "s0"));
        merged = dir.resolve("merged.jsonl");
        Files.write(merged, lines);
    }

    private Run convert(String... more) {
        List<String> args = new ArrayList<>(List.of("convert", "--jsonl", merged.toString(), "--data-root", dir.toString(), "--out",
                dir.resolve("out.jsonl").toString(), "--npy-root", dir.resolve("npy").toString(), "--no-progress", "--threads", "1",
                "--memory", "1g"));
        args.addAll(List.of(more));
        return DatasetsCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void dryRunWritesNothingAndCountsWhatIsCurrent() throws Exception {
        Run first = convert("--dry-run");
        assertEquals(0, first.code(), first.err());
        assertEquals(String.format("%-32s %10s %8s%n%-32s %10d %8d%n%-32s %10d %8d%n", "dataset", "convert", "skip", "AbdomenCT1K", 2, 0,
                "MSD_Spleen", 1, 0), first.out().substring(0, first.out().indexOf("dry run:")));
        assertTrue(first.out().contains("dry run: would convert 3 and skip 0 (complete and current) of 3 samples; peak heap about "), first.out());
        assertFalse(Files.exists(dir.resolve("npy")) || Files.exists(dir.resolve("out.jsonl")), "nothing written");

        assertEquals(0, convert("--datasets", "msd_spleen").code());
        Run second = convert("--dry-run");
        assertTrue(second.out().contains(String.format("%-32s %10d %8d%n", "MSD_Spleen", 0, 1)), second.out());
        assertTrue(second.out().contains("dry run: would convert 2 and skip 1 (complete and current) of 3 samples"), second.out());
    }

    @Test
    void aSelectionNamesItsSamplesAsTheWholeFileWouldAndEndsWithTheTable() throws Exception {
        Run r = convert("--datasets", "MSD_Spleen");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(String.format("%-32s %8s %10s %8s %7s %7s%n%-32s %8d %10d %8d %7d %7d%n", "dataset", "samples", "converted",
                "skipped", "failed", "warned", "MSD_Spleen", 1, 1, 0, 0, 0)), r.out());
        List<ObjectNode> out = Jsonl.read(dir.resolve("out.jsonl"));
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).get("sample_id").asInt(), "its position in the merged file");

        Run whole = convert();
        assertTrue(whole.out().startsWith(String.format("%-32s %8s %10s %8s %7s %7s%n%-32s %8d %10d %8d %7d %7d%n%-32s %8d %10d %8d %7d %7d%n",
                "dataset", "samples", "converted", "skipped", "failed", "warned", "AbdomenCT1K", 2, 2, 0, 0, 0, "MSD_Spleen", 1, 0, 1, 0, 0)), whole.out());
    }

    @Test
    void aDatasetNotInTheFile() {
        Run r = convert("--datasets", "MSD_Splen");
        assertEquals("error: " + merged + " has no records of dataset 'MSD_Splen' (did you mean 'MSD_Spleen'?) (it has {AbdomenCT1K=2, "
                + "MSD_Spleen=1})\n", r.err());
        assertEquals(2, r.code());
    }
}
