package org.satds.pipeline.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Generated collections for benchmarking whole runs, each sample a {@link Phantom} with its modality's intensities:
 * a mixed one of 16 abdominal CTs (AbdomenCT1K), 14 abdominal MRIs (AMOS22_MRI) and 10 whole-body PETs (autoPET) at
 * typical clinical grids and spacings, sizes varying within a modality; N full-size CTs; and issue 10's mix of 4
 * full-size CTs and 4 brain-sized MRIs.
 */
public final class SyntheticCollection {
    /**
     * One modality's share: the prefix of its sample folders (so that collections can share a folder), dataset,
     * count, in-plane size, slices of the first and step, voxel spacing in mm.
     */
    private record Kind(String prefix, String dataset, int count, int inPlane, int firstSlices, int sliceStep, double inPlaneMm,
                        double sliceMm, int labels) {
        /** {@code n} samples of this kind, all of one size. */
        Kind times(int n) {
            return new Kind(prefix, dataset, n, inPlane, firstSlices, 0, inPlaneMm, sliceMm, labels);
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("", "AbdomenCT1K", 16, 384, 80, 4, 0.9, 2.5, 4),
            new Kind("", "AMOS22_MRI", 14, 256, 48, 2, 1.2, 4.0, 8),
            new Kind("", "autoPET", 10, 192, 120, 8, 2.04, 3.0, 1));

    private SyntheticCollection() {}

    /** The full-size abdominal CT of `satds bench`: 512x512x200 int16, 0.78x0.78x2.5 mm, 4 organs. */
    private static final Kind CT = new Kind("ct512_", "AbdomenCT1K", 1, 512, 200, 0, 0.78, 2.5, 4);
    /** The MRI of issue 10's mix: 240x240x155 int16 at 1x1x1 mm (the BraTS grid), 8 structures, as an AMOS22_MRI sample. */
    private static final Kind MRI = new Kind("mri240_", "AMOS22_MRI", 1, 240, 155, 0, 1.0, 1.0, 8);

    /**
     * Writes the volumes under {@code dir} (one folder per sample) and returns the records, paths relative to
     * {@code dir}; reuses the files when collection.jsonl is already there.
     */
    public static List<ObjectNode> write(Path dir) throws IOException {
        return write(dir.resolve("collection.jsonl"), KINDS);
    }

    /** {@code n} distinct full-size CTs (different noise), as {@link #write}: the steady state of a CT collection. */
    public static List<ObjectNode> cts(Path dir, int n) throws IOException {
        return write(dir.resolve("cts-" + n + ".jsonl"), List.of(CT.times(n)));
    }

    /**
     * Issue 10's mix, as {@link #write}: 4 distinct full-size CTs (those of {@link #cts}, first, so their files are
     * shared with a CT collection in the same folder) and 4 distinct 240x240x155 MRIs; records in mixed.jsonl.
     */
    public static List<ObjectNode> mixed(Path dir) throws IOException {
        return write(dir.resolve("mixed.jsonl"), List.of(CT.times(4), MRI.times(4)));
    }

    /** One full-size CT, as {@link #write}. */
    public static ObjectNode ct(Path dir) throws IOException {
        return cts(dir, 1).get(0);
    }

    private static List<ObjectNode> write(Path jsonl, List<Kind> kinds) throws IOException {
        Path dir = jsonl.getParent();
        if (Files.exists(jsonl)) return Jsonl.read(jsonl);
        RecipeBook recipes = RecipeBook.builtIn();
        List<ObjectNode> records = new ArrayList<>();
        for (Kind k : kinds) {
            Recipe recipe = recipes.get(k.dataset());
            for (int i = 0; i < k.count(); i++) {
                String name = k.prefix() + k.dataset() + "_" + i;
                Path folder = Files.createDirectories(dir.resolve(name));
                // a sample's files depend only on its name (kind and position), so another collection's are reused
                if (!Files.exists(folder.resolve("image.nii.gz")) || !Files.exists(folder.resolve("mask.nii.gz")))
                    Phantom.write(folder.resolve("image.nii.gz"), folder.resolve("mask.nii.gz"),
                            new int[] {k.inPlane(), k.inPlane(), k.firstSlices() + i * k.sliceStep()},
                            new double[] {k.inPlaneMm(), k.inPlaneMm(), k.sliceMm()}, recipe.modality(), k.labels(), records.size());
                ObjectNode r = Jsonl.MAPPER.createObjectNode().put("image", name + "/image.nii.gz").put("mask", name + "/mask.nii.gz");
                ArrayNode labels = r.putArray("label");
                recipe.labels().forEach(l -> labels.add(l.name()));
                r.put("modality", recipe.modality()).put("dataset", k.dataset()).put("official_split", "train").put("patient_id", name);
                records.add(r);
            }
        }
        Jsonl.write(jsonl, records);
        return records;
    }
}
