package org.satds.core.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.satds.core.geom.Affine;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/** The grid of an image that a derived mask is written on: spatial shape and voxel-to-world affine. */
public record ImageGeometry(int[] shape, Affine affine) {
    /** The geometry of an image file; a NIfTI file's header is enough, other formats are read whole. */
    public static ImageGeometry of(Path image) throws IOException {
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".nii") || name.endsWith(".nii.gz")) {
            NiftiHeader h = NiftiReader.readHeader(image);
            return new ImageGeometry(new int[] {(int) h.size(1), (int) h.size(2), (int) h.size(3)}, h.affine());
        }
        Volume v = Volumes.read(image, ReadOptions.IMAGE);
        return new ImageGeometry(v.shape(), v.affine());
    }

    /** Fails, naming the mask source, unless the shape is this grid's. */
    void requireShape(Path source, int[] other) throws VolumeFormatException {
        if (!Arrays.equals(shape, other))
            throw new VolumeFormatException(source, "shape " + Arrays.toString(other) + " does not match the image's " + Arrays.toString(shape));
    }
}
