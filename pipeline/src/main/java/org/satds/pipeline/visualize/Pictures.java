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
import java.util.Map;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.satds.core.io.AtomicFiles;

/**
 * Pictures of a normalized sample: the image in grey (windowed), each class as a coloured overlay (a light fill the
 * image shows through, and an outline), a title (dataset and sample), each view's name, slice and orientation
 * letters, and a legend below listing the classes visible in the picture. A merged class (a label made of other
 * labels, {@link Caption#merged}) is not painted over its parts: the legend lists it with its parts, so every colour
 * in the picture is one legend entry.
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

    /** Overlay opacity inside a class, where the image must show through (PET uptake), and on its outline. */
    public static final float FILL_ALPHA = 0.35f, EDGE_ALPHA = 0.9f;
    /** Height of the title row and of the row of view captions above the panels. */
    public static final int TITLE_ROW = 16, CAPTION_ROW = 16, HEADER = TITLE_ROW + CAPTION_ROW;
    /** Pictures are enlarged until their longest side reaches this many pixels, and are at least this wide. */
    public static final int MIN_SIDE = 256;
    /** Height of one legend row, and the padding below the legend. */
    public static final int LEGEND_ROW = 18, LEGEND_PAD = 6;
    /** Gap between montage panels. */
    public static final int GAP = 4;

    private Pictures() {}

    /**
     * What a picture says besides its pixels.
     *
     * @param title  dataset and sample, drawn above the views
     * @param merged merged class index to the indices of its parts (Recipe.mergedLabels); these are not painted
     */
    public record Caption(String title, Map<Integer, List<Integer>> merged) {
        public Caption {
            merged = Map.copyOf(merged);
        }
    }

    /**
     * A 2D cut: cols x rows voxels of colMm x rowMm, the C-order voxel index shown at (col, row), its caption, and the
     * patient directions at its left, right, top and bottom edges.
     */
    private record View(int cols, int rows, double colMm, double rowMm, IntBinaryOperator voxel, String caption, String letters) {}

    /**
     * Kelly's colours of maximum contrast (Kelly 1965, without white, black and grey, which the image uses), ordered so
     * that classes listed one after another, as recipes list neighbouring organs (liver, kidney, spleen), get far
     * apart hues. No Maven library ships a categorical palette for AWT.
     */
    private static final int[] KELLY = {0xF3C300, 0x875692, 0x008856, 0xBE0032, 0xA1CAF1, 0xF38400, 0xE68FAC, 0x0067A5,
        0xC2B280, 0x604E97, 0x8DB600, 0xB3446C, 0xF99379, 0x2B3D26, 0xF6A600, 0x882D17, 0xDCD300, 0x654522, 0xE25822};

    /** Colour of class {@code label}: Kelly's colours, then hues a golden angle apart at alternating brightness. */
    public static Color colour(int label) {
        if (label < KELLY.length) return new Color(KELLY[label]);
        return Color.getHSBColor((label * 0.618034f) % 1f, 0.85f, label % 2 == 0 ? 1f : 0.7f);
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
                                      double[] spacing, float[] window, Caption caption) {
        return slice(image, hwd, masks, labels, d, spacing, window, all(masks), caption);
    }

    /** The axial slice d, testing only the listed classes (the others are known to be absent from it). */
    private static BufferedImage slice(float[] image, int[] hwd, byte[][] masks, List<String> labels, int d,
                                       double[] spacing, float[] window, int[] active, Caption caption) {
        View v = axial(hwd, spacing, d);
        double mmPerPixel = mmPerPixel(spacing, Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return compose(List.of(v), mmPerPixel, image, masks, active, labels, window, caption);
    }

    /**
     * Axial, coronal and sagittal views side by side, through the centre of the largest class (see
     * {@link #centreOfLargest}).
     */
    public static BufferedImage montage(float[] image, int[] hwd, byte[][] masks, List<String> labels,
                                        double[] spacing, float[] window, Caption caption) {
        int[] c = centreOfLargest(hwd, masks);
        List<View> views = List.of(axial(hwd, spacing, c[2]), coronal(hwd, spacing, c[1]), sagittal(hwd, spacing, c[0]));
        double longest = 0;
        for (View v : views) longest = Math.max(longest, Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return compose(views, mmPerPixel(spacing, longest), image, masks, all(masks), labels, window, caption);
    }

    /** Writes slice_000.png, slice_001.png, ... (one per axial slice) into dir. */
    public static void writeSlices(Path dir, float[] image, int[] hwd, byte[][] masks, List<String> labels,
                                   double[] spacing, float[] window, Caption caption) throws IOException {
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
                            inSlice.get(d).stream().mapToInt(Integer::intValue).toArray(), caption));
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
        return new View(s[0], s[1], sp[0], sp[1], (col, row) -> ((s[0] - 1 - col) * s[1] + s[1] - 1 - row) * s[2] + d,
                "axial, slice " + d + " of 0.." + (s[2] - 1), "RLAP");
    }

    private static View coronal(int[] s, double[] sp, int w) {
        return new View(s[0], s[2], sp[0], sp[2], (col, row) -> ((s[0] - 1 - col) * s[1] + w) * s[2] + s[2] - 1 - row,
                "coronal, slice " + w + " of 0.." + (s[1] - 1), "RLSI");
    }

    private static View sagittal(int[] s, double[] sp, int h) {
        return new View(s[1], s[2], sp[1], sp[2], (col, row) -> (h * s[1] + s[1] - 1 - col) * s[2] + s[2] - 1 - row,
                "sagittal, slice " + h + " of 0.." + (s[0] - 1), "APSI");
    }

    /** The finest spacing shown one voxel per pixel, divided by the whole zoom that brings the longest side to MIN_SIDE. */
    private static double mmPerPixel(double[] spacing, double longestMm) {
        double finest = Math.min(spacing[0], Math.min(spacing[1], spacing[2]));
        return finest / Math.max(1, Math.ceil(MIN_SIDE / (longestMm / finest)));
    }

    private static BufferedImage compose(List<View> views, double mmPerPixel, float[] image, byte[][] masks,
                                         int[] active, List<String> labels, float[] window, Caption caption) {
        boolean[] shown = new boolean[masks.length];
        int[] painted = Arrays.stream(active).filter(j -> !caption.merged().containsKey(j)).toArray();
        List<int[]> colours = new ArrayList<>();
        int width = -GAP, height = 0;
        for (View v : views) {
            colours.add(colours(v, image, masks, painted, window, shown));
            width += pixels(v.cols, v.colMm, mmPerPixel) + GAP;
            height = Math.max(height, pixels(v.rows, v.rowMm, mmPerPixel));
        }
        for (int j : active)
            if (caption.merged().containsKey(j)) shown[j] = caption.merged().get(j).stream().anyMatch(p -> shown[p]);
        List<Integer> legend = new ArrayList<>();
        for (int j : active) if (shown[j]) legend.add(j);
        BufferedImage out = new BufferedImage(Math.max(width, MIN_SIDE),
                HEADER + height + (legend.isEmpty() ? 0 : legend.size() * LEGEND_ROW + LEGEND_PAD), BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Graphics2D g = graphics(out);
        g.drawString(caption.title(), LEGEND_PAD, TITLE_ROW - 4);
        int x0 = 0;
        for (int i = 0; i < views.size(); i++) {
            View v = views.get(i);
            int w = pixels(v.cols, v.colMm, mmPerPixel), h = pixels(v.rows, v.rowMm, mmPerPixel);
            // nearest neighbour: the voxel under each pixel's centre (no rounding trouble at voxel borders)
            int[] col = new int[w];
            for (int px = 0; px < w; px++) col[px] = Math.min(v.cols - 1, (int) ((px + 0.5) * mmPerPixel / v.colMm));
            for (int py = 0; py < h; py++) {
                int row = Math.min(v.rows - 1, (int) ((py + 0.5) * mmPerPixel / v.rowMm));
                for (int px = 0; px < w; px++) data[(HEADER + py) * out.getWidth() + x0 + px] = colours.get(i)[row * v.cols + col[px]];
            }
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(v.caption, x0 + 2, HEADER - 4);
            drawLetters(g, v.letters, x0, HEADER, w, h);
            x0 += w + GAP;
        }
        drawLegend(g, HEADER + height, legend, labels, caption.merged());
        g.dispose();
        return out;
    }

    private static Graphics2D graphics(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.WHITE);
        return g;
    }

    /** The patient directions at the middle of the panel's left, right, top and bottom edges, white on a dark shadow. */
    private static void drawLetters(Graphics2D g, String letters, int x0, int y0, int w, int h) {
        int[][] at = {{x0 + 3, y0 + h / 2 + 5}, {x0 + w - 11, y0 + h / 2 + 5}, {x0 + w / 2 - 4, y0 + 13}, {x0 + w / 2 - 4, y0 + h - 3}};
        for (int i = 0; i < 4; i++) {
            String letter = letters.substring(i, i + 1);
            g.setColor(Color.BLACK);
            g.drawString(letter, at[i][0] + 1, at[i][1] + 1);
            g.setColor(Color.WHITE);
            g.drawString(letter, at[i][0], at[i][1]);
        }
    }

    private static int pixels(int voxels, double mm, double mmPerPixel) {
        return Math.max(1, (int) Math.round(voxels * mm / mmPerPixel));
    }

    /**
     * One RGB value per voxel of the view: grey of the windowed value, blended with the colour of the last painted
     * class set at the voxel, lightly inside the class and strongly on its outline (a voxel next to one of another
     * class in the view). Marks the classes met in {@code shown}.
     */
    private static int[] colours(View v, float[] image, byte[][] masks, int[] painted, float[] window, boolean[] shown) {
        int n = v.cols * v.rows;
        // The view's voxel indices, visited column by column: a row step is the smaller stride in memory in every
        // view, and one class at a time, so that each pass streams through one large array.
        int[] voxel = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++) voxel[k] = v.voxel.applyAsInt(col, row);
        int[] cls = new int[n];
        Arrays.fill(cls, -1);
        for (int j : painted) {
            byte[] m = masks[j];
            for (int k = 0; k < n; k++)
                if (m[voxel[k]] != 0) {
                    shown[j] = true;
                    cls[k] = j;
                }
        }
        int[] out = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++) {
                float t = (image[voxel[k]] - window[0]) / (window[1] - window[0]);
                float grey = Float.isNaN(t) ? 0 : 255 * Math.max(0, Math.min(1, t));
                float[] rgb = {grey, grey, grey};
                if (cls[k] >= 0) {
                    boolean edge = row == 0 || row == v.rows - 1 || col == 0 || col == v.cols - 1
                            || cls[k - 1] != cls[k] || cls[k + 1] != cls[k] || cls[k - v.rows] != cls[k] || cls[k + v.rows] != cls[k];
                    float a = edge ? EDGE_ALPHA : FILL_ALPHA;
                    float[] c = colour(cls[k]).getRGBColorComponents(null);
                    for (int i = 0; i < 3; i++) rgb[i] = rgb[i] * (1 - a) + 255 * c[i] * a;
                }
                out[row * v.cols + col] = Math.round(rgb[0]) << 16 | Math.round(rgb[1]) << 8 | Math.round(rgb[2]);
            }
        return out;
    }

    /** Painted classes with their colour; a merged class without a swatch, naming its parts. */
    private static void drawLegend(Graphics2D g, int top, List<Integer> legend, List<String> labels,
                                   Map<Integer, List<Integer>> merged) {
        for (int i = 0; i < legend.size(); i++) {
            int j = legend.get(i), y = top + LEGEND_PAD + i * LEGEND_ROW;
            String text = labels.get(j);
            if (merged.containsKey(j)) {
                text += " = " + String.join(" + ", merged.get(j).stream().map(labels::get).toList()) + " (merged, not painted)";
            } else {
                g.setColor(colour(j));
                g.fillRect(LEGEND_PAD, y, 12, 12);
            }
            g.setColor(Color.WHITE);
            g.drawString(text, LEGEND_PAD + 18, y + 11);
        }
    }

    /**
     * {h, w, d} of the voxel of the largest class nearest to its centre of mass (the centre itself can miss the class,
     * e.g. "kidney" made of both kidneys), or the volume's centre when all classes are empty.
     */
    private static final java.lang.invoke.VarHandle EIGHT_BYTES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    static int[] centreOfLargest(int[] hwd, byte[][] masks) {
        int largest = -1;
        long best = 0;
        double[] mean = new double[3];
        for (int j = 0; j < masks.length; j++) {
            byte[] m = masks[j];
            long n = 0;
            double s0 = 0, s1 = 0, s2 = 0;
            for (int h = 0, i = 0; h < hwd[0]; h++)
                for (int w = 0; w < hwd[1]; w++)
                    for (int d = 0; d < hwd[2]; d++, i++)
                        if (d + 8 <= hwd[2] && (long) EIGHT_BYTES.get(m, i) == 0) { // most of a mask is 0: skip eight
                            d += 7;
                            i += 7;
                        } else if (m[i] != 0) {
                            n++;
                            s0 += h;
                            s1 += w;
                            s2 += d;
                        }
            if (n > best) {
                best = n;
                largest = j;
                mean = new double[] {s0 / n, s1 / n, s2 / n};
            }
        }
        if (largest < 0) return new int[] {hwd[0] / 2, hwd[1] / 2, hwd[2] / 2};
        byte[] m = masks[largest];
        int[] nearest = null;
        double bestDistance = Double.MAX_VALUE;
        for (int h = 0, i = 0; h < hwd[0]; h++)
            for (int w = 0; w < hwd[1]; w++)
                for (int d = 0; d < hwd[2]; d++, i++)
                    if (d + 8 <= hwd[2] && (long) EIGHT_BYTES.get(m, i) == 0) {
                        d += 7;
                        i += 7;
                    } else if (m[i] != 0) {
                        double distance = (h - mean[0]) * (h - mean[0]) + (w - mean[1]) * (w - mean[1]) + (d - mean[2]) * (d - mean[2]);
                        if (distance < bestDistance) {
                            bestDistance = distance;
                            nearest = new int[] {h, w, d};
                        }
                    }
        return nearest;
    }
}
