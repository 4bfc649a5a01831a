package org.satds.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.SampleLoader.Input;

/**
 * One label of one sample to score: where its prediction is and how to build its ground truth.
 *
 * @param modality   merged as SAT merges it (ct, mri, pet)
 * @param prediction the file the model wrote (may be missing)
 */
record Pair(String dataset, String modality, String sampleId, String label, Path prediction, Truth truth) {

    /** The ground truth of a pair (its box and the voxels in it) on a grid of {@code shape}, and the voxel size its NSD is computed with. */
    record Grid(LabelMask mask, int[] shape, double[] spacing) {}

    /** Builds a pair's ground truth. */
    interface Truth {
        Grid load(VolumeReader reader) throws IOException;

        /** The files it reads, for the runner's memory estimate and decode-once. */
        List<Input> inputs();
    }
}
