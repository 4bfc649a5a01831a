package org.satds.pipeline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.transform.Box;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;

/** Each fault SampleCheck knows, planted in an otherwise sound sample, is reported; the sound sample passes. */
class SampleCheckTest {
    private static NormalizedSample sample(float[] image, LabelMask... masks) {
        return new NormalizedSample(new int[] {2, 2, 2}, image, List.of(masks), Affine.identity(), null);
    }

    private static LabelMask mask(String name, Box box, byte... voxels) {
        return new LabelMask(name, box, voxels);
    }

    @Test
    void soundSamplePasses() {
        NormalizedSample s = sample(new float[8], mask("liver", new Box(new int[] {0, 0, 0}, new int[] {1, 1, 2}), (byte) 1, (byte) 1));
        assertEquals(List.of(), SampleCheck.problems(s, 1, l -> true));
    }

    @Test
    void plantedFaultsAreReported() {
        float[] nan = new float[8];
        nan[3] = Float.NaN;
        Box outside = new Box(new int[] {1, 1, 1}, new int[] {2, 2, 3});
        NormalizedSample s = sample(nan, mask("liver", outside, (byte) 1, (byte) 1), mask("kidney", new Box(new int[3], new int[] {1, 1, 1}), (byte) 2));
        String all = String.join("; ", SampleCheck.problems(s, 3, l -> !l.equals("kidney")));
        assertTrue(all.contains("NaN"), all);
        assertTrue(all.contains("label count 3 differs from mask channel count 2"), all);
        assertTrue(all.contains("'liver'") && all.contains("outside the volume"), all);
        assertTrue(all.contains("'kidney' is not binary"), all);
        assertTrue(all.contains("'kidney' is not in the vocabulary"), all);
    }
}
