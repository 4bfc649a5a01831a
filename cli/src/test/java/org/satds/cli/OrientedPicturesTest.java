package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.visualize.Pictures;

/**
 * One phantom, a CT of AbdomenCT1K, stored RAS, LPS, LAS, ASR and oblique: the liver lies on the patient's right,
 * anterior and superior, the spleen on the left and posterior. As a user runs it: visualize of the raw record, convert,
 * visualize of the converted record, a stand-in prediction (the converted liver shifted one slice; no spleen), restore,
 * visualize of restored.jsonl. Every montage is read as a person reads it: the letters found by their shapes, the
 * organs by their colours. The liver must lie beside R, A and S in the views that show those directions, the spleen
 * beside L and P; the restored picture must place the liver where the normalized ones do, show the spleen only as
 * the ground truth's outline, and its NIfTI files must carry the scan's own geometry.
 */
class OrientedPicturesTest {
    /** The phantom's field of view in mm along x, y, z (RAS+ world), centred at the origin; unequal so that swapped axes show. */
    static final double[] FOV = {72, 56, 48};
    static final double[] LIVER = {15, 8, 6, 10}, SPLEEN = {-16, -9, 6, 7}; // centre x, y, z and radius in mm
    static final Color LIVER_COLOUR = Pictures.colour(0), SPLEEN_COLOUR = Pictures.colour(2);

    record Stored(String name, String codes, double[] spacing, double rotationDegrees) {}

    static final List<Stored> STORED = List.of(new Stored("ras", "RAS", new double[] {1.5, 1.5, 3}, 0),
            new Stored("lps", "LPS", new double[] {0.8, 0.8, 2.5}, 0), new Stored("las", "LAS", new double[] {1.2, 1.0, 2}, 0),
            new Stored("asr", "ASR", new double[] {1.0, 2.0, 1.5}, 0), new Stored("oblique", "RAS", new double[] {1.25, 1.25, 2.5}, 15));

