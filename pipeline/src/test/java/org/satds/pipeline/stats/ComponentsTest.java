package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The run-based labelling against a voxel-by-voxel flood fill, on masks from sparse dust to nearly full. */
class ComponentsTest {
    @Test
    void countsAsFloodFillDoes() {
        Random random = new Random(13);
        for (int trial = 0; trial < 300; trial++) {
            int[] shape = {1 + random.nextInt(12), 1 + random.nextInt(12), 1 + random.nextInt(12)};
            double density = random.nextDouble() * 0.6;
            byte[] mask = new byte[shape[0] * shape[1] * shape[2]];
            for (int i = 0; i < mask.length; i++) mask[i] = (byte) (random.nextDouble() < density ? 1 : 0);
            assertEquals(Labelling.components(mask, shape), Components.count(mask, shape), "trial " + trial);
        }
    }

    @Test
    void diagonalNeighboursJoin() {
        int[] shape = {3, 3, 3};
        byte[] corners = new byte[27];
        corners[0] = 1; // (0,0,0)
        corners[13] = 1; // (1,1,1): touches (0,0,0) at a corner only
        corners[26] = 1; // (2,2,2)
        assertEquals(1, Components.count(corners, shape));
        byte[] apart = new byte[27];
        apart[0] = 1;
        apart[26] = 1;
        assertEquals(2, Components.count(apart, shape));
        assertEquals(0, Components.count(new byte[27], shape));
    }
}
