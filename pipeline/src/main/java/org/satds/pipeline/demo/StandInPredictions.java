package org.satds.pipeline.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.pipeline.evaluate.ConvertedTruth;
import org.satds.pipeline.npy.NpyLoader;

/**
 * What a model would have predicted, for the demo: each label's ground truth shifted one voxel (3 mm) along the
 * last axis, written as SAT's inference writes it (float32 0/1, identity affine, the (H, W, D) array as NIfTI's x, y, z)
 * at {@code <predRoot>/<dataset>/seg_<sample_id>/<label>.nii.gz}.
 */
public final class StandInPredictions {
    private StandInPredictions() {}

    /** @return the number of files written */
    public static int write(List<ObjectNode> convertedRecords, Path dataRoot, Path predRoot) throws IOException {
        int files = 0;
        for (ObjectNode r : convertedRecords) {
            int h = r.get("chwd").get(1).asInt(), w = r.get("chwd").get(2).asInt(), d = r.get("chwd").get(3).asInt();
            Path dir = predRoot.resolve(r.get("dataset").asText()).resolve("seg_" + ConvertedTruth.sampleId(r.get("renorm_image").asText()));
            for (int label = 0; label < r.get("label").size(); label++) {
                byte[] truth = NpyLoader.mask(r, dataRoot, label); // C-order (h, w, d)
                float[] shifted = new float[truth.length]; // x-fastest over (h, w, d), one voxel further along d
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                        for (int z = 0; z + 1 < d; z++) shifted[y + h * (x + w * (z + 1))] = truth[(y * w + x) * d + z];
                Volume v = Volume.ofFloats(new int[] {h, w, d}, Affine.diagonal(1, 1, 1), shifted);
                NiftiWriter.write(dir.resolve(r.get("label").get(label).asText() + ".nii.gz"), v, DataType.FLOAT32);
                files++;
            }
        }
        return files;
    }
}
