package org.satds.datasets.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes one output file from the raw inputs of a {@link ConversionStep}; registered with the {@link Processor} by
 * kind. An existing output is taken as done, so write it atomically (e.g. {@code org.satds.core.io.AtomicFiles}):
 * a half-written file must never carry the output's name.
 */
@FunctionalInterface
public interface Conversion {
    void convert(List<Path> inputs, Path output) throws IOException;
}
