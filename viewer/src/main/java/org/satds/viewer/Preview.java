package org.satds.viewer;

import java.awt.image.BufferedImage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.satds.core.volume.Volume;
import org.satds.pipeline.visualize.Pictures;

/**
 * A sample page's first picture, drawn by the server while the page starts NiiVue: the axial, coronal and sagittal
 * views of the montages (radiological, with their letters) through the centre of the page's largest class, the image
 * in the montages' grey window and each class in the page's own colour and opacity. Where WebGL runs on the CPU,
 * NiiVue needs seconds to compile its shaders and build a CT's textures; this picture is on screen in about one
 * (docs/viewer.md). The page then opens NiiVue on the same window and at the same place.
 */
final class Preview {
    /** The longest side of a view, in pixels: about what the page has room for. */
    static final int LONGEST = 512;

    /** A class as the page first shows it: its colour (RGB) and opacity. */
    record Colour(int rgb, double opacity) {}

    /** The picture, the voxel (x, y, z) it goes through, and its grey window {low, high}. */
    record Drawn(BufferedImage picture, int[] voxel, float[] window) {}

    private Preview() {}

    /** The page's image (its first channel) and its grey window, found where the image is read. */
    record Image(Volume volume, float[] window) {
        static Image of(Volume v) {
            return new Image(v, Preview.window(v));
        }
    }

    /** The page's label volume (value → class) and the voxel its picture goes through, found where it is read. */
    record Labels(Volume volume, int centre) {
        static Labels of(Volume v) {
            return new Labels(v, centreOfLargest(v));
        }
    }

    /** @param labels on the image's grid, or null */
    static Drawn draw(Image image, Labels labels, Map<Integer, Colour> classes) {
        Volume v = image.volume();
        if (labels != null && !Arrays.equals(labels.volume().shape(), v.shape())) labels = null; // the page refuses these too
        IntUnaryOperator label = labels == null ? i -> 0 : label(labels.volume());
        float[] window = image.window();
        Values values = values(v);
        int[] rgb = new int[65536];
        float[] alpha = new float[65536];
        classes.forEach((value, c) -> {
            rgb[value] = c.rgb();
            alpha[value] = (float) c.opacity();
        });
        IntUnaryOperator colour = i -> {
            float t = (values.at(i) - window[0]) / (window[1] - window[0]);
            float grey = Float.isNaN(t) ? 0 : 255 * Math.max(0, Math.min(1, t));
            int c = label.applyAsInt(i);
            float a = alpha[c], r = grey, g = grey, b = grey;
            if (a > 0) {
                r = r * (1 - a) + (rgb[c] >> 16 & 0xff) * a;
                g = g * (1 - a) + (rgb[c] >> 8 & 0xff) * a;
                b = b * (1 - a) + (rgb[c] & 0xff) * a;
            }
            return Math.round(r) << 16 | Math.round(g) << 8 | Math.round(b);
        };
        int centre = labels == null || labels.centre() < 0 ? v.nx() / 2 + v.nx() * (v.ny() / 2 + v.ny() * (v.nz() / 2)) : labels.centre();
        BufferedImage picture = Pictures.views(Pictures.Grid.ofXFastest(v), centre, colour, LONGEST);
        int nxy = v.nx() * v.ny();
        return new Drawn(picture, new int[] {centre % v.nx(), centre % nxy / v.nx(), centre / nxy}, window);
    }

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private interface Values {
        float at(int i);
    }

    private static Values values(Volume v) {
        if (v.isShorts()) {
            short[] s = v.shorts(0);
            return i -> s[i];
        }
        if (v.isBytes()) {
            byte[] b = v.bytes(0);
            return i -> b[i] & 0xff;
        }
        float[] f = v.floats(0);
        return i -> f[i];
    }

    /** A label volume's values: unsigned bytes, or 16-bit labels held as floats. */
    private static IntUnaryOperator label(Volume v) {
        if (v.isBytes()) {
            byte[] b = v.bytes(0);
            return i -> b[i] & 0xff;
        }
        float[] f = v.floats(0);
        return i -> (int) f[i];
    }

    /** The montages' window ({@link Pictures#window}) of the same evenly strided voxels, read as the image stores them. */
    static float[] window(Volume image) {
        Values values = values(image);
        int n = image.voxels(), step = Math.max(1, n / (1 << 20));
        float[] sample = new float[(n + step - 1) / step];
        for (int i = 0, k = 0; i < n; i += step) sample[k++] = values.at(i);
        return Pictures.window(sample);
    }

    /**
     * The x-fastest index of the voxel of the most frequent nonzero label nearest to that label's centre of mass, as
     * the montages choose theirs ({@link Pictures#nearestToCentre}), or -1 when no voxel has a label.
     */
    static int centreOfLargest(Volume labels) {
        IntUnaryOperator label = label(labels);
        byte[] zeros = labels.isBytes() ? labels.bytes(0) : null;
        int[] shape = labels.shape();
        int nx = shape[0], ny = shape[1], nz = shape[2], nxy = nx * ny;
        // one pass: each label's count and box (x, y, z low and high)
        int[] count = new int[65536];
        int[][] box = new int[65536][];
        for (int z = 0, i = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++, i++) {
                    if (zeros != null && x + 8 <= nx && (long) EIGHT_BYTES.get(zeros, i) == 0) { // most voxels have none: skip eight
                        x += 7;
                        i += 7;
                        continue;
                    }
                    int v = label.applyAsInt(i);
                    if (v == 0) continue;
                    int[] b = box[v];
                    if (b == null) box[v] = new int[] {x, y, z, x, y, z};
                    else {
                        b[0] = Math.min(b[0], x);
                        b[1] = Math.min(b[1], y);
                        b[2] = Math.min(b[2], z);
                        b[3] = Math.max(b[3], x);
                        b[4] = Math.max(b[4], y);
                        b[5] = Math.max(b[5], z);
                    }
                    count[v]++;
                }
        int largest = 0;
        for (int v = 1; v < count.length; v++) if (count[v] > count[largest] || largest == 0 && count[v] > 0) largest = v;
        if (largest == 0) return -1;
        // its voxels in its box as a C-order (z, y, x) mask, the x-fastest order
        int[] b = box[largest], size = {b[5] - b[2] + 1, b[4] - b[1] + 1, b[3] - b[0] + 1};
        byte[] mask = new byte[size[0] * size[1] * size[2]];
        for (int z = 0, k = 0; z < size[0]; z++)
            for (int y = 0; y < size[1]; y++)
                for (int x = 0; x < size[2]; x++, k++)
                    if (label.applyAsInt(b[0] + x + nx * (b[1] + y) + nxy * (b[2] + z)) == largest) mask[k] = 1;
        return Pictures.nearestToCentre(mask, size, new int[] {b[2], b[1], b[0]}, new int[] {nz, ny, nx});
    }
}
