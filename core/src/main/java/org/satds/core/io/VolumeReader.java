package org.satds.core.io;

import java.io.IOException;
import java.nio.file.Path;
import org.satds.core.volume.Volume;

/** Reads one file format into a {@link Volume} with its world affine in RAS+ (as MONAI's readers produce). */
public interface VolumeReader {
    Volume read(Path file, ReadOptions options) throws IOException;
}