    @Test
    void everyMontageShowsTheLiverBesideRightAnteriorSuperior(@TempDir Path dir) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (Stored s : STORED) {
            writePhantom(s, dir.resolve(s.name() + "_image.nii.gz"), dir.resolve(s.name() + "_mask.nii.gz"));
            raw.append("{\"image\": \"").append(s.name()).append("_image.nii.gz\", \"mask\": \"").append(s.name())
                    .append("_mask.nii.gz\", \"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", ")
                    .append("\"dataset\": \"AbdomenCT1K\", \"patient_id\": \"").append(s.name()).append("\"}\n");
        }
        Path rawJsonl = dir.resolve("raw.jsonl"), converted = dir.resolve("converted.jsonl");
        Files.writeString(rawJsonl, raw);
        ok(DatasetsCommandTest.run("convert", "--jsonl", rawJsonl.toString(), "--out", converted.toString(),
                "--npy-root", dir.resolve("npy").toString(), "--data-root", dir.toString()));
        List<ObjectNode> records = Jsonl.read(converted);
        Path pred = dir.resolve("pred");
        StandInPredictions.write(records, dir, pred);
        for (ObjectNode r : records) { // the model found no spleen
            Path spleen = pred.resolve("AbdomenCT1K").resolve("seg_" + r.get("sample_id").asText()).resolve("spleen.nii.gz");
            Volume p = NiftiReader.read(spleen, org.satds.core.io.ReadOptions.IMAGE);
            NiftiWriter.write(spleen, Volume.ofFloats(p.shape(), p.affine(), new float[p.voxels()]), DataType.FLOAT32);
        }
        ok(DatasetsCommandTest.run("restore", "--jsonl", converted.toString(), "--pred", pred.toString(),
                "--out", dir.resolve("restored").toString(), "--data-root", dir.toString()));
        Path restored = dir.resolve("restored").resolve("restored.jsonl");
        // SAT's inference records (image-only) restored from the same predictions: drawn natively, with no truth to outline
        StringBuilder infer = new StringBuilder();
        for (ObjectNode r : records) {
            ObjectNode i = Jsonl.MAPPER.createObjectNode();
            for (String field : List.of("image", "label", "modality", "dataset", "sample_id")) i.set(field, r.get(field));
            infer.append(i).append('\n');
        }
        Files.writeString(dir.resolve("infer.jsonl"), infer);
        ok(DatasetsCommandTest.run("restore", "--jsonl", dir.resolve("infer.jsonl").toString(), "--pred", pred.toString(),
                "--out", dir.resolve("restored_infer").toString(), "--data-root", dir.toString()));
        ok(DatasetsCommandTest.run("visualize", "--jsonl", dir.resolve("restored_infer").resolve("restored.jsonl").toString(),
                "--index", "1", "--out", dir.resolve("v_infer").toString(), "--data-root", dir.toString()));
        Montage inferred = new Montage(dir.resolve("v_infer").resolve("montage.png"), "lps image-only restored");
        inferred.besides(LIVER_COLOUR, false, "axial", 'R', 'A');
        assertEquals(List.of(), inferred.pixels(SPLEEN_COLOUR, "axial", false), "no spleen predicted and no truth to outline");

        for (int i = 0; i < STORED.size(); i++) {
            Stored s = STORED.get(i);
            Path rawPictures = dir.resolve("v_raw_" + s.name()), convertedPictures = dir.resolve("v_converted_" + s.name()),
                    restoredPictures = dir.resolve("v_restored_" + s.name());
            for (Path[] run : new Path[][] {{rawJsonl, rawPictures}, {converted, convertedPictures}, {restored, restoredPictures}})
                ok(DatasetsCommandTest.run("visualize", "--jsonl", run[0].toString(), "--index", Integer.toString(i),
                        "--out", run[1].toString(), "--data-root", dir.toString()));
            Montage normalizedRaw = new Montage(rawPictures.resolve("montage.png"), s.name() + " raw");
            Montage normalized = new Montage(convertedPictures.resolve("montage.png"), s.name() + " converted");
            Montage nativeScan = new Montage(restoredPictures.resolve("montage.png"), s.name() + " restored");
            for (Montage m : List.of(normalizedRaw, normalized, nativeScan)) {
                m.besides(LIVER_COLOUR, false, "axial", 'R', 'A');
                m.besides(LIVER_COLOUR, false, "coronal", 'R', 'S');
                m.besides(LIVER_COLOUR, false, "sagittal", 'A', 'S');
            }
            for (Montage m : List.of(normalizedRaw, normalized)) m.besides(SPLEEN_COLOUR, false, "axial", 'L', 'P');
            // restored: no spleen predicted, so the spleen is the truth's outline alone, drawn strongly
            nativeScan.besides(SPLEEN_COLOUR, true, "axial", 'L', 'P');
            assertEquals(0, nativeScan.pixels(SPLEEN_COLOUR, "axial", false).size() - nativeScan.pixels(SPLEEN_COLOUR, "axial", true).size(),
                    s.name() + ": the spleen is only outlined (no light fill)");
            // The restored liver where the normalized one is, as a fraction of the panel between its letters; within
            // 0.1: the normalized grid of the oblique scan is the bounding box of its turned field of view.
            for (String view : List.of("axial", "coronal", "sagittal")) {
                double[] n = normalized.fraction(LIVER_COLOUR, view), r = nativeScan.fraction(LIVER_COLOUR, view);
                assertArrayEquals(n, r, 0.1, s.name() + " " + view + ": restored liver at " + List.of(r[0], r[1]) + ", normalized at " + List.of(n[0], n[1]));
            }
            // the native NIfTI overlay the scan: its geometry fields, not a diagonal at the origin
            NiftiHeader scan = NiftiReader.readHeader(dir.resolve(s.name() + "_image.nii.gz"));
            for (String file : List.of("img.nii.gz", "seg.nii.gz", "segmentations/liver.nii.gz")) {
                NiftiHeader h = NiftiReader.readHeader(restoredPictures.resolve(file));
                String what = s.name() + " " + file;
                assertEquals(scan.qformCode, h.qformCode, what);
                assertEquals(scan.sformCode, h.sformCode, what);
                assertArrayEquals(scan.quatern, h.quatern, what);
                for (int row = 0; row < 3; row++) assertArrayEquals(scan.srow[row], h.srow[row], what);
                assertArrayEquals(scan.dim, h.dim, what);
            }
        }
    }

