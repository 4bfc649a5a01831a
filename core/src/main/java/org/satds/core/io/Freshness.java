package org.satds.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one rule every job (process, convert, stats, restore, export) uses to decide whether an output is still
 * current: it is when the stamp written with it equals the stamp of its inputs now. A stamp holds
 * <ul>
 *   <li>each input's size and modification time, in order (a folder: each of its files, by its path inside the
 *   folder);</li>
 *   <li>a hash of the rules: everything else that decides the output, as text (the recipe or discovery rule, the
 *   job's options, and the job's format version, which changes when the tool writes different outputs for the same
 *   inputs).</li>
 * </ul>
 * Where the files are does not count, so moved data or moved outputs stay current. A missing or unreadable stamp is
 * never current: the output is made again.
 */
public final class Freshness {
    private Freshness() {}

    /** The stamp of {@code inputs} (files or folders, every file of a folder) under {@code rules}. */
    public static String stamp(List<Path> inputs, String rules) throws IOException {
        return stamp(inputs, f -> true, rules);
    }

    /** As above, counting only the files of a folder that {@code counted} accepts. */
    public static String stamp(List<Path> inputs, Predicate<Path> counted, String rules) throws IOException {
        StringBuilder s = new StringBuilder("rules ").append(sha256(rules)).append('\n');
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                s.append(Files.size(input)).append(' ').append(Files.getLastModifiedTime(input).toMillis()).append('\n');
                continue;
            }
            try (Stream<Path> files = Files.walk(input)) {
                for (Path f : files.filter(Files::isRegularFile).filter(counted).sorted().toList())
                    s.append(input.relativize(f).toString().replace('\\', '/')).append(' ').append(Files.size(f))
                            .append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
            s.append("end of folder\n");
        }
        return s.toString();
    }

    /** Whether an output with the recorded stamp (null: none) is current, given the stamp of its inputs now. */
    public static boolean current(String recorded, String now) {
        return recorded != null && recorded.equals(now);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
