package org.satds.pipeline.visualize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * A 40 x 30 x 6 volume (1 x 1 x 3 mm) with a "box" class, an overlapping "ball" class and an empty class. Views are
 * enlarged 7 times (longest side 40 mm -> 280 px), so pixel (px, py) shows voxel column px / 7 (and row py / 7, or
 * py / 21 along the 3 mm axis).
 */
class VisualizeTest {
    static final int H = 40, W = 30, D = 6, ZOOM = 7;
    static final List<String> LABELS = List.of("box", "ball", "empty");
    static final float[] IMAGE = new float[H * W * D];
    static final byte[][] MASKS = new byte[3][H * W * D];

    static {
        for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++)
                for (int d = 0; d < D; d++) {
                    int i = (h * W + w) * D + d;
                    IMAGE[i] = (h + w) / 70f;
                    if (h >= 5 && h < 15 && w >= 5 && w < 12 && d >= 1 && d < 3) MASKS[0][i] = 1; // 140 voxels
                    if (h >= 12 && h < 19 && w >= 10 && w < 19 && d >= 2 && d < 5) MASKS[1][i] = 1; // 189, centre 15, 14, 3
                }
    }

    @Test
    void writesSlicesMontageAndNifti(@TempDir Path dir) throws IOException {
        Visualize.write(dir, IMAGE, new int[] {H, W, D}, MASKS, LABELS, Visualize.normalizedAffine("RAS"), new Pictures.Caption("Test  sample", Map.of()));

        try (Stream<Path> s = Files.list(dir.resolve("slices"))) {
            assertEquals(D, s.count());
        }
        // slice 0 holds no class: picture only, no legend
        BufferedImage s0 = ImageIO.read(dir.resolve("slices/slice_000.png").toFile());
        assertEquals(H * ZOOM, s0.getWidth());
        assertEquals(Pictures.HEADER + W * ZOOM, s0.getHeight());
        // axial: patient's right (high h) on the left, anterior (high w) up
        for (int d = 0; d < D; d++) {
            int slice = d;
            BufferedImage s = ImageIO.read(dir.resolve(String.format("slices/slice_%03d.png", d)).toFile());
            int[] seen = checkOverlay(s, 0, H * ZOOM, W * ZOOM,
                    (px, py) -> ((H - 1 - px / ZOOM) * W + W - 1 - py / ZOOM) * D + slice);
            assertEquals(d >= 1 && d < 5, seen[1] + seen[2] + seen[3] > 0, "slice " + d + " shows a class");
            assertEquals(d == 2, seen[3] > 0, "slice " + d + " shows the overlap");
        }
        // slice 2 shows both classes: two legend rows with their swatches, in class order
        BufferedImage s2 = ImageIO.read(dir.resolve("slices/slice_002.png").toFile());
        assertEquals(Pictures.HEADER + W * ZOOM + 2 * Pictures.LEGEND_ROW + Pictures.LEGEND_PAD, s2.getHeight());
        checkSwatches(s2, Pictures.HEADER + W * ZOOM, 0, 1);

        // montage through the centre of the largest class (ball: h 15, w 14, d 3), which hides the box
        BufferedImage m = ImageIO.read(dir.resolve("montage.png").toFile());
        int axialW = H * ZOOM, coronalW = H * ZOOM, sagittalW = W * ZOOM;
        assertEquals(axialW + coronalW + sagittalW + 2 * Pictures.GAP, m.getWidth());
        assertEquals(Pictures.HEADER + W * ZOOM + Pictures.LEGEND_ROW + Pictures.LEGEND_PAD, m.getHeight());
        int[] axial = checkOverlay(m, 0, axialW, W * ZOOM, (px, py) -> ((H - 1 - px / ZOOM) * W + W - 1 - py / ZOOM) * D + 3);
        // coronal: superior up, 3 mm rows drawn 21 px high
        int[] coronal = checkOverlay(m, axialW + Pictures.GAP, coronalW, D * 3 * ZOOM,
                (px, py) -> ((H - 1 - px / ZOOM) * W + 14) * D + D - 1 - py / (3 * ZOOM));
        // sagittal: anterior on the left
        int[] sagittal = checkOverlay(m, axialW + coronalW + 2 * Pictures.GAP, sagittalW, D * 3 * ZOOM,
                (px, py) -> (15 * W + W - 1 - px / ZOOM) * D + D - 1 - py / (3 * ZOOM));
        for (int[] seen : List.of(axial, coronal, sagittal)) assertTrue(seen[2] > 0 && seen[1] + seen[3] == 0, "ball only");
        checkSwatches(m, Pictures.HEADER + W * ZOOM, 1);

        // what checksample writes
        Volume img = NiftiReader.read(dir.resolve("img.nii.gz"), ReadOptions.IMAGE);
        Volume seg = NiftiReader.read(dir.resolve("seg.nii.gz"), ReadOptions.MASK);
        assertTrue(seg.isBytes(), "seg.nii.gz is an integer label map (uint8)");
        assertArrayEquals(new int[] {H, W, D}, img.shape());
        assertArrayEquals(new double[] {1, 1, 3}, img.spacing(), 1e-6);
        for (String label : LABELS) assertTrue(Files.exists(dir.resolve("segmentations/" + label + ".nii.gz")), label);
        Volume ball = NiftiReader.read(dir.resolve("segmentations/ball.nii.gz"), ReadOptions.IMAGE);
        for (int h = 0; h < H; h++)
            for (int w = 0; w < W; w++)
                for (int d = 0; d < D; d++) {
                    int i = (h * W + w) * D + d;
                    assertEquals(IMAGE[i], img.value(0, h, w, d));
                    assertEquals(MASKS[1][i] != 0 ? 2 : MASKS[0][i], seg.value(0, h, w, d), "j + 1 of the class, the later where two overlap");
                    assertEquals(MASKS[1][i], ball.value(0, h, w, d));
                }
    }

    /**
     * Inside the panel, pixels over no class are grey, pixels over one class carry that class's hue, pixels over
     * both classes are coloured. Returns how many pixels show no class, box, ball, both.
     */
    private static int[] checkOverlay(BufferedImage img, int x0, int width, int height, IntBinaryOperator voxelAt) {
        int[] seen = new int[4];
        for (int py = 0; py < height; py++)
            for (int px = 0; px < width; px++) {
                Color c = new Color(img.getRGB(x0 + px, Pictures.HEADER + py));
                int v = voxelAt.applyAsInt(px, py);
                int classes = MASKS[0][v] + 2 * MASKS[1][v];
                seen[classes]++;
                String where = "pixel " + (x0 + px) + "," + (Pictures.HEADER + py) + " classes " + classes;
                boolean grey = c.getRed() == c.getGreen() && c.getGreen() == c.getBlue();
                if (classes == 0) assertTrue(grey, where + " must be grey: " + c);
                else assertTrue(!grey, where + " must be coloured: " + c);
                if (classes == 1 || classes == 2) assertEquals(hue(Pictures.colour(classes - 1)), hue(c), 0.01, where);
            }
        assertTrue(seen[0] > 0, "panel shows background");
        return seen;
    }

    private static void checkSwatches(BufferedImage img, int top, int... classes) {
        for (int i = 0; i < classes.length; i++) {
            int y = top + Pictures.LEGEND_PAD + i * Pictures.LEGEND_ROW + 6;
            assertEquals(Pictures.colour(classes[i]).getRGB(), img.getRGB(Pictures.LEGEND_PAD + 6, y), "swatch " + i);
        }
    }

    private static float hue(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
    }

    /**
     * The sample stored along other axes (as normalized ASR, IPL or LPS datasets are, or as native scans lie) gives the
     * same pictures, pixel for pixel: views are drawn by where the patient is, not by the array's order.
     */
    @Test
    void picturesDoNotDependOnHowTheArrayIsStored() {
        Pictures.Caption caption = new Pictures.Caption("Test  sample", Map.of());
        float[] window = Pictures.window(IMAGE);
        Pictures.Layers ras = new Pictures.Layers(IMAGE, new Pictures.Grid(new int[] {H, W, D}, Visualize.SAT_SPACING, "RAS"), MASKS);
        BufferedImage montage = Pictures.montage(ras, LABELS, window, caption), slice = Pictures.slice(ras, LABELS, 2, window, caption);
        for (String codes : List.of("LPS", "ASR", "IPL", "SLA", "PIR")) {
            Pictures.Layers stored = restored(codes);
            assertSamePixels(montage, Pictures.montage(stored, LABELS, window, caption), codes + " montage");
            assertSamePixels(slice, Pictures.slice(stored, LABELS, 2, window, caption), codes + " axial slice 2");
        }
    }

    /** IMAGE and MASKS (RAS, 1 x 1 x 3 mm) with array axis i along codes[i]. */
    private static Pictures.Layers restored(String codes) {
        int[] ras = {H, W, D};
        int[][] ornt = AxisCodes.fromCodes(codes);
        int[] shape = new int[3];
        double[] spacing = new double[3];
        for (int i = 0; i < 3; i++) {
            shape[i] = ras[ornt[i][0]];
            spacing[i] = Visualize.SAT_SPACING[ornt[i][0]];
        }
        float[] image = new float[IMAGE.length];
        byte[][] masks = new byte[MASKS.length][IMAGE.length];
        for (int a = 0, n = 0; a < shape[0]; a++)
            for (int b = 0; b < shape[1]; b++)
                for (int c = 0; c < shape[2]; c++, n++) {
                    int[] at = {a, b, c}, r = new int[3];
                    for (int i = 0; i < 3; i++) r[ornt[i][0]] = ornt[i][1] > 0 ? at[i] : shape[i] - 1 - at[i];
                    int from = (r[0] * W + r[1]) * D + r[2];
                    image[n] = IMAGE[from];
                    for (int j = 0; j < masks.length; j++) masks[j][n] = MASKS[j][from];
                }
        return new Pictures.Layers(image, new Pictures.Grid(shape, spacing, codes), masks);
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what);
        assertEquals(expected.getHeight(), actual.getHeight(), what);
        for (int y = 0; y < expected.getHeight(); y++)
            for (int x = 0; x < expected.getWidth(); x++) assertEquals(expected.getRGB(x, y), actual.getRGB(x, y), what + " at " + x + "," + y);
    }

    /**
     * A sample converted without a trace (by the original) lies along the axes convert normalized it to: its recipe's
     * (MRSpineSeg ASR, ToothFairy IPL, BTCV_Cervix LPS), an image-only record's orientation_code else RAS; SAT's
     * 1 x 1 x 3 mm along them. (A traced record's grid is NativeWorkflowTest's.)
     */
    @Test
    void convertedSamplesLieAlongTheirNormalizationAxes() throws IOException {
        SampleLoader loader = new SampleLoader(RecipeBook.builtIn());
        for (String[] c : new String[][] {{"MRSpineSeg", "ASR"}, {"ToothFairy", "IPL"}, {"BTCV_Cervix", "LPS"}, {"AbdomenCT1K", "RAS"}}) {
            ObjectNode labelled = (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"a.nii.gz\", \"mask\": \"b.nii.gz\", \"dataset\": \"" + c[0] + "\"}");
            assertEquals(Visualize.normalizedAffine(c[1]), Visualize.normalizedAffine(labelled, loader), c[0]);
        }
        ObjectNode imageOnly = (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"a.nii.gz\", \"dataset\": \"MRSpineSeg\"}");
        assertEquals(Visualize.normalizedAffine("RAS"), Visualize.normalizedAffine(imageOnly, loader), "SAT's inference: RAS without an orientation_code");
        imageOnly.put("orientation_code", "LPS");
        assertEquals(Visualize.normalizedAffine("LPS"), Visualize.normalizedAffine(imageOnly, loader));
        // ASR: array axis 0 anterior (world +y), 1 superior (+z), 2 right (+x); 1, 1 and 3 mm
        assertEquals(Affine.of(new double[][] {{0, 0, 3, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}}), Visualize.normalizedAffine("ASR"));
        assertEquals(Affine.of(new double[][] {{-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 1}}), Visualize.normalizedAffine("LPS"));
    }

    /** A title longer than the panels widens the picture instead of being cut off: its last letter is drawn. */
    @Test
    void longTitlesAreNotCutOff() {
        String title = "AbdomenCT1K  Case_00532_0000.nii.gz, restored to the native scan; outlines: ground truth";
        Pictures.Layers ras = new Pictures.Layers(IMAGE, new Pictures.Grid(new int[] {H, W, D}, Visualize.SAT_SPACING, "RAS"), MASKS);
        BufferedImage s = Pictures.slice(ras, LABELS, 0, Pictures.window(IMAGE), new Pictures.Caption(title, Map.of()));
        assertTrue(s.getWidth() > H * ZOOM, "wider than the panel: " + s.getWidth());
        boolean inkAtTheEnd = false;
        for (int y = 0; y < Pictures.TITLE_ROW; y++)
            for (int x = s.getWidth() - 2 * Pictures.LEGEND_PAD - 8; x < s.getWidth(); x++) inkAtTheEnd |= (s.getRGB(x, y) & 0xffffff) != 0;
        assertTrue(inkAtTheEnd, "the title runs to the picture's right edge, less its padding");
    }

    @Test
    void windowIgnoresOutliers() {
        float[] v = new float[10000];
        for (int i = 0; i < v.length; i++) v[i] = i % 100 / 100f;
        v[0] = -1000;
        v[1] = 1000;
        float[] w = Pictures.window(v);
        assertEquals(0f, w[0]);
        assertEquals(0.99f, w[1]);
        assertArrayEquals(new float[] {5, 6}, Pictures.window(new float[] {5, 5}), "a flat image gets a unit-wide window");
    }

    @Test
    void windowIsThePercentilesOfTheStridedValuesSorted() {
        java.util.Random random = new java.util.Random(7);
        for (int n : new int[] {3001, (1 << 21) + 5}) { // every voxel, then every second one
            float[] image = new float[n];
            for (int i = 0; i < n; i++) image[i] = i % 97 == 0 ? Float.NaN : (float) (random.nextGaussian() * 300);
            int step = Math.max(1, n / (1 << 20)), m = 0;
            float[] values = new float[n];
            for (int i = 0; i < n; i += step) if (!Float.isNaN(image[i])) values[m++] = image[i];
            java.util.Arrays.sort(values, 0, m);
            float[] expected = {values[(int) (0.005 * (m - 1))], values[(int) Math.ceil(0.995 * (m - 1))]};
            assertArrayEquals(expected, Pictures.window(image), n + " voxels");
        }
    }
}
