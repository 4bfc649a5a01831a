package org.satds.datasets.sample;

import java.io.IOException;
import java.nio.file.Path;

/** A sample that cannot be normalized; the message names the file and the problem in one line. */
public final class SampleException extends IOException {
    public SampleException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
