package org.satds.core.convert;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.Inputs;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

/**
 * Grey PNG slices stacked into a mask volume, as the original CHAOS processors did (monai LoadImage per slice,
 * np.stack, flips), read with javax.imageio.
 *
 * <p>MONAI loads a PNG as (columns, rows), so after the original's flips of the row axis a slice's column c
 * and row r land at voxel (c, H-1-r): the rows are reversed to match the image converted from DICOM, which
 * dicom2nifti (and {@link DicomSeries}) store LAS, i.e. with DICOM rows reversed for axial slices.
 */
public final class PngSlices {
    /** One output channel: voxels whose grey value g satisfies {@code above < g <= atMost} become 1. */
    public record Window(String name, int above, int atMost) {}

    /** CHAOS MRI grey levels (processor.py mri_relabel): liver 63, right kidney 126, left kidney 189, spleen 252. */
    public static final List<Window> CHAOS_MRI = List.of(new Window("liver", 55, 70), new Window("right kidney", 110, 135),
            new Window("left kidney", 175, 200), new Window("spleen", 240, Integer.MAX_VALUE));

    private PngSlices() {}

    /**
     * Stacks grey slices: voxel (x, y, z) is column x, row H-1-y of slice z, where slice z is {@code files.get(z)},
     * or {@code files.get(D-1-z)} when {@code reverseSlices}. Values stay the PNG grey levels.
     */
    public static Volume stack(List<Path> files, boolean reverseSlices, Affine affine) throws IOException {
        if (files.isEmpty()) throw new IllegalArgumentException("no PNG slices");
        int w = -1, h = -1, d = files.size();
        float[] out = null;
        for (int k = 0; k < d; k++) {
            Path f = files.get(k);
            Raster r = grey(f);
            if (out == null) {
                w = r.getWidth();
                h = r.getHeight();
                out = new float[Math.multiplyExact(w * h, d)];
            } else if (r.getWidth() != w || r.getHeight() != h) {
                throw new VolumeFormatException(f, "slice is " + r.getWidth() + "x" + r.getHeight() + ", the first was " + w + "x" + h);
            }
            int z = reverseSlices ? d - 1 - k : k;
            for (int row = 0; row < h; row++)
                for (int col = 0; col < w; col++) out[col + w * ((h - 1 - row) + h * z)] = r.getSample(col, row, 0);
        }
        return Volume.ofFloats(new int[] {w, h, d}, affine, out);
    }

    /** One channel per window, 1 where the grey value falls in it, else 0 (CHAOS MRI's relabelling). */
    public static Volume split(Volume grey, List<Window> windows) {
        float[] g = grey.floats(0);
        byte[][] ch = new byte[windows.size()][g.length];
        for (int c = 0; c < windows.size(); c++) {
            Window win = windows.get(c);
            for (int i = 0; i < g.length; i++) if (g[i] > win.above() && g[i] <= win.atMost()) ch[c][i] = 1;
        }
        return Volume.ofBytes(grey.shape(), grey.affine(), ch);
    }

    /** CHAOS CT: the liver slices (sorted by name) in reverse order, grey values kept, on the CT image's grid. */
    public static void chaosCtMask(List<Path> sortedSlices, Path image, Path nifti) throws IOException {
        ImageGeometry g = ImageGeometry.of(image);
        Volume v = stack(sortedSlices, true, g.affine());
        g.requireShape(sortedSlices.get(0).getParent(), v.shape());
        NiftiWriter.write(nifti, v, Conversions.exactType(v));
    }

    /** CHAOS MRI: slices (sorted by name) in order, split into the four organ channels, written channel-first. */
    public static void chaosMriMask(List<Path> sortedSlices, Path image, Path nifti) throws IOException {
        ImageGeometry g = ImageGeometry.of(image);
        Volume v = split(stack(sortedSlices, false, g.affine()), CHAOS_MRI);
        g.requireShape(sortedSlices.get(0).getParent(), v.shape());
        NiftiWriter.write(nifti, v, DataType.UINT8, true);
    }

    private static Raster grey(Path f) throws IOException {
        if (!Files.isRegularFile(f)) throw new VolumeFormatException(f, "file not found");
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new VolumeFormatException(f, "not an image format javax.imageio reads");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the pixels are deflated: a damaged size cannot claim more than deflate's expansion of the file
                if ((long) reader.getWidth(0) * reader.getHeight(0) > Inputs.maxInflated(f))
                    throw new VolumeFormatException(f, "image size " + reader.getWidth(0) + "x" + reader.getHeight(0) + " is more than the file can hold");
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (VolumeFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new VolumeFormatException(f, "unreadable image (" + e.getMessage() + ")", e);
        }
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) throw new VolumeFormatException(f, "slice has " + r.getNumBands() + " channels, a grey mask needs 1");
        return r;
    }
}
