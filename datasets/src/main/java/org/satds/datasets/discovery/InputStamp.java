package org.satds.datasets.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.Freshness;

/**
 * What a converted file was made from, kept beside the output as a hidden {@code .<name>.inputs}: the inputs' paths
 * from the output's folder (so that the stamp can be checked without the rule, and the tree can move), the
 * conversion's rules, and the inputs' {@link Freshness} stamp. A rerun takes the output as done only while the stamp
 * still describes its inputs, so an output made from a file that was damaged, and repaired since, is made again;
 * an output without a stamp (made by an earlier version, or by the original pipeline) is made again too.
 */
final class InputStamp {
    /** Bump when a built-in conversion writes different files from the same inputs, so that they are made again. */
    static final int FORMAT = 1;

    private InputStamp() {}

    /**
     * The stamp of the inputs under {@code rules} (the conversion's kind and options); in folders, hidden files and
     * other conversions' outputs (stamped files) are left out.
     */
    static String of(List<Path> inputs, Path output, String rules) throws IOException {
        Path folder = output.toAbsolutePath().getParent();
        String oneLine = "conversions format " + FORMAT + ": " + rules.replace('\n', ' ');
        StringBuilder s = new StringBuilder();
        for (Path input : inputs) s.append(folder.relativize(input.toAbsolutePath()).toString().replace('\\', '/')).append('\t');
        s.append('\n').append(rules.replace('\n', ' ')).append('\n');
        return s.append(Freshness.stamp(inputs, f -> isSource(f, output), oneLine)).toString();
    }

    private static boolean isSource(Path f, Path output) {
        return !f.equals(output) && !f.getFileName().toString().startsWith(".") && !Files.exists(file(f));
    }

    /** Whether the output was made from inputs as they are now; one without a readable stamp is not. */
    static boolean current(Path output, String stamp) {
        try {
            return Freshness.current(Files.readString(file(output), StandardCharsets.UTF_8), stamp);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a file is a conversion's output whose recorded input files have changed (or gone) since: a sample rule
     * that finds the converted file itself must not take it while the rule that made it would make it anew. A file
     * without a stamp is no conversion's output.
     */
    static boolean outdated(Path file) {
        Path stamp = file(file);
        if (!Files.isRegularFile(stamp)) return false;
        try {
            String[] lines = Files.readString(stamp, StandardCharsets.UTF_8).split("\n", 3);
            List<Path> inputs = new ArrayList<>();
            for (String input : lines[0].split("\t")) if (!input.isEmpty()) inputs.add(file.toAbsolutePath().getParent().resolve(input).normalize());
            return !current(file, of(inputs, file, lines[1]));
        } catch (IOException | RuntimeException e) {
            return true; // a stamp that cannot be checked proves nothing: make the file again
        }
    }

    static void write(Path output, String stamp) throws IOException {
        AtomicFiles.writeString(file(output), stamp);
    }

    private static Path file(Path output) {
        return output.resolveSibling("." + output.getFileName() + ".inputs");
    }
}
