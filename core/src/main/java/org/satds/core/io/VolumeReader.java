package org.satds.core.io;

import java.io.IOException;
import java.nio.file.Path;
import org.satds.core.volume.Volume;

/**
 * Reads one file format into a {@link Volume} with its world affine in RAS+ (as MONAI's readers produce). A reader
 * may be asked for two files at once (a sample's image and mask are read in parallel).
 */
public interface VolumeReader {
    Volume read(Path file, ReadOptions options) throws IOException;
}
