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

    static void write(Path output, String stamp) throws IOException {
        AtomicFiles.writeString(file(output), stamp);
    }

    private static Path file(Path output) {
        return output.resolveSibling("." + output.getFileName() + ".inputs");
    }
}
