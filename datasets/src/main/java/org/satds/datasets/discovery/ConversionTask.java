package org.satds.datasets.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One missing output to make: a {@link Conversion} of some inputs, run once however many samples need it. */
public final class ConversionTask {
    private final String kind;
    private final Conversion conversion;
    private final List<Path> inputs;
    private final Path output;
    /** The inputs' stamp, written beside the output once it is made ({@link InputStamp}). */
    private final String stamp;
    private volatile String failure;

    ConversionTask(String kind, Conversion conversion, List<Path> inputs, Path output, String stamp) {
        this.kind = kind;
        this.conversion = conversion;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        this.stamp = stamp;
    }

    /** Makes the output and its stamp; a failure is kept as the reason the samples needing it are skipped. */
    public void run() {
        try {
            conversion.convert(inputs, output);
            InputStamp.write(output, stamp);
        } catch (IOException | RuntimeException e) {
            failure = reason(kind, output, e);
        }
    }

    /** The bytes of the inputs on disk (a folder's files summed): what a memory budget can weigh the task by. */
    public long inputBytes() {
        long n = 0;
        for (Path p : inputs) {
            try (Stream<Path> files = Files.walk(p)) {
                n += files.filter(Files::isRegularFile).mapToLong(Discovery::size).sum();
            } catch (IOException e) {
                // unreadable: converting reports it
            }
        }
        return n;
    }

    public String kind() {
        return kind;
    }

    public Path output() {
        return output;
    }

    /** Null until it has run, and after a success. */
    public String failure() {
        return failure;
    }

    static String reason(String kind, Path output, Exception e) {
        return kind + " failed to make " + output + ": " + e.getMessage();
    }
}
