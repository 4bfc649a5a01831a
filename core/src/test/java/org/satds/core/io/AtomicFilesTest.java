package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed atomic write names the target and the reason, never the temporary file; a folder is never replaced. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFolderInPlaceOfTheTargetIsRefusedNotReplaced() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("out.jsonl"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(folder, "x"));
        assertEquals("cannot write " + folder + ": it is a folder", e.getMessage());
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void aFileInPlaceOfAFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("a"), "x");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file.resolve("b/c.txt"), "x"));
        assertEquals("cannot write " + file.resolve("b/c.txt") + ": " + file + " is a file, not a folder", e.getMessage());
        IOException check = assertThrows(IOException.class, () -> AtomicFiles.checkWritableFolder(file));
        assertEquals("cannot write into " + file + ": " + file + " is a file, not a folder", check.getMessage());
    }

    @Test
    void aFailingContentIsReportedForTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("t.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + target + ": no space left on device", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void checkWritableMakesTheFoldersAndLeavesNoProbe() throws IOException {
        Path target = dir.resolve("x/y/out.jsonl");
        AtomicFiles.checkWritable(target);
        assertTrue(Files.isDirectory(target.getParent()));
        try (var files = Files.list(target.getParent())) {
            assertEquals(0, files.count());
        }
    }
}
