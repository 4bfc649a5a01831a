package org.satds.pipeline.visualize;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.satds.core.io.AtomicFiles;

/**
 * Pictures of a normalized sample: the image in grey (windowed), each class as a semi-transparent coloured overlay,
 * and a legend below listing the classes visible in the picture.
 *
 * <p>Arrays are C-order (H, W, D), index {@code (h * W + w) * D + d}, oriented RAS as the SAT loader leaves them
 * (h towards the patient's right, w anterior, d superior). Views follow the radiological convention: axial with the
 * patient's right on the left and anterior up, coronal with superior up, sagittal with anterior on the left. Voxels
 * are drawn at their physical aspect (spacing in mm), enlarged by a whole factor so that small volumes stay legible.
 */
public final class Pictures {
    static {
        // Pictures are made on servers without a display; must be decided before AWT first initializes.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** Overlay opacity. */
    public static final float ALPHA = 0.5f;
    /** Pictures are enlarged until their longest side reaches this many pixels, and are at least this wide. */
    public static final int MIN_SIDE = 256;
    /** Height of one legend row, and the padding below the legend. */
    public static final int LEGEND_ROW = 18, LEGEND_PAD = 6;
    /** Gap between montage panels. */
    public static final int GAP = 4;

    private Pictures() {}

    /** A 2D cut: cols x rows voxels of colMm x rowMm, and the C-order voxel index shown at (col, row). */
    private record View(int cols, int rows, double colMm, double rowMm, IntBinaryOperator voxel) {}

    /** Colour of class {@code label}: hues a golden angle apart, so neighbouring classes always differ. */
    public static Color colour(int label) {
        return Color.getHSBColor((label * 0.618034f) % 1f, 0.85f, 1f);
    }

    /** Grey window {low, high}: the 0.5th and 99.5th percentiles of (up to a million evenly strided) voxels. */
    public static float[] window(float[] image) {
        int step = Math.max(1, image.length / (1 << 20));
        float[] sample = new float[(image.length + step - 1) / step];
        int n = 0;
        for (int i = 0; i < image.length; i += step) if (!Float.isNaN(image[i])) sample[n++] = image[i];
        if (n == 0) return new float[] {0, 1};
        Arrays.sort(sample, 0, n);
        float lo = sample[(int) (0.005 * (n - 1))], hi = sample[(int) Math.ceil(0.995 * (n - 1))];
        return new float[] {lo, hi > lo ? hi : lo + 1};
    }

    /** The axial slice d. */
    public static BufferedImage slice(float[] image, int[] hwd, byte[][] masks, List<String> labels, int d,
                                      double[] spacing, float[] window) {
        return slice(image, hwd, masks, labels, d, spacing, window, all(masks));
    }

    /** The axial slice d, testing only the listed classes (the others are known to be absent from it). */
    private static BufferedImage slice(float[] image, int[] hwd, byte[][] masks, List<String> labels, int d,
                                       double[] spacing, float[] window, int[] active) {
        View v = axial(hwd, spacing, d);
        double mmPerPixel = mmPerPixel(spacing, Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return compose(List.of(v), mmPerPixel, image, masks, active, labels, window);
    }

    /**
     * Axial, coronal and sagittal views side by side, through the centre of the largest class (see
     * {@link #centreOfLargest}).
     */
    public static BufferedImage montage(float[] image, int[] hwd, byte[][] masks, List<String> labels,
                                        double[] spacing, float[] window) {
        int[] c = centreOfLargest(hwd, masks);
        List<View> views = List.of(axial(hwd, spacing, c[2]), coronal(hwd, spacing, c[1]), sagittal(hwd, spacing, c[0]));
        double longest = 0;
        for (View v : views) longest = Math.max(longest, Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return compose(views, mmPerPixel(spacing, longest), image, masks, all(masks), labels, window);
    }

    /** Writes slice_000.png, slice_001.png, ... (one per axial slice) into dir. */
    public static void writeSlices(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels,
                                   double[] spacing, float[] window) throws IOException {
        // One sequential pass per mask finds the slices it appears in, so each slice tests only its own classes:
        // testing every class at every pixel of every slice costs (classes x voxels) strided reads, slow at 100+ classes.
        List<List<Integer>> inSlice = new ArrayList<>();
        for (int d = 0; d < hwd[2]; d++) inSlice.add(new ArrayList<>());
        for (int j = 0; j < masks.length; j++) {
            boolean[] present = new boolean[hwd[2]];
            for (int i = 0; i < masks[j].length; i++) if (masks[j][i] != 0) present[i % hwd[2]] = true;
            for (int d = 0; d < hwd[2]; d++) if (present[d]) inSlice.get(d).add(j);
        }
        for (int d = 0; d < hwd[2]; d++)
            write(dir.resolve(String.format("slice_%03d.png", d)),
                    slice(image, hwd, masks, labels, d, spacing, window,
                            inSlice.get(d).stream().mapToInt(Integer::intValue).toArray()));
    }

    private static int[] all(byte[][] masks) {
        int[] all = new int[masks.length];
        for (int j = 0; j < all.length; j++) all[j] = j;
        return all;
    }

    public static void write(Path png, BufferedImage picture) throws IOException {
        AtomicFiles.write(png, out -> ImageIO.write(picture, "png", out));
    }

    private static View axial(int[] s, double[] sp, int d) {
        return new View(s[0], s[1], sp[0], sp[1], (col, row) -> ((s[0] - 1 - col) * s[1] + s[1] - 1 - row) * s[2] + d);
    }

    private static View coronal(int[] s, double[] sp, int w) {
        return new View(s[0], s[2], sp[0], sp[2], (col, row) -> ((s[0] - 1 - col) * s[1] + w) * s[2] + s[2] - 1 - row);
    }

    private static View sagittal(int[] s, double[] sp, int h) {
        return new View(s[1], s[2], sp[1], sp[2], (col, row) -> (h * s[1] + s[1] - 1 - col) * s[2] + s[2] - 1 - row);
    }

    /** The finest spacing shown one voxel per pixel, divided by the whole zoom that brings the longest side to MIN_SIDE. */
    private static double mmPerPixel(double[] spacing, double longestMm) {
        double finest = Math.min(spacing[0], Math.min(spacing[1], spacing[2]));
        return finest / Math.max(1, Math.ceil(MIN_SIDE / (longestMm / finest)));
    }

    private static BufferedImage compose(List<View> views, double mmPerPixel, float[] image, byte[][] masks,
                                         int[] active, List<String> labels, float[] window) {
        boolean[] shown = new boolean[masks.length];
        List<int[]> colours = new ArrayList<>();
        int width = -GAP, height = 0;
        for (View v : views) {
            colours.add(colours(v, image, masks, active, window, shown));
            width += pixels(v.cols, v.colMm, mmPerPixel) + GAP;
            height = Math.max(height, pixels(v.rows, v.rowMm, mmPerPixel));
        }
        List<Integer> legend = new ArrayList<>();
        for (int j : active) if (shown[j]) legend.add(j);
        BufferedImage out = new BufferedImage(Math.max(width, MIN_SIDE),
                height + (legend.isEmpty() ? 0 : legend.size() * LEGEND_ROW + LEGEND_PAD), BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int x0 = 0;
        for (int i = 0; i < views.size(); i++) {
            View v = views.get(i);
            int w = pixels(v.cols, v.colMm, mmPerPixel), h = pixels(v.rows, v.rowMm, mmPerPixel);
            // nearest neighbour: the voxel under each pixel's centre (no rounding trouble at voxel borders)
            int[] col = new int[w];
            for (int px = 0; px < w; px++) col[px] = Math.min(v.cols - 1, (int) ((px + 0.5) * mmPerPixel / v.colMm));
            for (int py = 0; py < h; py++) {
                int row = Math.min(v.rows - 1, (int) ((py + 0.5) * mmPerPixel / v.rowMm));
                for (int px = 0; px < w; px++) data[py * out.getWidth() + x0 + px] = colours.get(i)[row * v.cols + col[px]];
            }
            x0 += w + GAP;
        }
        drawLegend(out, height, legend, labels);
        return out;
    }

    private static int pixels(int voxels, double mm, double mmPerPixel) {
        return Math.max(1, (int) Math.round(voxels * mm / mmPerPixel));
    }

    /**
     * One RGB value per voxel of the view: grey of the windowed value, blended in class order with the colour of each
     * active class set at the voxel. Marks the classes met in {@code shown}.
     */
    private static int[] colours(View v, float[] image, byte[][] masks, int[] active, float[] window, boolean[] shown) {
        int n = v.cols * v.rows;
        // The view's voxel indices, visited column by column: a row step is the smaller stride in memory in every
        // view, and one class at a time, so that each pass streams through one large array.
        int[] voxel = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++) voxel[k] = v.voxel.applyAsInt(col, row);
        float[][] rgb = new float[3][n];
        for (int k = 0; k < n; k++) {
            float t = (image[voxel[k]] - window[0]) / (window[1] - window[0]);
            rgb[0][k] = rgb[1][k] = rgb[2][k] = Float.isNaN(t) ? 0 : 255 * Math.max(0, Math.min(1, t));
        }
        for (int j : active) {
            float[] c = colour(j).getRGBColorComponents(null);
            byte[] m = masks[j];
            for (int k = 0; k < n; k++)
                if (m[voxel[k]] != 0) {
                    shown[j] = true;
                    for (int i = 0; i < 3; i++) rgb[i][k] = rgb[i][k] * (1 - ALPHA) + 255 * c[i] * ALPHA;
                }
        }
        int[] out = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++)
                out[row * v.cols + col] = Math.round(rgb[0][k]) << 16 | Math.round(rgb[1][k]) << 8 | Math.round(rgb[2][k]);
        return out;
    }

    private static void drawLegend(BufferedImage out, int top, List<Integer> legend, List<String> labels) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < legend.size(); i++) {
            int y = top + LEGEND_PAD + i * LEGEND_ROW;
            g.setColor(colour(legend.get(i)));
            g.fillRect(LEGEND_PAD, y, 12, 12);
            g.setColor(Color.WHITE);
            g.drawString(labels.get(legend.get(i)), LEGEND_PAD + 18, y + 11);
        }
        g.dispose();
    }

