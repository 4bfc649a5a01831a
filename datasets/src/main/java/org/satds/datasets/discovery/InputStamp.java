package org.satds.datasets.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.satds.core.io.AtomicFiles;

/**
 * What a converted file was made from: every input file (folders walked, as a DICOM series) with its size and
 * modification time, kept beside the output as a hidden {@code .<name>.inputs}. A rerun takes the output as done
 * only while the stamp still describes its inputs, so an output made from a file that was damaged, and repaired
 * since, is made again. An output without a stamp (made by an earlier version, or by the original pipeline) is kept
 * as it is.
 */
final class InputStamp {
    private InputStamp() {}

    /** The stamp of the inputs; in folders, hidden files and other conversions' outputs (stamped files) are left out. */
    static String of(List<Path> inputs, Path output) throws IOException {
        StringBuilder s = new StringBuilder();
        for (Path input : inputs) {
            try (Stream<Path> files = Files.walk(input)) {
                for (Path f : files.filter(f -> f.equals(input) || isSource(f, output)).filter(Files::isRegularFile).sorted().toList())
                    s.append(f).append('\t').append(Files.size(f)).append('\t').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
        }
        return s.toString();
    }

    private static boolean isSource(Path f, Path output) {
        return !f.equals(output) && !f.getFileName().toString().startsWith(".") && !Files.exists(file(f));
    }

    /** Whether the output was made from inputs as they are now; one without a stamp was made elsewhere and is kept. */
    static boolean current(Path output, String stamp) throws IOException {
        Path file = file(output);
        return !Files.isRegularFile(file) || Files.readString(file, StandardCharsets.UTF_8).equals(stamp);
    }

    /**
     * Whether a file is a conversion's output whose recorded input files have changed (or gone) since: a sample rule
     * that finds the converted file itself must not take it while the rule that made it would make it anew.
     */
    static boolean outdated(Path file) {
        Path stamp = file(file);
        if (!Files.isRegularFile(stamp)) return false;
        try {
            for (String line : Files.readAllLines(stamp, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                Path input = Path.of(f[0]);
                if (!Files.isRegularFile(input) || Files.size(input) != Long.parseLong(f[1])
                        || Files.getLastModifiedTime(input).toMillis() != Long.parseLong(f[2])) return true;
            }
            return false;
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
