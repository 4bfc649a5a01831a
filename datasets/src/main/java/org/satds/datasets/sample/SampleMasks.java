package org.satds.datasets.sample;

import java.util.List;

/** Full-grid views of a sample's masks, for pictures and NIfTI exports. */
public final class SampleMasks {
    private SampleMasks() {}

    public static byte[][] full(NormalizedSample s) {
        List<LabelMask> masks = s.masks();
        byte[][] out = new byte[masks.size()][];
        for (int i = 0; i < out.length; i++) out[i] = masks.get(i).full(s.shape());
        return out;
    }
}
