package org.satds.pipeline.visualize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;

/**
 * Everything {@code visualize} writes for one sample into a folder: what the original checksample writes
 * (img.nii.gz, seg.nii.gz, segmentations/&lt;label&gt;.nii.gz) plus seg_labels.txt, slices/slice_NNN.png and montage.png.
 * Arrays are C-order (H, W, D) as in {@link Pictures}.
 */
public final class Visualize {
    /** The spacing the SAT loader resamples every image to (Spacingd pixdim=(1, 1, 3)). */
    public static final double[] SAT_SPACING = {1, 1, 3};

    private Visualize() {}

    /**
     * The caption of a record's pictures: its dataset and sample (patient_id, else the image file), and the merged
     * classes of its dataset's recipe when the sample has the recipe's classes.
     */
    public static Pictures.Caption caption(ObjectNode record, RecipeBook recipes, int classes) {
        String dataset = record.path("dataset").asText("?");
        String sample = record.hasNonNull("patient_id") ? record.get("patient_id").asText()
                : Path.of(record.path("image").asText("?")).getFileName().toString();
        Map<Integer, List<Integer>> merged = recipes.has(dataset) && recipes.get(dataset).labels().size() == classes
                ? recipes.get(dataset).mergedLabels() : Map.of();
        return new Pictures.Caption(dataset + "  " + sample, merged);
    }

    public static void write(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels, double[] spacing,
                             Pictures.Caption caption) throws IOException {
        if (masks.length != labels.size()) throw new IllegalArgumentException(masks.length + " masks but " + labels.size() + " labels");
        writeNifti(dir, image, hwd, masks, labels, spacing, caption.merged());
        float[] window = Pictures.window(image);
        Pictures.writeSlices(dir.resolve("slices"), image, hwd, masks, labels, spacing, window, caption);
        Pictures.write(dir.resolve("montage.png"), Pictures.montage(image, hwd, masks, labels, spacing, window, caption));
    }

    /**
     * The pictures and NIfTI views of a scan in its own (native) space with masks on its grid, such as restored
     * predictions: the volumes' x-fastest voxels shown as (H, W, D) = (x, y, z) at the scan's voxel sizes.
     */
    public static void writeNative(Path dir, Volume scan, List<Volume> masks, List<String> labels, Pictures.Caption caption) throws IOException {
        int[] hwd = scan.shape();
        byte[][] m = new byte[masks.size()][];
        for (int i = 0; i < m.length; i++) m[i] = cOrder(masks.get(i).bytes(0), hwd);
        write(dir, cOrder(scan.floats(0), hwd), hwd, m, labels, scan.spacing(), caption);
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
     * img.nii.gz (float32); seg.nii.gz, an integer label map (uint8, or uint16 past 255 classes) holding at each voxel
     * j + 1 for the class j set there, merged classes left out (they cover their parts) and a later class winning
     * where two overlap; seg_labels.txt, its label description in ITK-SNAP's format (the picture's colours; merged
     * classes as comments naming their parts); and one uint8 0/1 NIfTI per class. The original's checksample wrote
     * seg as float32 sums of j + 1, which viewers show as labels of no class (docs/deviations.md). The affine is
     * diagonal with the given spacing (the original wrote an identity affine, which draws 3 mm slices 1 mm apart).
     */
    public static void writeNifti(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels, double[] spacing,
                                  Map<Integer, List<Integer>> merged) throws IOException {
        Affine affine = Affine.diagonal(spacing[0], spacing[1], spacing[2]);
        int[] shape = hwd.clone();
        NiftiWriter.write(dir.resolve("img.nii.gz"), Volume.ofFloats(shape, affine, xFastest(image, hwd)), DataType.FLOAT32);
        float[] seg = new float[image.length];
        StringBuilder table = new StringBuilder("# ITK-SNAP label description: seg.nii.gz value, red, green, blue, alpha, visible, mesh, name\n"
                + String.format("%5d %3d %3d %3d %4.2f %d %d \"%s\"%n", 0, 0, 0, 0, 0.0, 0, 0, "Clear Label"));
        for (int j = 0; j < masks.length; j++) {
            byte[] m = xFastest(masks[j], hwd);
            if (merged.containsKey(j)) {
                table.append("# ").append(j + 1).append(" \"").append(labels.get(j)).append("\" is merged, not in seg.nii.gz: ")
                        .append(String.join(" + ", merged.get(j).stream().map(labels::get).toList())).append('\n');
            } else {
                for (int i = 0; i < m.length; i++) if (m[i] != 0) seg[i] = j + 1;
                Color c = Pictures.colour(j);
                table.append(String.format(Locale.ROOT, "%5d %3d %3d %3d %4.2f %d %d \"%s\"%n", j + 1, c.getRed(), c.getGreen(), c.getBlue(), 1.0, 1, 1,
                        labels.get(j).replace("\"", "'")));
            }
            // a label is a file name here; a slash would put it in another folder
            Path file = dir.resolve("segmentations").resolve(labels.get(j).replace('/', '_') + ".nii.gz");
            NiftiWriter.write(file, Volume.ofBytes(shape, affine, m), DataType.UINT8);
        }
        NiftiWriter.write(dir.resolve("seg.nii.gz"), Volume.ofFloats(shape, affine, seg), masks.length < 256 ? DataType.UINT8 : DataType.UINT16);
        AtomicFiles.writeString(dir.resolve("seg_labels.txt"), table.toString());
    }

    /** C-order (h, w, d) to the x-fastest order a Volume stores (x = h, y = w, z = d). */
    public static float[] xFastest(float[] c, int[] s) {
        float[] v = new float[c.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) v[h + s[0] * (w + s[1] * d)] = c[i++];
        return v;
    }

    public static byte[] xFastest(byte[] c, int[] s) {
        byte[] v = new byte[c.length];
        for (int h = 0, i = 0; h < s[0]; h++)
            for (int w = 0; w < s[1]; w++)
                for (int d = 0; d < s[2]; d++) v[h + s[0] * (w + s[1] * d)] = c[i++];
        return v;
    }
}
