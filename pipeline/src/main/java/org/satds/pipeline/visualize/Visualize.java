package org.satds.pipeline.visualize;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;

/**
 * Everything {@code visualize} writes for one sample into a folder: what the original checksample writes
 * (img.nii.gz, seg.nii.gz, segmentations/&lt;label&gt;.nii.gz) plus slices/slice_NNN.png and montage.png.
 * Arrays are C-order (H, W, D) as in {@link Pictures}.
 */
public final class Visualize {
    /** The spacing the SAT loader resamples every image to (Spacingd pixdim=(1, 1, 3)). */
    public static final double[] SAT_SPACING = {1, 1, 3};

    private Visualize() {}

    public static void write(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels, double[] spacing)
            throws IOException {
        if (masks.length != labels.size()) throw new IllegalArgumentException(masks.length + " masks but " + labels.size() + " labels");
        writeNifti(dir, image, hwd, masks, labels, spacing);
        float[] window = Pictures.window(image);
        Pictures.writeSlices(dir.resolve("slices"), image, hwd, masks, labels, spacing, window);
        Pictures.write(dir.resolve("montage.png"), Pictures.montage(image, hwd, masks, labels, spacing, window));
    }

    /**
     * The pictures and NIfTI views of a scan in its own (native) space with masks on its grid, such as restored
     * predictions: the volumes' x-fastest voxels shown as (H, W, D) = (x, y, z) at the scan's voxel sizes.
     */
    public static void writeNative(Path dir, Volume scan, List<Volume> masks, List<String> labels) throws IOException {
        int[] hwd = scan.shape();
        byte[][] m = new byte[masks.size()][];
        for (int i = 0; i < m.length; i++) m[i] = cOrder(masks.get(i).bytes(0), hwd);
        write(dir, cOrder(scan.floats(0), hwd), hwd, m, labels, scan.spacing());
    }

    /** x-fastest (x, y, z) to C-order (h, w, d). */
    private static float[] cOrder(float[] v, int[] s) {
        float[] c = new float[v.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) c[i++] = v[h + s[0] * (w + s[1] * d)];
        return c;
    }

    private static byte[] cOrder(byte[] v, int[] s) {
        byte[] c = new byte[v.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) c[i++] = v[h + s[0] * (w + s[1] * d)];
        return c;
    }

    /**
     * img.nii.gz (float32), seg.nii.gz (float32, the sum of (j + 1) over the classes j set at a voxel: the original's
     * encoding, so a voxel in overlapping classes holds the sum), and one uint8 0/1 NIfTI per class. The affine is
     * diagonal with the given spacing (the original wrote an identity affine, which draws 3 mm slices 1 mm apart).
     */
    public static void writeNifti(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels, double[] spacing)
            throws IOException {
        Affine affine = Affine.diagonal(spacing[0], spacing[1], spacing[2]);
        int[] shape = hwd.clone();
        NiftiWriter.write(dir.resolve("img.nii.gz"), Volume.ofFloats(shape, affine, xFastest(image, hwd)), DataType.FLOAT32);
        float[] seg = new float[image.length];
        for (int j = 0; j < masks.length; j++) {
            byte[] m = xFastest(masks[j], hwd);
            for (int i = 0; i < m.length; i++) seg[i] += m[i] * (j + 1);
            // a label is a file name here; a slash would put it in another folder
            Path file = dir.resolve("segmentations").resolve(labels.get(j).replace('/', '_') + ".nii.gz");
            NiftiWriter.write(file, Volume.ofBytes(shape, affine, m), DataType.UINT8);
        }
        NiftiWriter.write(dir.resolve("seg.nii.gz"), Volume.ofFloats(shape, affine, seg), DataType.FLOAT32);
    }

    /** C-order (h, w, d) to the x-fastest order a Volume stores (x = h, y = w, z = d). */
    private static float[] xFastest(float[] c, int[] s) {
        float[] v = new float[c.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) v[h + s[0] * (w + s[1] * d)] = c[i++];
        return v;
    }

    private static byte[] xFastest(byte[] c, int[] s) {
        byte[] v = new byte[c.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) v[h + s[0] * (w + s[1] * d)] = c[i++];
        return v;
    }
}