    /** Writes the phantom sampled on the grid of s (a CT in HU: body, liver 1, spleen 3; positive everywhere, so nothing is cropped). */
    static void writePhantom(Stored s, Path image, Path mask) throws IOException {
        int[][] ornt = AxisCodes.fromCodes(s.codes());
        double t = Math.toRadians(s.rotationDegrees());
        // turned about z, then about x, by the angle: an oblique grid whose closest axes are the codes'
        double[][] turn = multiply(new double[][] {{1, 0, 0}, {0, Math.cos(t), -Math.sin(t)}, {0, Math.sin(t), Math.cos(t)}},
                new double[][] {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}});
        int[] shape = new int[3];
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            int axis = ornt[i][0];
            shape[i] = (int) Math.round(FOV[axis] / s.spacing()[i]);
            for (int row = 0; row < 3; row++) m[row][i] = turn[row][axis] * ornt[i][1] * s.spacing()[i];
        }
        double[][] rows = new double[4][4];
        for (int row = 0; row < 3; row++) {
            double origin = 0;
            for (int i = 0; i < 3; i++) {
                rows[row][i] = m[row][i];
                origin -= m[row][i] * (shape[i] - 1) / 2.0;
            }
            rows[row][3] = origin;
        }
        rows[3][3] = 1;
        Affine affine = Affine.of(rows);
        float[] img = new float[shape[0] * shape[1] * shape[2]], seg = new float[img.length];
        for (int z = 0; z < shape[2]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[0]; x++) {
                    int i = x + shape[0] * (y + shape[1] * z);
                    double[] w = affine.apply(x, y, z);
                    boolean body = Math.pow(w[0] / 34, 2) + Math.pow(w[1] / 26, 2) < 1;
                    img[i] = body ? 40 + (float) ((w[0] + 2 * w[1] + 3 * w[2]) % 7) : 5;
                    if (inside(w, LIVER)) {
                        img[i] = 90;
                        seg[i] = 1;
                    } else if (inside(w, SPLEEN)) {
                        img[i] = 70;
                        seg[i] = 3;
                    }
                }
        NiftiWriter.write(image, Volume.ofFloats(shape, affine, img), DataType.INT16);
        NiftiWriter.write(mask, Volume.ofFloats(shape, affine, seg), DataType.UINT8);
    }

    static boolean inside(double[] w, double[] ball) {
        return Math.pow(w[0] - ball[0], 2) + Math.pow(w[1] - ball[1], 2) + Math.pow(w[2] - ball[2], 2) < ball[3] * ball[3];
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    static void ok(DatasetsCommandTest.Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    /** A letter found in the picture: its box's left, top and size. */
    record Letter(char c, int x, int y, int w, int h) {
        double cx() {
            return x + w / 2.0;
        }

        double cy() {
            return y + h / 2.0;
        }
    }

    /**
     * A montage as a person reads it: three panels (axial, coronal, sagittal from left to right) found by their
     * orientation letters, each letter found by its shape (drawn here in the font the pictures use, white on black).
     */
    static final class Montage {
        final BufferedImage png;
        final boolean[][] bright;
        final String what;
        final Map<String, Letter[]> panels = new LinkedHashMap<>(); // view -> letters at its left, right, top, bottom

        Montage(Path file, String what) throws IOException {
            png = ImageIO.read(file.toFile());
            this.what = what;
            bright = new boolean[png.getHeight()][png.getWidth()];
            for (int y = 0; y < png.getHeight(); y++) for (int x = 0; x < png.getWidth(); x++) bright[y][x] = bright(png.getRGB(x, y));
            Map<Character, List<Letter>> found = new LinkedHashMap<>();
            for (char c : "RLAPSI".toCharArray()) {
                found.put(c, find(c));
                assertEquals(2, found.get(c).size(), what + ": letter " + c + " twice (two views show its direction): " + found.get(c));
            }
            Letter r1 = found.get('R').get(0), r2 = found.get('R').get(1), l1 = found.get('L').get(0), l2 = found.get('L').get(1);
            assertTrue(r1.x() < l1.x() && l1.x() < r2.x() && r2.x() < l2.x(), what + ": R left of L in the axial and the coronal view");
            Letter a1 = found.get('A').get(0), a2 = found.get('A').get(1), p1 = found.get('P').get(0), p2 = found.get('P').get(1);
            Letter s1 = found.get('S').get(0), s2 = found.get('S').get(1), i1 = found.get('I').get(0), i2 = found.get('I').get(1);
            assertTrue(r1.x() < a1.x() && a1.x() < l1.x() && a1.y() < p1.y(), what + ": axial: A above P between R and L");
            assertTrue(r2.x() < s1.x() && s1.x() < l2.x() && s1.y() < i1.y(), what + ": coronal: S above I between R and L");
            assertTrue(l2.x() < a2.x() && a2.x() < s2.x() && s2.x() < p2.x() && s2.y() < i2.y(), what + ": sagittal: A left of P, S above I");
            panels.put("axial", new Letter[] {r1, l1, a1, p1});
            panels.put("coronal", new Letter[] {r2, l2, s1, i1});
            panels.put("sagittal", new Letter[] {a2, p2, s2, i2});
        }

        /** Every place below the header where the letter's shape (ink and the black around it) is drawn. */
        List<Letter> find(char c) {
            boolean[][] glyph = glyph(c);
            int gh = glyph.length, gw = glyph[0].length;
            List<Letter> out = new ArrayList<>();
            for (int y = Pictures.HEADER; y + gh <= png.getHeight(); y++)
                for (int x = 0; x + gw <= png.getWidth(); x++) {
                    boolean match = true;
                    for (int dy = 0; dy < gh && match; dy++)
                        for (int dx = 0; dx < gw && match; dx++) match = bright[y + dy][x + dx] == glyph[dy][dx];
                    if (match) out.add(new Letter(c, x, y, gw, gh));
                }
            out.sort(Comparator.comparingInt(Letter::x));
            return out;
        }

        /** The letter's ink with a one-pixel black border, as Graphics2D draws it white on black in the pictures' font. */
        static boolean[][] glyph(char c) {
            BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.WHITE);
            g.drawString(String.valueOf(c), 10, 10 + fm.getAscent());
            g.dispose();
            int x0 = 40, y0 = 40, x1 = -1, y1 = -1;
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 40; x++)
                    if (bright(img.getRGB(x, y))) {
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x);
                        y1 = Math.max(y1, y);
                    }
            boolean[][] glyph = new boolean[y1 - y0 + 3][x1 - x0 + 3];
            for (int y = 0; y < glyph.length; y++)
                for (int x = 0; x < glyph[0].length; x++) glyph[y][x] = bright(img.getRGB(x0 - 1 + x, y0 - 1 + y));
            return glyph;
        }

        static boolean bright(int rgb) {
            Color c = new Color(rgb);
            return c.getRed() >= 128 && c.getGreen() >= 128 && c.getBlue() >= 128;
        }

        /**
         * The pixels of a view painted in the colour (the class's hue, visibly tinted), within the box its letters
         * frame; only those drawn strongly (an outline) when asked.
         */
        List<int[]> pixels(Color colour, String view, boolean strong) {
            Letter[] l = panels.get(view);
            float hue = Color.RGBtoHSB(colour.getRed(), colour.getGreen(), colour.getBlue(), null)[0];
            List<int[]> out = new ArrayList<>();
            for (int y = l[2].y(); y < l[3].y() + l[3].h(); y++)
                for (int x = l[0].x(); x < l[1].x() + l[1].w(); x++) {
                    Color c = new Color(png.getRGB(x, y));
                    float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
                    double distance = Math.sqrt(Math.pow(c.getRed() - colour.getRed(), 2) + Math.pow(c.getGreen() - colour.getGreen(), 2)
                            + Math.pow(c.getBlue() - colour.getBlue(), 2));
                    if (Math.abs(hsb[0] - hue) < 0.01 && hsb[1] > 0.15 && (!strong || distance < 0.15 * 255 * Math.sqrt(3)))
                        out.add(new int[] {x, y});
                }
            return out;
        }

        /** The colour's centre in the view as fractions of the way from its left letter to its right one and from its top letter to its bottom one. */
        double[] fraction(Color colour, String view) {
            Letter[] l = panels.get(view);
            double[] c = centre(pixels(colour, view, false), view);
            return new double[] {(c[0] - l[0].cx()) / (l[1].cx() - l[0].cx()), (c[1] - l[2].cy()) / (l[3].cy() - l[2].cy())};
        }

        double[] centre(List<int[]> pixels, String view) {
            assertTrue(pixels.size() > 20, what + " " + view + ": the organ is drawn (" + pixels.size() + " pixels)");
            double x = 0, y = 0;
            for (int[] p : pixels) {
                x += p[0];
                y += p[1];
            }
            return new double[] {x / pixels.size(), y / pixels.size()};
        }

        /** The colour (only its outline when asked) lies nearer the view's letter `side` than its opposite, and nearer `updown`. */
        void besides(Color colour, boolean strong, String view, char side, char updown) {
            Letter[] l = panels.get(view);
            double[] c = centre(pixels(colour, view, strong), view);
            Letter near = l[0].c() == side ? l[0] : l[1], far = near == l[0] ? l[1] : l[0];
            Letter up = l[2].c() == updown ? l[2] : l[3], down = up == l[2] ? l[3] : l[2];
            assertTrue(near.c() == side && up.c() == updown, what + ": " + view + " has no letters " + side + updown);
            assertTrue(Math.abs(c[0] - near.cx()) < Math.abs(c[0] - far.cx()), what + " " + view + ": the organ at x " + c[0]
                    + " lies nearer " + far.c() + " than " + side);
            assertTrue(Math.abs(c[1] - up.cy()) < Math.abs(c[1] - down.cy()), what + " " + view + ": the organ at y " + c[1]
                    + " lies nearer " + down.c() + " than " + updown);
        }
    }
}
