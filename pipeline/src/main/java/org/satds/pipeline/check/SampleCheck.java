package org.satds.pipeline.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.satds.core.transform.Box;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;

/**
 * Integrity checks of a normalized sample (what the original's checksample asserts, and more): image and mask
 * shapes agree, masks are binary, one mask per label, no NaN or Inf, boxes inside the volume, known labels.
 */
public final class SampleCheck {
    private SampleCheck() {}

    /** The problems found, each a short reason; empty when the sample is sound. */
    public static List<String> problems(NormalizedSample s, int expectedLabels, Predicate<String> knownLabel) {
        List<String> out = new ArrayList<>();
        int[] shape = s.shape();
        long voxels = (long) shape[0] * shape[1] * shape[2];
        if (s.image().length != voxels) out.add("image has " + s.image().length + " voxels, shape says " + voxels);
        for (float v : s.image()) {
            if (!Float.isFinite(v)) {
                out.add("image contains NaN or Inf");
                break;
            }
        }
        if (s.masks().size() != expectedLabels)
            out.add("label count " + expectedLabels + " differs from mask channel count " + s.masks().size());
        for (LabelMask m : s.masks()) {
            if (!knownLabel.test(m.name())) out.add("label '" + m.name() + "' is not in the vocabulary");
            if (m.isEmpty()) continue;
            Box b = m.box();
            for (int d = 0; d < 3; d++)
                if (b.start()[d] < 0 || b.end()[d] > shape[d] || b.size(d) <= 0) {
                    out.add("box of '" + m.name() + "' " + java.util.Arrays.toString(b.toSat()) + " lies outside the volume");
                    break;
                }
            if (m.voxels().length != b.voxels()) out.add("mask of '" + m.name() + "' does not fill its box");
            for (byte v : m.voxels())
                if (v != 0 && v != 1) {
                    out.add("mask of '" + m.name() + "' is not binary");
                    break;
                }
        }
        return out;
    }
}
