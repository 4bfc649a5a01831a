package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;

/**
 * An int16 scan's foreground figures (two passes over the label map, no copy of the values) against the same scan
 * read as floats, whose values are gathered into an array: the same figures and pool, to the bit.
 */
class ForegroundTest {
    private static final Recipe RECIPE = RecipeBook.builtIn().get("AbdomenCT1K"); // labels from values 1 to 4

    @Test
    void int16ScansGiveTheFiguresAndPoolOfTheirValuesAsFloats() {
        Random random = new Random(3);
        int[][] shapes = {{7, 5, 3}, {64, 48, 20}, {130, 97, 41}};
        for (int[] shape : shapes)
            for (double density : new double[] {0.0005, 0.05, 0.6}) {
                int voxels = shape[0] * shape[1] * shape[2];
                short[] scan = new short[voxels];
                byte[] map = new byte[voxels];
                for (int i = 0; i < voxels; i++) {
                    scan[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(40 + 400 * random.nextGaussian())));
                    // labels 1-4 (read), 7 (not a class of the recipe), in runs so that blocks of eight zeros occur
                    if (random.nextDouble() < density) map[i] = (byte) (random.nextInt(6) == 0 ? 7 : 1 + random.nextInt(4));
                }
                map[voxels - 1] = 2; // a class in the last voxel, past the last whole block of eight
                assertSameFigures(shape, scan, map);
            }
    }

    @Test
    void noForegroundGivesNoFiguresAndAnEmptyPool() {
        int[] shape = {9, 9, 9};
        SampleStats.Foreground f = assertSameFigures(shape, new short[729], new byte[729]);
        assertNull(f.figures());
        assertEquals("", f.pool());
    }

    private static SampleStats.Foreground assertSameFigures(int[] shape, short[] scan, byte[] map) {
        float[] floats = new float[scan.length];
        for (int i = 0; i < scan.length; i++) floats[i] = scan[i];
        Volume mask = Volume.ofBytes(shape, Affine.identity(), map);
        SampleStats.Foreground int16 = SampleStats.foreground(RECIPE, Volume.ofShorts(shape, Affine.identity(), scan), 0, mask);
        SampleStats.Foreground gathered = SampleStats.foreground(RECIPE, Volume.ofFloats(shape, Affine.identity(), floats), 0, mask);
        assertEquals(gathered, int16);
        return int16;
    }
}
