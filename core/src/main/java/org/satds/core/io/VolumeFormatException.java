package org.satds.core.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that cannot be read as a volume; the message names the file and the problem in one line. */
public class VolumeFormatException extends IOException {
    public VolumeFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public VolumeFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
