package org.satds.datasets.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.transform.Box;
import org.satds.core.transform.Resampler;
import org.satds.core.transform.SpatialPlan;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;

/**
 * LabelBuilder's path for labels of distinct values against its general path (sum, rescale, threshold) on random
 * label maps: the same masks, box and bytes, for byte and float maps, resampled or on their own grid.
 */
class LabelBuilderTest {
    private static final Path FILE = Path.of("mask.nii.gz");

    /** Multi-value labels, a value in two labels, values absent from every map (empty labels), high values. */
    private static final List<List<List<Object>>> RECIPES = List.of(
            List.of(List.of(1), List.of(2), List.of(1, 3), List.of(7)),
            List.of(List.of(3, 1, 2), List.of(2.0), List.of(6, 5)),
            List.of(List.of(200), List.of(5, 250), List.of(300, 1000), List.of(9)),
            List.of(List.of(1)));

    @Test
    void recipesOfDistinctValuesTakeTheShortPath() {
        for (List<List<Object>> sources : RECIPES) assertNotNull(LabelBuilder.distinctValueCodes(recipe(sources, false, null)));
        for (List<Object> other : List.<List<Object>>of(List.of("raw"), List.of(1, 2, 1), List.of(1, 1.0), List.of(0, 1), List.of(1.5),
                List.of(-1), List.of(70000)))
            assertNull(LabelBuilder.distinctValueCodes(recipe(List.of(List.of(4), other), false, null)), other.toString());
    }

    @Test
    void shortPathMatchesGeneralPath() throws Exception {
        Random r = new Random(42);
        int compared = 0, nonEmpty = 0, withUnread = 0;
        for (int round = 0; round < 60; round++) {
            int[] shape = {3 + r.nextInt(14), 3 + r.nextInt(14), 2 + r.nextInt(9)};
            boolean bytes = round % 2 == 0;
            Volume mask = randomMap(shape, bytes, r);
            for (List<List<Object>> sources : RECIPES)
                for (int variant = 0; variant < 4; variant++) {
                    Recipe recipe = recipe(sources, variant % 2 == 1, variant < 2 ? null : variant == 2);
                    List<String> names = recipe.labels().stream().map(Recipe.Label::name).toList();
                    for (Sampling s : samplings(mask, r)) {
                        LabelBuilder.Built fastBuilt = LabelBuilder.distinctValues(recipe, names, mask, s.nearest, s.crop,
                                LabelBuilder.distinctValueCodes(recipe));
                        LabelBuilder.Built generalBuilt = LabelBuilder.general(recipe, names, mask, s.nearest, s.crop, FILE);
                        List<LabelMask> fast = fastBuilt.masks(), general = generalBuilt.masks();
                        assertEquals(general.size(), fast.size());
                        assertEquals(generalBuilt.unread(), fastBuilt.unread(), "round " + round + " " + sources + ": values no label reads");
                        assertEquals(unread(recipe, mask, s), fastBuilt.unread(), "round " + round + " " + sources);
                        if (!fastBuilt.unread().isEmpty()) withUnread++;
                        for (int i = 0; i < fast.size(); i++) {
                            String what = "round " + round + " " + sources + " variant " + variant + " label " + i;
                            assertSame(general.get(i), fast.get(i), what);
                            if (!fast.get(i).isEmpty()) nonEmpty++;
                            compared++;
                        }
                    }
                }
        }
        assertTrue(nonEmpty > compared / 5 && nonEmpty < compared, nonEmpty + " of " + compared + " labels non-empty");
        assertTrue(withUnread > 0, "some maps hold values no label reads");
    }

    /** Counted the plain way: each voxel of the resampled crop whose value is neither 0 nor any label's source. */
    private static java.util.SortedMap<Float, Long> unread(Recipe recipe, Volume mask, Sampling s) {
        java.util.Set<Float> read = new java.util.HashSet<>(List.of(0f, -0.0f));
        for (Recipe.Label l : recipe.labels()) for (Object v : l.sources()) read.add(((Number) v).floatValue());
        float[] values = mask.isBytes() ? s.nearest.gather(mask.bytes(0)) : s.nearest.gather(mask.floats(0));
        java.util.SortedMap<Float, Long> out = new java.util.TreeMap<>();
        for (float v : values) if (!read.contains(v)) out.merge(v, 1L, Long::sum);
        return out;
    }

