package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.datasets.sample.LabelMask;
import org.satds.pipeline.visualize.Pictures;

/**
 * The thumbnails' masks and centre taken from each class's own box, against the way through the whole grid: every
 * class made full-size and cropped to the view, and the centre found in the view by {@link Pictures#centreOfLargest}.
 */
class ThumbnailsTest {
    @Test
    void classesAndCentreFromTheirBoxesAreThoseOfTheWholeGrid() {
        Random random = new Random(17);
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = {5 + random.nextInt(40), 5 + random.nextInt(40), 3 + random.nextInt(20)};
            List<LabelMask> masks = new ArrayList<>();
            for (int c = 0; c < 1 + random.nextInt(4); c++) masks.add(randomClass(random, shape, "c" + c));
            int[] lo = new int[3], hi = new int[3];
            for (int d = 0; d < 3; d++) {
                int axis = d;
                lo[d] = Math.max(0, masks.stream().mapToInt(m -> m.box().start()[axis]).min().getAsInt() - random.nextInt(3));
                hi[d] = Math.min(shape[d], masks.stream().mapToInt(m -> m.box().end()[axis]).max().getAsInt() + random.nextInt(3));
            }
            Box view = new Box(lo, hi);
            byte[][] inView = new byte[masks.size()][];
            int largest = 0;
            for (int j = 0; j < masks.size(); j++) {
                inView[j] = Thumbnails.inView(masks.get(j), view);
                assertArrayEquals(Foreground.crop(masks.get(j).full(shape), shape, view), inView[j], "trial " + trial);
                if (masks.get(j).count() > masks.get(largest).count()) largest = j;
            }
            assertEquals(Pictures.centreOfLargest(view.shape(), inView), Thumbnails.centreInView(masks.get(largest), view), "trial " + trial);
        }
    }

    /** A class of scattered voxels, or a solid block, in a random box of the grid; never empty. */
    private static LabelMask randomClass(Random random, int[] shape, String name) {
        int[] start = new int[3], end = new int[3];
        for (int d = 0; d < 3; d++) {
            start[d] = random.nextInt(shape[d]);
            end[d] = start[d] + 1 + random.nextInt(shape[d] - start[d]);
        }
        Box box = new Box(start, end);
        byte[] voxels = new byte[(int) box.voxels()];
        double density = random.nextBoolean() ? 1 : 0.2;
        for (int i = 0; i < voxels.length; i++) voxels[i] = (byte) (random.nextDouble() < density ? 1 : 0);
        voxels[random.nextInt(voxels.length)] = 1;
        return new LabelMask(name, box, voxels); // the box need not be tight: the centre must not depend on it
    }
}
