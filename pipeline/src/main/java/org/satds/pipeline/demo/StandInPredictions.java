package org.satds.pipeline.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.record.SampleId;

/**
 * Stand-in predictions for demos and round trips, written as SAT's inference writes its own
 * (evaluate/inference_engine.py): each converted label's cropped mask pasted into the whole (H, W, D) grid of
 * chwd at its box, shifted one voxel (3 mm) along D (so it is not just the ground truth, and its NSD at 1 mm is below 1), as float32 0/1 NIfTI with
 * an identity affine at {@code <predRoot>/<dataset>/seg_<sample_id>/<label>.nii.gz}, where sample_id is the
 * renorm_image file name without .npy. Every label gets a file, empty ones too, as SAT writes one per query.
 */
public final class StandInPredictions {
    private StandInPredictions() {}

    /**
     * @param dataRoot folder relative paths in the converted records are resolved against
     * @return the number of files written
     */
    public static int write(List<ObjectNode> convertedRecords, Path dataRoot, Path predRoot) throws IOException {
        int files = 0;
        PredictionLayout layout = PredictionLayout.sat(predRoot);
        for (int i = 0; i < convertedRecords.size(); i++) {
            ObjectNode record = convertedRecords.get(i);
            ConvertedSample s = NpyLoader.load(record, dataRoot);
            String id = SampleId.of(record, i);
            for (int l = 0; l < s.labels().size(); l++) {
                Volume shifted = Volume.ofFloats(s.hwd(), Affine.identity(), shiftedXFastest(s.masks()[l], s.hwd()));
                NiftiWriter.write(layout.labelFile(s.dataset(), id, s.labels().get(l)), shifted, DataType.FLOAT32);
                files++;
            }
        }
        return files;
    }

    /** A C-order (H, W, D) mask moved one voxel along D (the last slice falls off), in the x-fastest order NIfTI stores. */
    private static float[] shiftedXFastest(byte[] mask, int[] hwd) {
        int h = hwd[0], w = hwd[1], d = hwd[2];
        float[] out = new float[mask.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int z = 0; z + 1 < d; z++) out[y + h * (x + w * (z + 1))] = mask[(y * w + x) * d + z];
        return out;
    }
}
