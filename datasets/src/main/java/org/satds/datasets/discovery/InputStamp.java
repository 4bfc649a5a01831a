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
 * since, is made again. An output without a stamp (an earlier version's) counts as current when it is newer than
 * every input.
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

    static boolean current(Path output, String stamp) throws IOException {
        Path file = file(output);
        if (Files.isRegularFile(file)) return Files.readString(file, StandardCharsets.UTF_8).equals(stamp);
        long made = Files.getLastModifiedTime(output).toMillis();
        for (String line : stamp.split("\n"))
            if (!line.isEmpty() && Long.parseLong(line.substring(line.lastIndexOf('\t') + 1)) > made) return false;
        write(output, stamp);
        return true;
    }

    static void write(Path output, String stamp) throws IOException {
        AtomicFiles.writeString(file(output), stamp);
    }

    private static Path file(Path output) {
        return output.resolveSibling("." + output.getFileName() + ".inputs");
    }
}
