package org.satds.pipeline;

import org.satds.pipeline.jsonl.Jsonl;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Small generated samples for a recipe: a 32 x 32 x 4 grid of 1 x 1 x 3 mm voxels whose axes already point the
 * way the recipe orients them, so that the loader neither reorients, resamples nor crops (input voxel i is output
 * voxel {@link #out(int)}); a positive image; a mask in which each value (or channel) the recipe reads owns one
 * voxel, {@link #voxel(int)}.
 */
public final class Synthetic {
    public static final int[] SHAPE = {32, 32, 4}; // room for value 850 (MM_WHS) at voxel(850)
    public static final int VOXELS = SHAPE[0] * SHAPE[1] * SHAPE[2];

    private Synthetic() {}

    /** The input voxel (x fastest) that holds value or channel k. */
    public static int voxel(int k) {
        return 3 * k + 1;
    }

    /** Voxel axes along the recipe's axis codes, spaced 1 x 1 x 3 mm (the loader's spacing). */
    public static Affine affine(Recipe recipe) {
        String codes = recipe.axisCodes() == null ? "RAS" : recipe.axisCodes();
        double[][] rows = new double[4][4];
        double[] spacing = SampleLoader.PIXDIM;
        for (int d = 0; d < 3; d++) {
            int axis = "RLAPSI".indexOf(codes.charAt(d)) / 2;
            rows[axis][d] = ("RAS".indexOf(codes.charAt(d)) >= 0 ? 1 : -1) * spacing[d];
        }
        rows[3][3] = 1;
        return Affine.of(rows);
    }

    /** Where input voxel i lands in the sample (C-order over the three axes). */
    public static int out(int i) {
        int x = i % SHAPE[0], y = (i / SHAPE[0]) % SHAPE[1], z = i / (SHAPE[0] * SHAPE[1]);
        return (x * SHAPE[1] + y) * SHAPE[2] + z;
    }

    /** A mask holding every value (or channel) the recipe reads, plus {@code extra} values of a label map. */
    public static Volume mask(Recipe recipe, int... extra) {
        TreeSet<Integer> used = new TreeSet<>();
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) used.add(s instanceof Number num ? num.intValue() : 1); // "raw": a 0/1 map
        if (recipe.channelMask()) {
            float[][] channels = new float[used.last() + 1][VOXELS];
            for (int c = 0; c < channels.length; c++) channels[c][voxel(c)] = 1;
            return Volume.ofFloats(SHAPE, affine(recipe), channels);
        }
        float[] map = new float[VOXELS];
        for (int v : used) map[voxel(v)] = v;
        for (int v : extra) map[voxel(v)] = v;
        return Volume.ofFloats(SHAPE, affine(recipe), map);
    }

    /** A positive, non-constant image, with as many channels as the recipe's image_channel names. */
    public static Volume image(Recipe recipe) {
        int channels = recipe.imageChannel() == null ? 1 : recipe.imageChannel().size();
        float[][] c = new float[channels][VOXELS];
        for (float[] ch : c) for (int i = 0; i < ch.length; i++) ch[i] = 100 + (i * 7) % 13;
        return Volume.ofFloats(SHAPE, affine(recipe), c);
    }

    /** Writes image and mask into dir and returns a record for them naming {@code labels}. */
    public static ObjectNode record(Path dir, Recipe recipe, List<String> labels, Volume image, Volume mask) throws IOException {
        NiftiWriter.write(dir.resolve("image.nii.gz"), image, DataType.FLOAT32);
        NiftiWriter.write(dir.resolve("mask.nii.gz"), mask, DataType.FLOAT32, recipe.channelMask());
        ObjectNode r = Jsonl.MAPPER.createObjectNode();
        String suffix = recipe.imageChannel() == null ? "" : "/" + recipe.imageChannel().keySet().iterator().next();
        r.put("image", "image.nii.gz" + suffix);
        r.put("mask", "mask.nii.gz");
        labels.forEach(r.putArray("label")::add);
        r.put("modality", recipe.modality());
        r.put("dataset", recipe.dataset());
        return r;
    }

    /** Generates the default sample for the recipe, with the record naming {@code labels}, and loads it. */
    public static NormalizedSample load(RecipeBook book, String dataset, List<String> labels, Path dir) throws IOException {
        Recipe recipe = book.get(dataset);
        return load(book, record(dir, recipe, labels, image(recipe), mask(recipe)), dir);
    }

    public static NormalizedSample load(RecipeBook book, ObjectNode record, Path dir) throws IOException {
        return new SampleLoader(book).load(new SampleRecord(record), dir);
    }

    /** Each label's voxels over the sample grid, by name, in output order. */
    public static Map<String, BitSet> voxels(NormalizedSample s) {
        Map<String, BitSet> out = new LinkedHashMap<>();
        for (LabelMask m : s.masks()) {
            byte[] full = m.full(s.shape());
            BitSet b = new BitSet(full.length);
            for (int i = 0; i < full.length; i++) if (full[i] != 0) b.set(i);
            out.put(m.name(), b);
        }
        return out;
    }

    /** The output voxels of the given values (or channels). */
    public static BitSet at(int... values) {
        BitSet b = new BitSet();
        for (int v : values) b.set(out(voxel(v)));
        return b;
    }
}
