package org.satds.pipeline.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.Volumes;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleLoader;

/**
 * The heap a sample needs while it converts, estimated from its NIfTI headers without decoding any voxel: the
 * decoded inputs plus the working arrays built on the 1x1x3 mm grid. Each file's header is read once.
 */
final class Footprint {
    /**
     * Working arrays besides the resampled image channels, in units of one float grid. Calibrated by measuring one
     * real conversion, the 512x512x200 int16 CT of `satds bench` (0.78x0.78x2.5 mm, 4 organs): the smallest -Xmx
     * with which `satds convert --threads 1` succeeds is about 380 MB (GC log: 375 MB live at the peak), against decoded
     * inputs of 262 MB (float image, byte mask) plus one 1x1x3 mm float grid of 106 MB. So the peak is the
     * decode plus the resampled channel; the cropped image, the mask's source indices and the label boxes come
     * after the full grid is released. One more grid covers those on larger crops and many-label masks and leaves
     * the collector slack: the estimate, 474 MB, is 1.25 times the measured need. (Since int16 scans are kept as
     * shorts and only their crop's region is converted, that CT converts with -Xmx210m; the estimate is unchanged.)
     */
    static final double EXTRA_GRIDS = 1;

    private final Map<Path, NiftiHeader> headers = new HashMap<>();

    /**
     * Bytes of the decoded volume: floats, or one byte per voxel where the loader keeps an 8-bit mask compact. An
     * int16 scan kept as shorts counts as floats too: its two bytes per voxel, plus the floats of the region its
     * crop reads (up to half the scan within this estimate; the estimate's slack covers more).
     */
    long decoded(Input input) {
        NiftiHeader h = header(input.file());
        if (h == null) return guessedDecoded(input.file());
        long elements = 1;
        for (int i = 1; i <= h.rank(); i++) elements *= h.size(i);
        if (h.datatype == DataType.RGB24) elements *= 3;
        boolean bytes = input.options().compact() && !h.scaled() && (h.datatype == DataType.UINT8 || h.datatype == DataType.RGB24);
        return elements * (bytes ? 1 : 4);
    }

    /** Bytes of the working arrays of converting an image: its channels resampled to 1x1x3 mm plus the rest. */
    long working(Input image) {
        NiftiHeader h = header(image.file());
        if (h == null) return guessedDecoded(image.file());
        long channels = h.size(4);
        return (long) (gridVoxels(h) * 4 * (channels + EXTRA_GRIDS));
    }

    /** Voxels of the image resampled to 1x1x3 mm, before the foreground crop (0 when it has no NIfTI header). */
    long gridVoxels(Input image) {
        NiftiHeader h = header(image.file());
        return h == null ? 0 : (long) gridVoxels(h);
    }

    /** The target grid's voxel count: the volume's extent in mm^3 over the target voxel, whatever the axis order. */
    private static double gridVoxels(NiftiHeader h) {
        double[] spacing = h.affine().spacing();
        double grid = 1;
        for (int i = 0; i < 3; i++) grid *= h.size(i + 1) * spacing[i];
        return grid / (SampleLoader.PIXDIM[0] * SampleLoader.PIXDIM[1] * SampleLoader.PIXDIM[2]);
    }

    /** Not NIfTI, or no readable header: assume uncompressed 16-bit voxels, which double as floats. */
    private static long guessedDecoded(Path file) {
        try {
            return 2 * Files.size(file);
        } catch (IOException e) {
            return 0; // missing: the conversion fails at once and needs no memory
        }
    }

    private NiftiHeader header(Path file) {
        return headers.computeIfAbsent(file, f -> {
            try {
                return Volumes.header(f).nifti();
            } catch (IOException e) {
                return null; // the conversion reports the problem; the estimate just falls back
            }
        });
    }
}
