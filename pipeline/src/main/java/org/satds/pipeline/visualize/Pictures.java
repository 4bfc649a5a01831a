package org.satds.pipeline.visualize;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
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
import java.util.function.IntUnaryOperator;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.AtomicFiles;
import org.satds.core.transform.Box;
import org.satds.core.transform.OrderStatistics;
import org.satds.core.volume.Volume;

/**
 * Pictures of a sample, normalized or on its native scan: the image in grey (windowed), each class as a coloured overlay (a light fill the
 * image shows through, and an outline), a title (dataset and sample), each view's name, slice and orientation
 * letters, and a legend below listing the classes visible in the picture. A merged class (a label made of other
 * labels, {@link Caption#merged}) is not painted over its parts: the legend lists it with its parts, so every colour
 * in the picture is one legend entry.
 *
 * <p>Arrays are C-order, index {@code (h * W + w) * D + d}, in any orientation: a {@link Grid} says where each
 * array axis points in the patient. Every picture is in one radiological convention whatever the orientation
 * (an oblique grid shown along its closest axes): axial with the patient's right on the screen's left and anterior
 * up, coronal with the right on the left and superior up, sagittal with anterior on the left and superior up. Voxels
 * are drawn at their physical aspect (spacing in mm), enlarged by a whole factor so that small volumes stay legible.
 * The ground truth, when given, is drawn as outlines over the classes' light fill.
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
     * How a C-order array lies in the patient: its shape, voxel size in mm and, per array axis, the direction it
     * points toward (nibabel's axis codes: "RAS" is h towards the patient's right, w anterior, d superior).
     */
    public static final class Grid {
        private final int[] shape;
        private final double[] spacing;
        /** Per patient axis (right, anterior, superior): the array axis along it, and whether it points the other way. */
        private final int[] axis = new int[3];
        private final boolean[] reversed = new boolean[3];

        public Grid(int[] shape, double[] spacing, String codes) {
            this.shape = shape.clone();
            this.spacing = spacing.clone();
            int[][] ornt = AxisCodes.fromCodes(codes);
            for (int i = 0; i < 3; i++) {
                axis[ornt[i][0]] = i;
                reversed[ornt[i][0]] = ornt[i][1] < 0;
            }
        }

        /** A C-order array whose axis i is the affine's voxel axis i (oblique: its closest axes). */
        public static Grid of(int[] shape, Affine affine) {
            return new Grid(shape, affine.spacing(), AxisCodes.codesOf(affine));
        }

        /** A volume's x-fastest voxels, which are the C-order array (z, y, x). */
        public static Grid ofXFastest(Volume v) {
            String codes = AxisCodes.codesOf(v.affine());
            double[] sp = v.spacing();
            return new Grid(new int[] {v.nz(), v.ny(), v.nx()}, new double[] {sp[2], sp[1], sp[0]},
                    new StringBuilder(codes).reverse().toString());
        }

        /** Voxels along patient axis k (0 right, 1 anterior, 2 superior). */
        int size(int k) {
            return shape[axis[k]];
        }

        double mm(int k) {
            return spacing[axis[k]];
        }

        private int stride(int arrayAxis) {
            return arrayAxis == 0 ? shape[1] * shape[2] : arrayAxis == 1 ? shape[2] : 1;
        }

        /** The array index of the voxel r voxels from the patient's left, a from posterior, s from inferior. */
        int index(int r, int a, int s) {
            return along(0, r) + along(1, a) + along(2, s); // no array of the three: this runs for every voxel drawn
        }

        /** The array offset of coordinate c along patient axis k. */
        private int along(int k, int c) {
            return (reversed[k] ? size(k) - 1 - c : c) * stride(axis[k]);
        }

        /** Patient coordinate k (as in {@link #index}) of array index i. */
        int patient(int k, int i) {
            int along = i / stride(axis[k]) % size(k);
            return reversed[k] ? size(k) - 1 - along : along;
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
        // two order statistics, counted in two passes rather than sorted out of all the values
        float[] lohi = OrderStatistics.select(n == sample.length ? sample : Arrays.copyOf(sample, n),
                new long[] {(long) (0.005 * (n - 1)), (long) Math.ceil(0.995 * (n - 1))});
        float lo = lohi[0], hi = lohi[1];
        return new float[] {lo, hi > lo ? hi : lo + 1};
    }

    /**
     * The voxels a picture shows: the image, the classes (each a 0/1 mask), and optionally the ground truth of the
     * same classes (null, or per class a mask or null), all C-order over the grid; or each class's mask and truth over
     * a box of the grid, C-order over the box ({@code boxes}, null: the whole grid), so that a class is not copied
     * into a whole grid to be pictured.
     */
    public record Layers(float[] image, Grid grid, byte[][] masks, byte[][] truth, Box[] boxes) {
        public Layers(float[] image, Grid grid, byte[][] masks) {
            this(image, grid, masks, null, null);
        }

        public Layers(float[] image, Grid grid, byte[][] masks, byte[][] truth) {
            this(image, grid, masks, truth, null);
        }

        byte[] truth(int j) {
            return truth == null ? null : truth[j];
        }

        /** The box of the grid class j's arrays cover. */
        Box box(int j) {
            return boxes == null ? Box.whole(grid.shape) : boxes[j];
        }

        /** The grid index of the voxel at index i of class j's arrays. */
        int gridIndex(int j, int i) {
            if (boxes == null) return i;
            Box b = boxes[j];
            int s1 = b.size(1), s2 = b.size(2);
            return ((b.start()[0] + i / (s1 * s2)) * grid.shape[1] + b.start()[1] + i / s2 % s1) * grid.shape[2] + b.start()[2] + i % s2;
        }

        /** The index in class j's arrays of the grid's voxel i, or -1 when it lies outside the class's box. */
        int boxIndex(int j, int i) {
            if (boxes == null) return i;
            Box b = boxes[j];
            int[] hwd = grid.shape;
            int h = i / (hwd[1] * hwd[2]) - b.start()[0], w = i / hwd[2] % hwd[1] - b.start()[1], d = i % hwd[2] - b.start()[2];
            if (h < 0 || w < 0 || d < 0 || h >= b.size(0) || w >= b.size(1) || d >= b.size(2)) return -1;
            return (h * b.size(1) + w) * b.size(2) + d;
        }
    }

    /** The axial slice s (counted from the patient's feet). */
    public static BufferedImage slice(Layers l, List<String> labels, int s, float[] window, Caption caption) {
        return slice(l, labels, s, window, all(l.masks()), caption);
    }

    /** The axial slice s, testing only the listed classes (the others are known to be absent from it). */
    private static BufferedImage slice(Layers l, List<String> labels, int s, float[] window, int[] active, Caption caption) {
        View v = axial(l.grid(), s);
        double mmPerPixel = mmPerPixel(l.grid(), Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return compose(List.of(v), mmPerPixel, l, active, labels, window, caption);
    }

    /**
     * Axial, coronal and sagittal views side by side, through the centre of the largest class (see
     * {@link #centreOfLargest}).
     */
    public static BufferedImage montage(Layers l, List<String> labels, float[] window, Caption caption) {
        return montage(l, labels, window, caption, centreOfLargest(l));
    }

    /** As {@link #montage(Layers, List, float[], Caption)}, through the voxel of index i (the caller knows the centre). */
    public static BufferedImage montage(Layers l, List<String> labels, float[] window, Caption caption, int i) {
        List<View> views = threeViews(l.grid(), i);
        return compose(views, mmPerPixel(l.grid(), longestMm(views)), l, all(l.masks()), labels, window, caption);
    }

    /**
     * The three views of {@link #montage} through the voxel of index i, with their captions and letters, each voxel
     * the colour (RGB) that {@code colour} gives its index, the longest side of a view at most {@code longest} pixels;
     * no title, no legend. For a volume held in another form than {@link Layers} (the viewer draws its page's first
     * picture so, from the image and one label map, in the page's own colours).
     */
    public static BufferedImage views(Grid g, int i, IntUnaryOperator colour, int longest) {
        List<View> views = threeViews(g, i);
        double longestMm = longestMm(views), mmPerPixel = Math.max(mmPerPixel(g, longestMm), longestMm / longest);
        List<int[]> colours = new ArrayList<>();
        int width = -GAP, height = 0;
        for (View v : views) {
            int[] c = new int[v.cols * v.rows];
            for (int row = 0, k = 0; row < v.rows; row++) for (int col = 0; col < v.cols; col++, k++) c[k] = colour.applyAsInt(v.voxel.applyAsInt(col, row));
            colours.add(c);
            width += pixels(v.cols, v.colMm, mmPerPixel) + GAP;
            height = Math.max(height, pixels(v.rows, v.rowMm, mmPerPixel));
        }
        BufferedImage out = new BufferedImage(width, CAPTION_ROW + height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = graphics(out);
        drawViews(out, g2, views, colours, mmPerPixel, CAPTION_ROW);
        g2.dispose();
        return out;
    }

    private static List<View> threeViews(Grid g, int i) {
        return List.of(axial(g, g.patient(2, i)), coronal(g, g.patient(1, i)), sagittal(g, g.patient(0, i)));
    }

    private static double longestMm(List<View> views) {
        double longest = 0;
        for (View v : views) longest = Math.max(longest, Math.max(v.cols * v.colMm, v.rows * v.rowMm));
        return longest;
    }

    /** Writes slice_000.png, slice_001.png, ... (one per axial slice, from the feet up) into dir. */
    public static void writeSlices(Path dir, Layers l, List<String> labels, float[] window, Caption caption) throws IOException {
        // One sequential pass per mask finds the slices it appears in, so each slice tests only its own classes:
        // testing every class at every pixel of every slice costs (classes x voxels) strided reads, slow at 100+ classes.
        Grid g = l.grid();
        int slices = g.size(2);
        List<List<Integer>> inSlice = new ArrayList<>();
        for (int s = 0; s < slices; s++) inSlice.add(new ArrayList<>());
        for (int j = 0; j < l.masks().length; j++) {
            boolean[] present = new boolean[slices];
            for (byte[] m : new byte[][] {l.masks()[j], l.truth(j)})
                if (m != null) for (int i = 0; i < m.length; i++) if (m[i] != 0) present[g.patient(2, l.gridIndex(j, i))] = true;
            for (int s = 0; s < slices; s++) if (present[s]) inSlice.get(s).add(j);
        }
        for (int s = 0; s < slices; s++)
            write(dir.resolve(String.format("slice_%03d.png", s)),
                    slice(l, labels, s, window, inSlice.get(s).stream().mapToInt(Integer::intValue).toArray(), caption));
    }

    private static int[] all(byte[][] masks) {
        int[] all = new int[masks.length];
        for (int j = 0; j < all.length; j++) all[j] = j;
        return all;
    }

    public static void write(Path png, BufferedImage picture) throws IOException {
        AtomicFiles.write(png, out -> Png.write(picture, out));
    }

    // Slices are numbered from the patient's left, posterior and feet, as in the RAS-ordered normalized arrays.
    private static View axial(Grid g, int s) {
        int r = g.size(0), a = g.size(1);
        return new View(r, a, g.mm(0), g.mm(1), (col, row) -> g.index(r - 1 - col, a - 1 - row, s),
                "axial, slice " + s + " of 0.." + (g.size(2) - 1), "RLAP");
    }

    private static View coronal(Grid g, int a) {
        int r = g.size(0), s = g.size(2);
        return new View(r, s, g.mm(0), g.mm(2), (col, row) -> g.index(r - 1 - col, a, s - 1 - row),
                "coronal, slice " + a + " of 0.." + (g.size(1) - 1), "RLSI");
    }

    private static View sagittal(Grid g, int r) {
        int a = g.size(1), s = g.size(2);
        return new View(a, s, g.mm(1), g.mm(2), (col, row) -> g.index(r, a - 1 - col, s - 1 - row),
                "sagittal, slice " + r + " of 0.." + (g.size(0) - 1), "APSI");
    }

    /** The finest spacing shown one voxel per pixel, divided by the whole zoom that brings the longest side to MIN_SIDE. */
    private static double mmPerPixel(Grid g, double longestMm) {
        double finest = Math.min(g.mm(0), Math.min(g.mm(1), g.mm(2)));
        return finest / Math.max(1, Math.ceil(MIN_SIDE / (longestMm / finest)));
    }

    private static BufferedImage compose(List<View> views, double mmPerPixel, Layers l, int[] active, List<String> labels,
                                         float[] window, Caption caption) {
        boolean[] shown = new boolean[l.masks().length];
        int[] painted = Arrays.stream(active).filter(j -> !caption.merged().containsKey(j)).toArray();
        List<int[]> colours = new ArrayList<>();
        int width = -GAP, height = 0;
        for (View v : views) {
            colours.add(colours(v, l, painted, window, shown));
            width += pixels(v.cols, v.colMm, mmPerPixel) + GAP;
            height = Math.max(height, pixels(v.rows, v.rowMm, mmPerPixel));
        }
        for (int j : active)
            if (caption.merged().containsKey(j)) shown[j] = caption.merged().get(j).stream().anyMatch(p -> shown[p]);
        List<Integer> legend = new ArrayList<>();
        for (int j : active) if (shown[j]) legend.add(j);
        // wide enough for the title and the legend's lines too, which would otherwise be cut off
        Graphics2D measure = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        FontMetrics fm = measure.getFontMetrics();
        int wide = Math.max(width, Math.max(MIN_SIDE, 2 * LEGEND_PAD + fm.stringWidth(caption.title())));
        for (int j : legend) wide = Math.max(wide, 2 * LEGEND_PAD + 18 + fm.stringWidth(legendText(j, labels, caption.merged())));
        measure.dispose();
        BufferedImage out = new BufferedImage(wide,
                HEADER + height + (legend.isEmpty() ? 0 : legend.size() * LEGEND_ROW + LEGEND_PAD), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(out);
        g.drawString(caption.title(), LEGEND_PAD, TITLE_ROW - 4);
        drawViews(out, g, views, colours, mmPerPixel, HEADER);
        drawLegend(g, HEADER + height, legend, labels, caption.merged());
        g.dispose();
        return out;
    }

    /** The views side by side from the top row {@code top}, each with its caption above it and its letters. */
    private static void drawViews(BufferedImage out, Graphics2D g, List<View> views, List<int[]> colours, double mmPerPixel, int top) {
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
                for (int px = 0; px < w; px++) data[(top + py) * out.getWidth() + x0 + px] = colours.get(i)[row * v.cols + col[px]];
            }
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(v.caption, x0 + 2, top - 4);
            drawLetters(g, v.letters, x0, top, w, h);
            x0 += w + GAP;
        }
    }

    private static Graphics2D graphics(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.WHITE);
        return g;
    }

    /**
     * The patient directions at the middle of the panel's left, right, top and bottom edges: white on a black patch,
     * legible over any image.
     */
    private static void drawLetters(Graphics2D g, String letters, int x0, int y0, int w, int h) {
        FontMetrics fm = g.getFontMetrics();
        int high = fm.getAscent() + fm.getDescent();
        for (int i = 0; i < 4; i++) {
            String letter = letters.substring(i, i + 1);
            int wide = fm.stringWidth(letter);
            int left = i == 0 ? x0 + 1 : i == 1 ? x0 + w - wide - 5 : x0 + (w - wide) / 2 - 2;
            int top = i < 2 ? y0 + (h - high) / 2 : i == 2 ? y0 + 1 : y0 + h - high - 1;
            g.setColor(Color.BLACK);
            g.fillRect(left, top, wide + 4, high);
            g.setColor(Color.WHITE);
            g.drawString(letter, left + 2, top + fm.getAscent());
        }
    }

    private static int pixels(int voxels, double mm, double mmPerPixel) {
        return Math.max(1, (int) Math.round(voxels * mm / mmPerPixel));
    }

    /**
     * One RGB value per voxel of the view: grey of the windowed value, blended with the colour of the last painted
     * class set at the voxel, lightly inside the class and strongly on its outline (a voxel next to one of another
     * class in the view). With a ground truth the classes are only filled, and the outline drawn strongly is the
     * truth's. Marks the classes met in {@code shown}.
     */
    private static int[] colours(View v, Layers l, int[] painted, float[] window, boolean[] shown) {
        int n = v.cols * v.rows;
        // The view's voxel indices, visited column by column, and one class at a time, so that each pass streams
        // through one large array.
        int[] voxel = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++) voxel[k] = v.voxel.applyAsInt(col, row);
        int[] cls = classes(voxel, l, l.masks(), painted, shown);
        int[] truth = l.truth() == null ? null : classes(voxel, l, l.truth(), painted, shown);
        float[] image = l.image();
        float[][] tints = new float[l.masks().length][];
        int[] out = new int[n];
        for (int col = 0, k = 0; col < v.cols; col++)
            for (int row = 0; row < v.rows; row++, k++) {
                float t = (image[voxel[k]] - window[0]) / (window[1] - window[0]);
                float grey = Float.isNaN(t) ? 0 : 255 * Math.max(0, Math.min(1, t));
                float r = grey, g = grey, b = grey;
                if (cls[k] >= 0) {
                    float[] c = tint(tints, cls[k]);
                    float alpha = truth == null && edge(v, cls, k) ? EDGE_ALPHA : FILL_ALPHA;
                    r = blend(r, c[0], alpha);
                    g = blend(g, c[1], alpha);
                    b = blend(b, c[2], alpha);
                }
                if (truth != null && truth[k] >= 0 && edge(v, truth, k)) {
                    float[] c = tint(tints, truth[k]);
                    r = blend(r, c[0], EDGE_ALPHA);
                    g = blend(g, c[1], EDGE_ALPHA);
                    b = blend(b, c[2], EDGE_ALPHA);
                }
                out[row * v.cols + col] = Math.round(r) << 16 | Math.round(g) << 8 | Math.round(b);
            }
        return out;
    }

    /**
     * Class {@code label}'s colour as blending weighs it, 255 times its components: made once per picture and class,
     * not per voxel (short runs compile with C1 alone, which keeps every allocation a loop makes).
     */
    private static float[] tint(float[][] tints, int label) {
        if (tints[label] == null) {
            float[] c = colour(label).getRGBColorComponents(null);
            tints[label] = new float[] {255 * c[0], 255 * c[1], 255 * c[2]};
        }
        return tints[label];
    }

    /** A channel seen through the class's colour at opacity alpha. */
    private static float blend(float channel, float tint, float alpha) {
        return channel * (1 - alpha) + tint * alpha;
    }

    /** Per voxel of the view the last painted class set there (masks, the layers' classes or truth; null: none), or -1. */
    private static int[] classes(int[] voxel, Layers l, byte[][] masks, int[] painted, boolean[] shown) {
        int[] cls = new int[voxel.length];
        Arrays.fill(cls, -1);
        for (int j : painted) {
            byte[] m = masks[j];
            if (m == null) continue;
            for (int k = 0; k < voxel.length; k++) {
                int i = l.boxes() == null ? voxel[k] : l.boxIndex(j, voxel[k]);
                if (i >= 0 && m[i] != 0) {
                    shown[j] = true;
                    cls[k] = j;
                }
            }
        }
        return cls;
    }

    /** Whether voxel k (column-major in the view) is on the view's border or next to one of another class. */
    private static boolean edge(View v, int[] cls, int k) {
        int row = k % v.rows, col = k / v.rows;
        return row == 0 || row == v.rows - 1 || col == 0 || col == v.cols - 1
                || cls[k - 1] != cls[k] || cls[k + 1] != cls[k] || cls[k - v.rows] != cls[k] || cls[k + v.rows] != cls[k];
    }

    /** Painted classes with their colour; a merged class without a swatch, naming its parts. */
    private static void drawLegend(Graphics2D g, int top, List<Integer> legend, List<String> labels,
                                   Map<Integer, List<Integer>> merged) {
        for (int i = 0; i < legend.size(); i++) {
            int j = legend.get(i), y = top + LEGEND_PAD + i * LEGEND_ROW;
            if (!merged.containsKey(j)) {
                g.setColor(colour(j));
                g.fillRect(LEGEND_PAD, y, 12, 12);
            }
            g.setColor(Color.WHITE);
            g.drawString(legendText(j, labels, merged), LEGEND_PAD + 18, y + 11);
        }
    }

    private static String legendText(int j, List<String> labels, Map<Integer, List<Integer>> merged) {
        return merged.containsKey(j)
                ? labels.get(j) + " = " + String.join(" + ", merged.get(j).stream().map(labels::get).toList()) + " (merged, not painted)"
                : labels.get(j);
    }

    /**
     * The array index of the voxel of the largest class nearest to its centre of mass (the centre itself can miss the
     * class, e.g. "kidney" made of both kidneys), or of the volume's centre when all classes are empty.
     */
    public static int centreOfLargest(int[] hwd, byte[][] masks) {
        return centreOfLargest(new Layers(null, new Grid(hwd, new double[] {1, 1, 1}, "RAS"), masks));
    }

    private static int centreOfLargest(Layers l) {
        byte[][] masks = l.masks();
        int[] hwd = l.grid().shape;
        int largest = -1;
        long best = 0;
        for (int j = 0; j < masks.length; j++) {
            byte[] m = masks[j];
            long n = 0;
            for (int i = 0; i < m.length; )
                if (i + 8 <= m.length && (long) EIGHT_BYTES.get(m, i) == 0) i += 8; // most of a mask is 0: skip eight
                else if (m[i++] != 0) n++;
            if (n > best) {
                best = n;
                largest = j;
            }
        }
        if (largest < 0) return (hwd[0] / 2 * hwd[1] + hwd[1] / 2) * hwd[2] + hwd[2] / 2;
        Box box = l.box(largest);
        return nearestToCentre(masks[largest], box.shape(), box.start(), hwd);
    }

    private static final java.lang.invoke.VarHandle EIGHT_BYTES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * The index, in a C-order grid of shape hwd, of the voxel of a mask nearest to the mask's centre of mass (the first
     * in C order of those as near); the mask is given over a box of the grid: its shape and its first voxel's place.
     * Coordinates are summed as doubles, exact for integers of this size, so the centre does not depend on the box.
     */
    public static int nearestToCentre(byte[] m, int[] shape, int[] origin, int[] hwd) {
        long n = 0;
        double s0 = 0, s1 = 0, s2 = 0;
        for (int h = 0, i = 0; h < shape[0]; h++)
            for (int w = 0; w < shape[1]; w++)
                for (int d = 0; d < shape[2]; d++, i++)
                    if (d + 8 <= shape[2] && (long) EIGHT_BYTES.get(m, i) == 0) { // most of a mask is 0: skip eight
                        d += 7;
                        i += 7;
                    } else if (m[i] != 0) {
                        n++;
                        s0 += origin[0] + h;
                        s1 += origin[1] + w;
                        s2 += origin[2] + d;
                    }
        double[] mean = {s0 / n, s1 / n, s2 / n};
        int nearest = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int h = 0, i = 0; h < shape[0]; h++)
            for (int w = 0; w < shape[1]; w++)
                for (int d = 0; d < shape[2]; d++, i++)
                    if (d + 8 <= shape[2] && (long) EIGHT_BYTES.get(m, i) == 0) {
                        d += 7;
                        i += 7;
                    } else if (m[i] != 0) {
                        int gh = origin[0] + h, gw = origin[1] + w, gd = origin[2] + d;
                        double distance = (gh - mean[0]) * (gh - mean[0]) + (gw - mean[1]) * (gw - mean[1]) + (gd - mean[2]) * (gd - mean[2]);
                        if (distance < bestDistance) {
                            bestDistance = distance;
                            nearest = (gh * hwd[1] + gw) * hwd[2] + gd;
                        }
                    }
        return nearest;
    }
}
