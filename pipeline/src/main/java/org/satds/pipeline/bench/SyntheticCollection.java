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
import org.satds.pipeline.Jsonl;

/**
 * A generated mixed collection for benchmarking whole runs: 16 abdominal CTs (AbdomenCT1K), 14 abdominal MRIs
 * (AMOS22_MRI) and 10 whole-body PETs (autoPET) at typical clinical grids and spacings, each a {@link SyntheticCt}
 * volume (same organ phantom, so every recipe finds labels), sizes varying within a modality.
 */
public final class SyntheticCollection {
    /** One modality's share: dataset, count, in-plane size, slices of the first and step, voxel spacing in mm. */
    private record Kind(String dataset, int count, int inPlane, int firstSlices, int sliceStep, double inPlaneMm, double sliceMm) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("AbdomenCT1K", 16, 384, 80, 4, 0.9, 2.5),
            new Kind("AMOS22_MRI", 14, 256, 48, 2, 1.2, 4.0),
            new Kind("autoPET", 10, 200, 160, 10, 4.07, 3.0));

    private SyntheticCollection() {}

    /**
     * Writes the volumes under {@code dir} (one folder per sample) and returns the records, paths relative to
     * {@code dir}; reuses the files when collection.jsonl is already there.
     */
    public static List<ObjectNode> write(Path dir) throws IOException {
        Path jsonl = dir.resolve("collection.jsonl");
        if (Files.exists(jsonl)) return Jsonl.read(jsonl);
        RecipeBook recipes = RecipeBook.builtIn();
        List<ObjectNode> records = new ArrayList<>();
        for (Kind k : KINDS) {
            Recipe recipe = recipes.get(k.dataset());
            for (int i = 0; i < k.count(); i++) {
                String name = k.dataset() + "_" + i;
                SyntheticCt.write(Files.createDirectories(dir.resolve(name)), k.inPlane(), k.inPlane(),
                        k.firstSlices() + i * k.sliceStep(), k.inPlaneMm(), k.inPlaneMm(), k.sliceMm(), records.size());
                ObjectNode r = Jsonl.JSON.createObjectNode().put("image", name + "/image.nii.gz").put("mask", name + "/mask.nii.gz");
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