    private static void assertSame(LabelMask expected, LabelMask actual, String what) {
        assertEquals(expected.name(), actual.name(), what);
        assertEquals(expected.isEmpty(), actual.isEmpty(), what);
        if (expected.isEmpty()) return;
        assertArrayEquals(expected.box().start(), actual.box().start(), what);
        assertArrayEquals(expected.box().end(), actual.box().end(), what);
        assertArrayEquals(expected.voxels(), actual.voxels(), what);
    }

    private record Sampling(Resampler.Nearest nearest, int[] crop) {}

    /** The map on its own grid, and resampled (1 x 1.5 x 2 mm onto 1 x 1 x 3, LPS) into a box inside the grid. */
    private static List<Sampling> samplings(Volume mask, Random r) {
        int[] n = mask.shape();
        List<Sampling> out = new ArrayList<>();
        out.add(new Sampling(Resampler.Nearest.cOrder(n[0], n[1], n[2]), n.clone()));
        SpatialPlan p = SpatialPlan.of(n, Affine.diagonal(1, 1.5, 2), "LPS", new double[] {1, 1, 3});
        int[] g = p.outShape(), lo = new int[3], hi = new int[3];
        for (int d = 0; d < 3; d++) {
            lo[d] = r.nextInt((g[d] + 1) / 2);
            hi[d] = lo[d] + 1 + r.nextInt(g[d] - lo[d]);
        }
        Box box = new Box(lo, hi);
        out.add(new Sampling(Resampler.nearest(p, box), box.shape()));
        return out;
    }

    /**
     * Mostly background, blobs of small values, and values no recipe uses or that are no integer label (above the
     * largest source, -0.0, negative, fractional, NaN in float maps); now and then one value everywhere.
     */
    private static Volume randomMap(int[] shape, boolean bytes, Random r) {
        int voxels = shape[0] * shape[1] * shape[2];
        float[] v = new float[voxels];
        if (r.nextInt(10) == 0) java.util.Arrays.fill(v, 1 + r.nextInt(3));
        else {
            int blobs = r.nextInt(6);
            for (int blob = 0; blob < blobs; blob++) {
                float value = r.nextInt(4) == 0 ? 200 + r.nextInt(56) : 1 + r.nextInt(9);
                int x0 = r.nextInt(shape[0]), y0 = r.nextInt(shape[1]), z0 = r.nextInt(shape[2]);
                for (int z = z0; z < Math.min(shape[2], z0 + 1 + r.nextInt(4)); z++)
                    for (int y = y0; y < Math.min(shape[1], y0 + 1 + r.nextInt(6)); y++)
                        for (int x = x0; x < Math.min(shape[0], x0 + 1 + r.nextInt(6)); x++)
                            v[x + shape[0] * (y + shape[1] * z)] = r.nextInt(8) == 0 ? 1 + r.nextInt(9) : value;
            }
            float[] odd = bytes ? new float[] {255, 12, 100} : new float[] {-0.0f, -3, 2.5f, 3.0000002f, 70000, 1000, 300, Float.NaN};
            for (int i = r.nextInt(8); i > 0; i--) v[r.nextInt(voxels)] = odd[r.nextInt(odd.length)];
        }
        Affine affine = Affine.diagonal(1, 1.5, 2);
        if (!bytes) return Volume.ofFloats(shape, affine, v);
        byte[] b = new byte[voxels];
        for (int i = 0; i < voxels; i++) b[i] = (byte) (int) v[i];
        return Volume.ofBytes(shape, affine, b);
    }

    private static Recipe recipe(List<List<Object>> sources, boolean rescale, Boolean threshold) {
        List<Recipe.Label> labels = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) labels.add(new Recipe.Label("label " + i, sources.get(i)));
        return new Recipe("Test", "CT", "LPS", "values", rescale, threshold, null, labels, null);
    }
}
