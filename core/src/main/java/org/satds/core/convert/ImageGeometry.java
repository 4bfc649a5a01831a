package org.satds.core.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.satds.core.geom.Affine;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.VolumeHeader;
import org.satds.core.io.Volumes;

/** The grid of an image that a derived mask is written on: spatial shape and voxel-to-world affine. */
public record ImageGeometry(int[] shape, Affine affine) {
    /** The geometry of an image file, from its header. */
    public static ImageGeometry of(Path image) throws IOException {
        VolumeHeader h = Volumes.header(image);
        int[] s = h.shape();
        return new ImageGeometry(new int[] {s[0], s.length > 1 ? s[1] : 1, s.length > 2 ? s[2] : 1}, h.affine());
    }

    /** Fails, naming the mask source, unless the shape is this grid's. */
    void requireShape(Path source, int[] other) throws VolumeFormatException {
        if (!Arrays.equals(shape, other))
            throw new VolumeFormatException(source, "shape " + Arrays.toString(other) + " does not match the image's " + Arrays.toString(shape));
    }
}
