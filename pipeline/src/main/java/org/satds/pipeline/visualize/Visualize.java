package org.satds.pipeline.visualize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.record.NormalizationTrace;
import org.satds.pipeline.restore.Restorer;

/**
 * Everything {@code visualize} writes for one sample into a folder: what the original checksample writes
 * (img.nii.gz, seg.nii.gz, segmentations/&lt;label&gt;.nii.gz) plus seg_labels.txt, slices/slice_NNN.png and montage.png,
 * for a normalized sample (raw or converted record) or a scan in its own space (a restored record). The NIfTI files
 * lie where the sample lies, and the pictures read the same geometry ({@link Pictures.Grid}).
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

    /**
     * A normalized sample: C-order (H, W, D) arrays on the grid {@code affine} places (see {@link #normalizedAffine}).
     */
    public static void write(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels, Affine affine,
                             Pictures.Caption caption) throws IOException {
        if (masks.length != labels.size()) throw new IllegalArgumentException(masks.length + " masks but " + labels.size() + " labels");
        byte[][] m = new byte[masks.length][];
        for (int j = 0; j < m.length; j++) m[j] = xFastest(masks[j], hwd);
        writeNifti(dir, Volume.ofFloats(hwd, affine, xFastest(image, hwd)), m, labels, caption.merged(), NiftiWriter::write);
        writePictures(dir, new Pictures.Layers(image, Pictures.Grid.of(hwd, affine), masks), labels, caption);
    }

    /**
     * The grid of a sample normalized to the axis codes (SAT's 1x1x3 mm along them), at the world's origin: for a
     * sample converted by the original, which keeps no record of where it lay (the original's checksample wrote an
     * identity affine, which draws 3 mm slices 1 mm apart).
     */
    public static Affine normalizedAffine(String codes) {
        int[][] ornt = AxisCodes.fromCodes(codes);
        double[][] rows = new double[4][4];
        for (int i = 0; i < 3; i++) rows[ornt[i][0]][i] = ornt[i][1] * SAT_SPACING[i];
        rows[3][3] = 1;
        return Affine.of(rows);
    }

    /**
     * The world affine of a converted record's npy grid: what convert recorded ({@link NormalizationTrace}), so that
     * img.nii.gz overlays the scan; for a record converted by another tool, the grid its axis codes give.
     */
    public static Affine normalizedAffine(ObjectNode converted, SampleLoader loader) throws IOException {
        SampleLoader.Geometry g = NormalizationTrace.of(converted);
        if (g != null) return NormalizationTrace.croppedAffine(g);
        String codes = loader.axisCodes(new SampleRecord(converted));
        return normalizedAffine(codes == null ? "RAS" : codes);
    }

    /**
     * A scan in its own (native) space with masks on its grid, such as restored predictions, and optionally their
     * ground truth (null, or per mask x-fastest 0/1 voxels or null) drawn as outlines. The NIfTI files carry the
     * scan's own geometry ({@code header}'s qform and sform with their codes; null: a header from the scan's affine),
     * so they overlay the scan in a viewer.
     */
    public static void writeNative(Path dir, Volume scan, int channel, NiftiHeader header, List<Volume> masks, byte[][] truth,
                                   List<String> labels, Pictures.Caption caption) throws IOException {
        byte[][] m = new byte[masks.size()][];
        for (int j = 0; j < m.length; j++) {
            Volume v = masks.get(j);
            if (!Arrays.equals(v.shape(), scan.shape()))
                throw new IllegalArgumentException("mask of '" + labels.get(j) + "' is " + dims(v.shape()) + " voxels, its scan " + dims(scan.shape()));
            m[j] = binary(v);
        }
        float[] image = scan.floats(channel);
        writeNifti(dir, Volume.ofFloats(scan.shape(), scan.affine(), image), m, labels, caption.merged(),
                header == null ? NiftiWriter::write : (file, v, type) -> NiftiWriter.writeWithGeometryOf(file, v, type, header));
        writePictures(dir, new Pictures.Layers(image, Pictures.Grid.ofXFastest(scan), m, truth), labels, caption);
    }

    private static void writePictures(Path dir, Pictures.Layers layers, List<String> labels, Pictures.Caption caption) throws IOException {
        float[] window = Pictures.window(layers.image());
        Pictures.writeSlices(dir.resolve("slices"), layers, labels, window, caption);
        Pictures.write(dir.resolve("montage.png"), Pictures.montage(layers, labels, window, caption));
    }

    /** A mask's voxels as 0/1 bytes: a probability map (restore --mode linear) is set at ≥ 0.5, as restore's label map. */
    private static byte[] binary(Volume v) {
        if (v.isBytes()) return v.bytes(0);
        float[] p = v.floats(0);
        byte[] out = new byte[p.length];
        for (int i = 0; i < p.length; i++) out[i] = (byte) (p[i] >= 0.5f ? 1 : 0);
        return out;
    }

    private static String dims(int[] s) {
        return s[0] + "×" + s[1] + "×" + s[2];
    }

    /**
     * The fields of a restored record (a line of restore's restored.jsonl) that visualize reads, in one place:
     * {@code restored}, each label's native mask file (absolute, or relative to the folder restore ran in) in the
     * record's label order. The scan is the record's {@code image} and its ground truth the record's {@code mask},
     * read as every raw record's.
     */
    public static Map<String, Path> restoredMasks(ObjectNode record) {
        Map<String, Path> masks = new LinkedHashMap<>();
        record.get("restored").fields().forEachRemaining(e -> masks.put(e.getKey(), Path.of(e.getValue().asText())));
        return masks;
    }

    public static boolean isRestored(ObjectNode record) {
        return record.path("restored").isObject();
    }

    /**
     * A restored record: the scan with the restored masks, and the ground truth as outlines where the record has a
     * mask (the recipe's classes on the mask's grid, paired with the restored labels by name).
     */
    public static void writeRestored(Path dir, ObjectNode record, SampleLoader loader, Path base) throws IOException {
        SampleRecord r = new SampleRecord(record);
        Map<String, Path> files = restoredMasks(record);
        List<String> labels = List.copyOf(files.keySet());
        List<Volume> masks = new ArrayList<>();
        for (Path f : files.values()) masks.add(NiftiReader.read(f, ReadOptions.MASK));
        Path imageFile = loader.inputs(r, base).get(0).file();
        Volume scan = Volumes.read(imageFile, ReadOptions.IMAGE);
        byte[][] truth = r.imageOnly() ? null : truth(r, loader, base, labels, scan.shape());
        Pictures.Caption c = caption(record, loader.recipes(), labels.size());
        String title = c.title() + ", restored to the native scan" + (truth == null ? "" : "; outlines: ground truth");
        writeNative(dir, scan, r.imageOnly() ? 0 : Math.max(0, loader.imageChannel(r)), Restorer.niftiHeader(imageFile),
                masks, truth, labels, new Pictures.Caption(title, c.merged()));
    }

    /** The record's classes on its mask's grid, x-fastest, for each restored label (null where the recipe has no such class). */
    private static byte[][] truth(SampleRecord r, SampleLoader loader, Path base, List<String> labels, int[] scanShape) throws IOException {
        SampleLoader.NativeMasks m = loader.nativeMasks(r, base, Volumes::read);
        if (!Arrays.equals(m.shape(), scanShape))
            throw new IllegalArgumentException(loader.inputs(r, base).get(1).file() + ": mask is " + dims(m.shape())
                    + " voxels, its image " + dims(scanShape));
        byte[][] truth = new byte[labels.size()][];
        for (LabelMask mask : m.masks())
            if (labels.contains(mask.name())) truth[labels.indexOf(mask.name())] = xFastest(mask.full(m.shape()), m.shape());
        return truth;
    }

    private interface NiftiOut {
        void write(Path file, Volume v, DataType type) throws IOException;
    }

    /**
     * img.nii.gz (float32); seg.nii.gz, an integer label map (uint8, or uint16 past 255 classes) holding at each voxel
     * j + 1 for the class j set there, merged classes left out (they cover their parts) and a later class winning
     * where two overlap; seg_labels.txt, its label description in ITK-SNAP's format (the picture's colours; merged
     * classes as comments naming their parts); and one uint8 0/1 NIfTI per class. The original's checksample wrote
     * seg as float32 sums of j + 1, which viewers show as labels of no class (docs/deviations.md). Every file is on
     * the image's grid (x-fastest masks), written by {@code out}.
     */
    private static void writeNifti(Path dir, Volume image, byte[][] masks, List<String> labels,
                                   Map<Integer, List<Integer>> merged, NiftiOut out) throws IOException {
        int[] shape = image.shape();
        Affine affine = image.affine();
        out.write(dir.resolve("img.nii.gz"), image, DataType.FLOAT32);
        float[] seg = new float[image.voxels()];
        StringBuilder table = new StringBuilder("# ITK-SNAP label description: seg.nii.gz value, red, green, blue, alpha, visible, mesh, name\n"
                + String.format("%5d %3d %3d %3d %4.2f %d %d \"%s\"%n", 0, 0, 0, 0, 0.0, 0, 0, "Clear Label"));
        for (int j = 0; j < masks.length; j++) {
            byte[] m = masks[j];
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
            out.write(file, Volume.ofBytes(shape, affine, m), DataType.UINT8);
        }
        out.write(dir.resolve("seg.nii.gz"), Volume.ofFloats(shape, affine, seg), masks.length < 256 ? DataType.UINT8 : DataType.UINT16);
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
