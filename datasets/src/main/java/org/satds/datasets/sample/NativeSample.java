package org.satds.datasets.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.VolumeReader;
import org.satds.core.transform.Resampler;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;

/**
 * A record in its scan's own geometry: the image channel the record names, and the recipe's classes built on the
 * image's voxel grid (each class as its tight box in native x, y, z and its 0/1 voxels in C-order), as a model
 * trained in native space (nnU-Net) needs them. The classes are the ones {@link SampleLoader} builds, by the same
 * arithmetic, only without orientation, spacing and crop.
 *
 * @param image     the selected image channel (3D), with the image's affine
 * @param imageFile the file the image was read from
 * @param channel   the channel of a 4D image the record names ("file/T2"), or -1 for a 3D image
 */
public record NativeSample(Volume image, Path imageFile, int channel, List<LabelMask> masks) {
    public int[] shape() {
        return image.shape();
    }

    /** Loads a record in native space; refuses masks whose grid is not the image's (shape or orientation). */
    public static NativeSample load(SampleLoader loader, SampleRecord record, Path base, VolumeReader reader) throws IOException {
        Recipe recipe = loader.recipe(record);
        List<SampleLoader.Input> inputs = loader.inputs(record, base);
        SampleLoader.Input imageIn = inputs.get(0), maskIn = inputs.get(1);
        int channel = SampleLoader.ImageRef.of(record.image(), recipe).channel();
        Volume image = reader.read(imageIn.file(), imageIn.options());
        Volume mask = reader.read(maskIn.file(), maskIn.options());
        checkChannel(image, channel, imageIn.file());
        if (!Arrays.equals(image.shape(), mask.shape()))
            throw new SampleException(maskIn.file(), "mask shape " + Arrays.toString(mask.shape()) + " differs from image shape "
                    + Arrays.toString(image.shape()) + " of " + imageIn.file().getFileName());
        // the loader pairs image and mask voxels after orienting each by its own affine; on the image's grid that is
        // voxel for voxel only when both have the same orientation
        String imageCodes = AxisCodes.codesOf(image.affine()), maskCodes = AxisCodes.codesOf(mask.affine());
        if (!imageCodes.equals(maskCodes))
            throw new SampleException(maskIn.file(), "mask orientation " + maskCodes + " differs from the image's " + imageCodes
                    + "; its voxels do not lie on the image's grid");
        int[] shape = image.shape();
        Volume selected = Volume.ofFloats(shape, image.affine(), image.floats(Math.max(channel, 0)));
        List<LabelMask> masks = LabelBuilder.build(recipe, SampleLoader.outputNames(recipe), mask, Resampler.Nearest.cOrder(shape[0], shape[1], shape[2]), shape, maskIn.file()).masks();
        return new NativeSample(selected, imageIn.file(), channel, masks);
    }

    /** The record's image channel alone, without its classes (another sequence of a case whose classes are loaded). */
    public static NativeSample imageOnly(SampleLoader loader, SampleRecord record, Path base, VolumeReader reader) throws IOException {
        SampleLoader.Input imageIn = loader.inputs(record, base).get(0);
        int channel = SampleLoader.ImageRef.of(record.image(), loader.recipe(record)).channel();
        Volume image = reader.read(imageIn.file(), imageIn.options());
        checkChannel(image, channel, imageIn.file());
        return new NativeSample(Volume.ofFloats(image.shape(), image.affine(), image.floats(Math.max(channel, 0))), imageIn.file(), channel, List.of());
    }

    /** The channel the record names: present, or none needed (a 3D image). */
    private static void checkChannel(Volume image, int channel, Path file) throws SampleException {
        if (channel >= image.channels())
            throw new SampleException(file, "image has " + image.channels() + " channels, channel " + channel + " requested");
        if (channel < 0 && image.channels() > 1)
            throw new SampleException(file, "image has " + image.channels() + " channels and the recipe selects none");
    }

    /** The name of the channel a record addresses in a 4D image ("file/T2" gives T2), or null for a 3D image. */
    public static String channelName(SampleLoader loader, SampleRecord record) {
        String image = record.image();
        return SampleLoader.ImageRef.of(image, loader.recipe(record)).channel() < 0 ? null : image.substring(image.lastIndexOf('/') + 1);
    }
}
