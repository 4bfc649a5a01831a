package org.satds.pipeline.stats;

import java.io.IOException;
import java.nio.file.Path;
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
        List<LabelMask> shown = s.masks().stream().filter(m -> !m.isEmpty())
                .sorted(Comparator.comparingLong(LabelMask::count).reversed()).limit(CLASSES).toList();
        int[] shape = s.shape();
        Box view = Box.whole(shape);
        if (!shown.isEmpty()) {
            int[] lo = new int[3], hi = new int[3];
            for (int d = 0; d < 3; d++) {
                int axis = d;
                lo[d] = Math.max(0, shown.stream().mapToInt(m -> m.box().start()[axis]).min().getAsInt() - MARGIN[d]);
                hi[d] = Math.min(shape[d], shown.stream().mapToInt(m -> m.box().end()[axis]).max().getAsInt() + MARGIN[d]);
            }
            view = new Box(lo, hi);
        }
        int[] viewShape = view.shape();
        float[] image = Foreground.crop(s.image(), shape, view);
        byte[][] masks = new byte[shown.size()][];
        for (int j = 0; j < masks.length; j++) masks[j] = Foreground.crop(shown.get(j).full(shape), shape, view);
        List<String> labels = IntStream.range(0, shown.size()).mapToObj(j -> shown.get(j).name()).toList();
        Pictures.Layers layers = new Pictures.Layers(image, Pictures.Grid.of(viewShape, s.affine()), masks);
        Pictures.write(png, Pictures.montage(layers, labels, Pictures.window(strided(image)),
                new Pictures.Caption(png.getParent().getFileName() + " " + png.getFileName().toString().replace(".png", ""), Map.of())));
    }

    /** Up to 65,536 evenly strided voxels: plenty for a grey window, and a fraction of sorting a million. */
    private static float[] strided(float[] image) {
        int step = Math.max(1, image.length >> 16);
        float[] out = new float[(image.length + step - 1) / step];
        for (int i = 0, k = 0; i < image.length; i += step) out[k++] = image[i];
        return out;
    }
}
