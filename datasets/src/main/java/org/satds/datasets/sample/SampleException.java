package org.satds.datasets.sample;

import java.io.IOException;
import java.nio.file.Path;

/** A sample that cannot be normalized; the message names the file and the problem in one line. */
public final class SampleException extends IOException {
    private final transient Path file;
    private final String problem;

    public SampleException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The problem, without the file. */
    public String problem() {
        return problem;
    }
}
