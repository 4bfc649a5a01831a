package org.satds.datasets.discovery;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Makes one output file from the raw inputs of a {@link ConversionStep}; registered with the {@link Processor} by kind. */
@FunctionalInterface
public interface Conversion {
    void convert(List<Path> inputs, Path output) throws IOException;
}
