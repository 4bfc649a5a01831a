package org.satds.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An I/O failure as one sentence: what was being done to which path, and why. Java's file system exceptions carry
 * only the path as their message ("/proc/satds"), and a plain IOException only the reason ("Is a directory").
 */
public final class IoErrors {
    private IoErrors() {}

    /** "cannot read FILE: why". */
    public static IOException cannotRead(Path file, IOException e) {
        return new IOException("cannot read " + file + ": " + whyNotRead(file, e), e);
    }

    /** "cannot write FILE: why" (a temporary file the write went through is not named). */
    public static IOException cannotWrite(Path target, IOException e) {
        return new IOException("cannot write " + target + ": " + whyNotWritten(target, e), e);
    }

    /** The reason reading {@code file} failed. */
    public static String whyNotRead(Path file, IOException e) {
        if (Files.isDirectory(file)) return "it is a folder, not a file";
        if (e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent) ? "no such folder " + parent : "no such file";
        }
        return reason(e, file);
    }

    /** The reason listing the folder {@code folder} failed. */
    public static String whyNotListed(Path folder, IOException e) {
        if (Files.isRegularFile(folder)) return "it is a file, not a folder";
        if (e instanceof NoSuchFileException) return "no such folder";
        return reason(e, folder);
    }

    /** The reason writing {@code target} failed, naming the folder when that is what could not be made. */
    public static String whyNotWritten(Path target, IOException e) {
        if (Files.isDirectory(target)) return "it is a folder";
        Path existing = target.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && !Files.isDirectory(existing)) return existing + " is a file, not a folder";
        Path file = e instanceof FileSystemException f && f.getFile() != null ? Path.of(f.getFile()) : null;
        boolean ancestor = file != null && target.toAbsolutePath().normalize().startsWith(file.toAbsolutePath().normalize())
                && !file.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize());
        if (ancestor && e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            return "cannot create the folder " + file + (parent != null && Files.isDirectory(parent)
                    ? ": " + parent + " does not take new folders" : "");
        }
        if (e instanceof NoSuchFileException && file != null && isTargetOrTemporary(target, file)) {
            return target.toAbsolutePath().getParent() + " does not take new files";
        }
        if (file != null && !ancestor && !isTargetOrTemporary(target, file)) return file + ": " + reason(e, file);
        return reason(e, file);
    }

    /**
     * A one-line message for an exception that reached the top without saying what it was doing: a bare file
     * system exception becomes "cannot access PATH: why"; any other keeps its message.
     */
    public static String describe(Throwable e) {
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) e = u.getCause();
        if (e instanceof FileSystemException f && f.getFile() != null) {
            if (f.getReason() != null && !(f instanceof AccessDeniedException)) return f.getMessage();
            return "cannot access " + f.getFile() + ": " + reason(f, Path.of(f.getFile()));
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    private static boolean isTargetOrTemporary(Path target, Path file) {
        Path t = target.toAbsolutePath().normalize(), f = file.toAbsolutePath().normalize();
        return f.equals(t) || (f.getParent() != null && f.getParent().equals(t.getParent())
                && f.getFileName().toString().startsWith("." + t.getFileName() + "."));
    }

    private static String reason(IOException e, Path file) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof NotDirectoryException) return "not a folder";
        if (e instanceof FileAlreadyExistsException) return "it already exists";
        if (e instanceof java.nio.charset.CharacterCodingException) return "not UTF-8 text";
        String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (why == null || why.isBlank() || (file != null && why.equals(file.toString()))) return e.getClass().getSimpleName();
        return why.substring(0, 1).toLowerCase(Locale.ROOT) + why.substring(1);
    }
}
