package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;

/** Issue 15.7: settings that cannot be meant are refused (exit 2) or clamped with a note, before anything runs. */
class SettingsTest {
    @TempDir
    Path dir;

    private Path jsonl() throws Exception {
        return Samples.jsonl(dir);
    }

    private Run convert(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("convert", "--jsonl", jsonl().toString(), "--data-root", dir.toString(),
                "--out", dir.resolve("out.jsonl").toString(), "--npy-root", dir.resolve("npy").toString(), "--no-progress"));
        args.addAll(List.of(more));
        return DatasetsCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void aBudgetOfKilobytes() throws Exception {
        Run r = convert("--memory", "10k");
        assertEquals("error: --memory 10k is 10 KB, too small to hold a sample (at least 64m; sizes take k, m, g or t, e.g. 6g)\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aBudgetAboveTheHeapOrTheMachine() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        Run aboveHeap = convert("--memory", (heap / (1 << 20) + 1) + "m");
        assertTrue(aboveHeap.err().startsWith("error: --memory " + (heap / (1 << 20) + 1) + "m is more than ")
                && (aboveHeap.err().contains("the Java heap") || aboveHeap.err().contains("this machine's")), aboveHeap.err());
        assertEquals(2, aboveHeap.code());
        Run aboveMachine = convert("--memory", "100t");
        assertTrue(aboveMachine.err().startsWith("error: --memory 100t is more than this machine's "), aboveMachine.err());
        assertEquals(2, aboveMachine.code());
    }

    @Test
    void moreThreadsThanCoresAreClamped() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Run r = convert("--threads", "1000", "--dry-run");
        assertEquals("note: --threads 1000 is more than the " + cores + " cores here; using " + cores + "\n", r.err());
        assertTrue(r.out().contains(", " + cores + " threads)"), r.out());
        assertEquals(0, r.code());
    }

    @Test
    void outTheSameAsTheInput() throws Exception {
        Path in = jsonl();
        String before = Files.readString(in);
        Run r = DatasetsCommandTest.run("convert", "--jsonl", in.toString(), "--out", dir.resolve(".").resolve("in.jsonl").toString(),
                "--data-root", dir.toString());
        assertEquals("error: --out and --jsonl are the same file (" + dir.resolve(".").resolve("in.jsonl")
                + "); writing --out would overwrite --jsonl: give another --out\n", r.err());
        assertEquals(2, r.code());
        assertEquals(before, Files.readString(in), "the input is untouched");
        Run merge = DatasetsCommandTest.run("merge", "--out", in.toString(), in.toString());
        assertEquals(2, merge.code());
        assertTrue(merge.err().startsWith("error: --out and the input are the same file"), merge.err());
    }

    @Test
    void demoWithNoPatients() {
        Run r = DatasetsCommandTest.run("demo", "--per-dataset", "0", "--out", dir.toString());
        assertEquals("error: --per-dataset must be at least 1, not 0\n", r.err());
        assertEquals(2, r.code());
    }
}
