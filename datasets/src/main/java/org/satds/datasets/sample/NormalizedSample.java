package org.satds.datasets.sample;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.satds.core.geom.Affine;
import org.satds.core.transform.Box;

/**
 * A sample after the SAT-DS loader: image (1, H, W, D) as a C-order float array, and one mask per label.
 *
 * @param affine       the world affine of the cropped grid (RAS+ mm), for writing NIfTI views of the sample
 * @param geometry     how the scan was turned, resampled and cropped to get here (what restore inverts)
 * @param unreadValues values of the mask (a label map) that no label reads, with their voxels on the cropped grid:
 *                     the labels drop them (empty when there are none, and for channel-first masks)
 */
public record NormalizedSample(int[] shape, float[] image, List<LabelMask> masks, Affine affine, SampleLoader.Geometry geometry,
                               SortedMap<Float, Long> unreadValues) {
    /** A sample whose mask holds no value the labels drop (or that has no mask). */
    public NormalizedSample(int[] shape, float[] image, List<LabelMask> masks, Affine affine, SampleLoader.Geometry geometry) {
        this(shape, image, masks, affine, geometry, Collections.unmodifiableSortedMap(new TreeMap<>()));
    }

    public List<String> labels() {
        return masks.stream().map(LabelMask::name).toList();
    }

    /** The same sample with its classes named otherwise (same order). */
    public NormalizedSample renamed(List<String> names) {
        java.util.List<LabelMask> out = new java.util.ArrayList<>();
        for (int i = 0; i < masks.size(); i++) out.add(new LabelMask(names.get(i), masks.get(i).box(), masks.get(i).voxels()));
        return new NormalizedSample(shape, image, out, affine, geometry, unreadValues);
    }

    /** Box of the union of all labels, or null when every label is empty. */
    public Box roi() {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        boolean any = false;
        for (LabelMask m : masks) {
            if (m.isEmpty()) continue;
            any = true;
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], m.box().start()[d]);
                hi[d] = Math.max(hi[d], m.box().end()[d]);
            }
        }
        return any ? new Box(lo, hi) : null;
    }
}