    /**
     * {h, w, d} of the voxel of the largest class nearest to its centre of mass (the centre itself can miss the class,
     * e.g. "kidney" made of both kidneys), or the volume's centre when all classes are empty.
     */
    static int[] centreOfLargest(int[] hwd, byte[][] masks) {
        int largest = -1;
        long best = 0;
        double[] mean = new double[3];
        for (int j = 0; j < masks.length; j++) {
            long n = 0;
            double[] sum = new double[3];
            for (int i = 0; i < masks[j].length; i++)
                if (masks[j][i] != 0) {
                    n++;
                    int[] p = position(i, hwd);
                    for (int k = 0; k < 3; k++) sum[k] += p[k];
                }
            if (n > best) {
                best = n;
                largest = j;
                for (int k = 0; k < 3; k++) mean[k] = sum[k] / n;
            }
        }
        if (largest < 0) return new int[] {hwd[0] / 2, hwd[1] / 2, hwd[2] / 2};
        int[] nearest = null;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < masks[largest].length; i++)
            if (masks[largest][i] != 0) {
                int[] p = position(i, hwd);
                double distance = 0;
                for (int k = 0; k < 3; k++) distance += (p[k] - mean[k]) * (p[k] - mean[k]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    nearest = p;
                }
            }
        return nearest;
    }

    private static int[] position(int i, int[] hwd) {
        return new int[] {i / (hwd[1] * hwd[2]), i / hwd[2] % hwd[1], i % hwd[2]};
    }
}
