package org.satds.pipeline.npy;

import java.util.List;

/**
 * A converted sample read back as npy_loader returns it: the image (1, H, W, D) float32 as a C-order array of
 * H*W*D values, and one (H, W, D) C-order 0/1 mask per label, index {@code (h * W + w) * D + d}.
 */
public record ConvertedSample(String dataset, String modality, List<String> labels, int[] hwd, float[] image,
                              byte[][] masks) {
    public ConvertedSample {
        labels = List.copyOf(labels);
    }
}
