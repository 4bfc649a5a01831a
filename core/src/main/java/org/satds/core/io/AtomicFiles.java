package org.satds.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name in the same folder, then renames it, so no partial file has a final name.
 * A failure names the target, never the temporary file, and says why ({@link IoErrors}).
 */
public final class AtomicFiles {
    /** Produces the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Content content) throws IOException {
        try {
            writeVia(target, content);
        } catch (IOException e) {
            throw IoErrors.cannotWrite(target, e);
        }
    }

    private static void writeVia(Path target, Content content) throws IOException {
        if (Files.isDirectory(target)) throw new IOException("it is a folder"); // a move would replace an empty one
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporaries an interrupted {@link #write} left in {@code dir} for targets whose temporary name
     * starts with {@code prefix} ("." + target name, then "." + pid + "." + thread + ".tmp").
     */
    public static void deleteTemporaries(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : s) Files.deleteIfExists(p);
        }
    }

    /**
     * Fails now, as writing {@code target} later would (a folder in its place, a folder that cannot be made, no
     * permission, a read-only file system), so that a long run does not find out at its end. Makes the folders.
     */
    public static void checkWritable(Path target) throws IOException {
        try {
            if (Files.isDirectory(target)) throw new IOException("it is a folder");
            probe(target.toAbsolutePath().getParent(), target.getFileName().toString());
        } catch (IOException e) {
            throw IoErrors.cannotWrite(target, e);
        }
    }

    /** As {@link #checkWritable}, for a folder files will be written into (made if missing). */
    public static void checkWritableFolder(Path dir) throws IOException {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException(dir + " is a file, not a folder");
            probe(dir.toAbsolutePath(), "satds-check");
        } catch (IOException e) {
            String why = IoErrors.whyNotWritten(dir.resolve("satds-check"), e), made = "cannot create the folder " + dir.toAbsolutePath() + ": ";
            throw new IOException(why.startsWith(made) ? "cannot create the folder " + dir + ": " + why.substring(made.length())
                    : "cannot write into " + dir + ": " + why, e);
        }
    }

    private static void probe(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".probe.tmp");
        Files.deleteIfExists(Files.createFile(tmp));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
