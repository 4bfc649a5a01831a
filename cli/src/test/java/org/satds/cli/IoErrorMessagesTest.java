package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;

/** Issue 15.1: an I/O failure says which path, what was being done and why, and nothing runs before it is found. */
class IoErrorMessagesTest {
    @TempDir
    Path dir;

    private Path jsonl() throws Exception {
        return Samples.jsonl(dir);
    }

    @Test
    void anOutputInAFolderThatCannotBeMade() throws Exception {
        Run r = DatasetsCommandTest.run("convert", "--jsonl", jsonl().toString(), "--data-root", dir.toString(), "--out",
                "/proc/satds/t.jsonl", "--no-progress");
        assertEquals("error: cannot write /proc/satds/t.jsonl: cannot create the folder /proc/satds: /proc does not take new folders\n", r.err());
        assertEquals(2, r.code());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void anOutputBelowAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Run r = DatasetsCommandTest.run("convert", "--jsonl", jsonl().toString(), "--data-root", dir.toString(), "--out",
                file.resolve("t.jsonl").toString(), "--no-progress");
        assertEquals("error: cannot write " + file.resolve("t.jsonl") + ": " + file + " is a file, not a folder\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aFolderGivenForTheInputFile() {
        Run r = DatasetsCommandTest.run("convert", "--jsonl", dir.toString(), "--out", dir.resolve("t.jsonl").toString());
        assertEquals("error: cannot read " + dir + ": it is a folder, not a file\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aFolderGivenForTheOutputFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("out.jsonl"));
        Run r = DatasetsCommandTest.run("convert", "--jsonl", jsonl().toString(), "--data-root", dir.toString(), "--out", folder.toString());
        assertEquals("error: cannot write " + folder + ": it is a folder\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aMissingMergeInput() throws Exception {
        Path missing = dir.resolve("nonexist.jsonl");
        Run r = DatasetsCommandTest.run("merge", "--out", dir.resolve("m.jsonl").toString(), jsonl().toString(), missing.toString());
        assertEquals("error: cannot read " + missing + ": no such file\n", r.err());
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir.resolve("m.jsonl")));
    }

    @Test
    void anUnwritableReportNamesTheTargetNotATemporaryFile() throws Exception {
        Run r = DatasetsCommandTest.run("check", "--jsonl", jsonl().toString(), "--data-root", dir.toString(), "--errors", "/proc/x.tsv",
                "--no-progress");
        assertEquals("error: cannot write /proc/x.tsv: /proc does not take new files\n", r.err());
        assertEquals(2, r.code());
        assertFalse(r.out().contains("checked"), "refused before checking: " + r.out());
    }

    @Test
    void anUnwritableNpyRootFailsOnceBeforeTheRun() throws Exception {
        Path file = Files.writeString(dir.resolve("npy"), "x");
        Run r = DatasetsCommandTest.run("convert", "--jsonl", jsonl().toString(), "--data-root", dir.toString(), "--out",
                dir.resolve("t.jsonl").toString(), "--npy-root", file.toString(), "--no-progress");
        assertEquals("error: cannot write into " + file + ": " + file + " is a file, not a folder\n", r.err());
        assertEquals(2, r.code());
        assertTrue(r.out().isEmpty(), r.out());
    }
}
