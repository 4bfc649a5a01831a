package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.datasets.sample.LabelMask;
import org.satds.pipeline.visualize.Pictures;

/**
 * The thumbnails' classes drawn from each class's own box, and their centre found there, against the way through the
 * whole grid: every class made full-size and cropped to the view, and the centre found in the view by
 * {@link Pictures#centreOfLargest}. The montage, every axial slice, and the slices written are the same to the pixel.
 */
class ThumbnailsTest {
    @Test
    void classesAndCentreFromTheirBoxesAreThoseOfTheWholeGrid(@TempDir Path dir) throws Exception {
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
            int[] v = view.shape();
            byte[][] inView = new byte[masks.size()][], own = new byte[masks.size()][];
            Box[] boxes = new Box[masks.size()];
            int largest = 0;
            for (int j = 0; j < masks.size(); j++) {
                LabelMask m = masks.get(j);
                inView[j] = Foreground.crop(m.full(shape), shape, view);
                own[j] = m.voxels();
                int[] from = new int[3], to = new int[3];
                for (int d = 0; d < 3; d++) {
                    from[d] = m.box().start()[d] - lo[d];
                    to[d] = m.box().end()[d] - lo[d];
                }
                boxes[j] = new Box(from, to);
                if (m.count() > masks.get(largest).count()) largest = j;
            }
            assertEquals(Pictures.centreOfLargest(v, inView), Thumbnails.centreInView(masks.get(largest), view), "trial " + trial);

            float[] image = new float[v[0] * v[1] * v[2]];
            for (int i = 0; i < image.length; i++) image[i] = random.nextFloat();
            String codes = List.of("RAS", "LPI", "ASR", "IRP").get(trial % 4);
            Pictures.Grid grid = new Pictures.Grid(v, new double[] {1, 1.5, 3}, codes);
            Pictures.Layers whole = new Pictures.Layers(image, grid, inView), boxed = new Pictures.Layers(image, grid, own, null, boxes);
            List<String> labels = masks.stream().map(LabelMask::name).toList();
            float[] window = {0, 1};
            Pictures.Caption caption = new Pictures.Caption("trial " + trial, Map.of());
            assertSamePixels(Pictures.montage(whole, labels, window, caption), Pictures.montage(boxed, labels, window, caption), "montage " + trial);
            Path wholeSlices = dir.resolve(trial + "-whole"), boxedSlices = dir.resolve(trial + "-boxed");
            Pictures.writeSlices(wholeSlices, whole, labels, window, caption);
            Pictures.writeSlices(boxedSlices, boxed, labels, window, caption);
            List<Path> slices;
            try (var files = Files.list(wholeSlices)) {
                slices = files.map(Path::getFileName).sorted().toList();
            }
            try (var files = Files.list(boxedSlices)) {
                assertEquals(slices, files.map(Path::getFileName).sorted().toList(), "trial " + trial);
            }
            for (Path name : slices)
                assertArrayEquals(Files.readAllBytes(wholeSlices.resolve(name)), Files.readAllBytes(boxedSlices.resolve(name)), trial + " " + name);
        }
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what);
        assertEquals(expected.getHeight(), actual.getHeight(), what);
        int w = expected.getWidth(), h = expected.getHeight();
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w), what);
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
