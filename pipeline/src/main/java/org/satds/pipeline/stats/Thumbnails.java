package org.satds.pipeline.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.pipeline.visualize.Pictures;

/**
 * A sample's picture for the report: the three views of {@link Pictures#montage} around its largest classes. Only
 * the {@link #CLASSES} largest are drawn, inside the box of their union with a margin, so that a sample of a
 * hundred classes neither needs a hundred full-size masks nor a legend longer than the picture.
 */
final class Thumbnails {
    static final int CLASSES = 8;
    /** Margin around the classes in voxels of the 1x1x3 mm grid (about 2 cm in each direction). */
    static final int[] MARGIN = {20, 20, 7};

    private Thumbnails() {}

    static void write(Path png, NormalizedSample s) throws IOException {
        long[] counts = s.masks().stream().mapToLong(m -> m.isEmpty() ? 0 : m.count()).toArray();
        List<Integer> shown = IntStream.range(0, counts.length).filter(j -> counts[j] > 0).boxed()
                .sorted(Comparator.comparingLong(j -> -counts[j])).limit(CLASSES).toList();
        int[] shape = s.shape();
        Box view = Box.whole(shape);
        if (!shown.isEmpty()) {
            int[] lo = new int[3], hi = new int[3];
            for (int d = 0; d < 3; d++) {
                int axis = d;
                lo[d] = Math.max(0, shown.stream().mapToInt(j -> s.masks().get(j).box().start()[axis]).min().getAsInt() - MARGIN[d]);
                hi[d] = Math.min(shape[d], shown.stream().mapToInt(j -> s.masks().get(j).box().end()[axis]).max().getAsInt() + MARGIN[d]);
            }
            view = new Box(lo, hi);
        }
        int[] viewShape = view.shape();
        // the normalized grid is cropped to the body already, so the view is often all of it: no copy then
        float[] image = Arrays.equals(viewShape, shape) ? s.image() : Foreground.crop(s.image(), shape, view);
        byte[][] masks = new byte[shown.size()][];
        Box[] boxes = new Box[shown.size()];
        for (int j = 0; j < masks.length; j++) { // each class over its own box, placed in the view: no copy of it
            LabelMask m = s.masks().get(shown.get(j));
            masks[j] = m.voxels();
            boxes[j] = new Box(minus(m.box().start(), view.start()), minus(m.box().end(), view.start()));
        }
        List<String> labels = shown.stream().map(j -> s.masks().get(j).name()).toList();
        // the largest class is the first shown: its centre from its own box (as Pictures.montage finds it in the view)
        int centre = shown.isEmpty() ? Pictures.centreOfLargest(viewShape, masks) : centreInView(s.masks().get(shown.get(0)), view);
        Pictures.Layers layers = new Pictures.Layers(image, Pictures.Grid.of(viewShape, s.affine()), masks, null, boxes);
        Pictures.write(png, Pictures.montage(layers, labels, Pictures.window(strided(image)),
                new Pictures.Caption(png.getParent().getFileName() + " " + png.getFileName().toString().replace(".png", ""), Map.of()),
                centre));
    }

    private static int[] minus(int[] a, int[] b) {
        return new int[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    /** The view index of the class's voxel nearest to its centre of mass, from its own box. */
    static int centreInView(LabelMask m, Box view) {
        int[] origin = new int[3];
        for (int d = 0; d < 3; d++) origin[d] = m.box().start()[d] - view.start()[d];
        return Pictures.nearestToCentre(m.voxels(), m.box().shape(), origin, view.shape());
    }

    /** Up to 65,536 evenly strided voxels: plenty for a grey window, and a fraction of sorting a million. */
    private static float[] strided(float[] image) {
        int step = Math.max(1, image.length >> 16);
        float[] out = new float[(image.length + step - 1) / step];
        for (int i = 0, k = 0; i < image.length; i += step) out[k++] = image[i];
        return out;
    }
}
