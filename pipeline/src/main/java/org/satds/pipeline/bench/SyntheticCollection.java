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
 * A generated mixed collection for benchmarking whole runs: 16 abdominal CTs (AbdomenCT1K), 14 abdominal MRIs
 * (AMOS22_MRI) and 10 whole-body PETs (autoPET) at typical clinical grids and spacings, each a {@link Phantom}
 * with the modality's intensities, sizes varying within a modality.
 */
public final class SyntheticCollection {
    /** One modality's share: dataset, count, in-plane size, slices of the first and step, voxel spacing in mm. */
    private record Kind(String dataset, int count, int inPlane, int firstSlices, int sliceStep, double inPlaneMm, double sliceMm,
                        int labels) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("AbdomenCT1K", 16, 384, 80, 4, 0.9, 2.5, 4),
            new Kind("AMOS22_MRI", 14, 256, 48, 2, 1.2, 4.0, 8),
            new Kind("autoPET", 10, 192, 120, 8, 2.04, 3.0, 1));

    private SyntheticCollection() {}

    /** The full-size abdominal CT of `satds bench`: 512x512x200 int16, 0.78x0.78x2.5 mm, 4 organs. */
    private static final Kind CT = new Kind("AbdomenCT1K", 1, 512, 200, 0, 0.78, 2.5, 4);

    /**
     * Writes the volumes under {@code dir} (one folder per sample) and returns the records, paths relative to
     * {@code dir}; reuses the files when collection.jsonl is already there.
     */
    public static List<ObjectNode> write(Path dir) throws IOException {
        return write(dir.resolve("collection.jsonl"), KINDS, "");
    }

    /** {@code n} distinct full-size CTs (different noise), as {@link #write}: the steady state of a CT collection. */
    public static List<ObjectNode> cts(Path dir, int n) throws IOException {
        return write(dir.resolve("cts-" + n + ".jsonl"), List.of(new Kind(CT.dataset(), n, CT.inPlane(), CT.firstSlices(),
                CT.sliceStep(), CT.inPlaneMm(), CT.sliceMm(), CT.labels())), "ct512_");
    }

    /** One full-size CT, as {@link #write}. */
    public static ObjectNode ct(Path dir) throws IOException {
        return cts(dir, 1).get(0);
    }

    /** @param prefix of the sample folders, so that collections can share a folder */
    private static List<ObjectNode> write(Path jsonl, List<Kind> kinds, String prefix) throws IOException {
        Path dir = jsonl.getParent();
        if (Files.exists(jsonl)) return Jsonl.read(jsonl);
        RecipeBook recipes = RecipeBook.builtIn();
        List<ObjectNode> records = new ArrayList<>();
        for (Kind k : kinds) {
            Recipe recipe = recipes.get(k.dataset());
            for (int i = 0; i < k.count(); i++) {
                String name = prefix + k.dataset() + "_" + i;
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
