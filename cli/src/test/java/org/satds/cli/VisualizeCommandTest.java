package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.visualize.Pictures;

/**
 * `satds visualize` of an ACDC sample (values 1 right ventricle, 2 myocardium, 3 left ventricle; the recipe's fourth
 * class "heart ventricle" is 1 + 3): the merged class is listed, not painted, so every colour in the views is one of
 * the three parts, and seg.nii.gz is an integer map of the parts.
 */
class VisualizeCommandTest {
    @Test
    void mergedClassIsListedNotPainted(@TempDir Path dir) throws Exception {
        Phantom.write(dir.resolve("patient001_frame01.nii.gz"), dir.resolve("patient001_frame01_gt.nii.gz"),
                new int[] {48, 48, 10}, new double[] {1.5, 1.5, 5}, "MRI", 3, 4);
        Path jsonl = dir.resolve("acdc.jsonl");
        Files.writeString(jsonl, "{\"image\": \"patient001_frame01.nii.gz\", \"mask\": \"patient001_frame01_gt.nii.gz\", "
                + "\"modality\": \"MRI\", \"dataset\": \"ACDC\", \"patient_id\": \"patient001_frame01.nii.gz\"}\n");
        Path out = dir.resolve("vis");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("visualize", "--jsonl", jsonl.toString(), "--data-root", dir.toString(),
                "--index", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        Volume seg = Volumes.read(out.resolve("seg.nii.gz"), ReadOptions.MASK);
        assertTrue(seg.isBytes(), "an integer label map");
        TreeSet<Integer> values = new TreeSet<>();
        for (byte b : seg.bytes(0)) values.add(b & 0xff);
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(values), "the three parts, never 4 (heart ventricle) or a sum");
        String table = Files.readString(out.resolve("seg_labels.txt"));
        assertTrue(table.contains("\"left heart ventricle\"") && table.contains("\"myocardium\""), table);
        assertTrue(table.contains("# 4 \"heart ventricle\" is merged, not in seg.nii.gz: left heart ventricle + right heart ventricle"), table);

        BufferedImage montage = ImageIO.read(out.resolve("montage.png").toFile());
        float[] parts = {hue(Pictures.colour(0)), hue(Pictures.colour(1)), hue(Pictures.colour(2))};
        int coloured = 0;
        // the views: below the header, above the legend (4 rows: the three parts and the merged class)
        int legendTop = montage.getHeight() - 4 * Pictures.LEGEND_ROW - Pictures.LEGEND_PAD;
        for (int y = Pictures.HEADER; y < legendTop; y++)
            for (int x = 0; x < montage.getWidth(); x++) {
                Color c = new Color(montage.getRGB(x, y));
                if (c.getRed() == c.getGreen() && c.getGreen() == c.getBlue()) continue;
                if (Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue())) - Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue())) < 8)
                    continue; // anti-aliased letters: too faint a tint to have a hue
                coloured++;
                float h = hue(c);
                boolean part = false;
                for (float p : parts) part |= Math.abs(h - p) < 0.03;
                assertTrue(part, "pixel " + x + "," + y + " " + c + " has the colour of no part");
            }
        assertTrue(coloured > 100, "the parts are painted: " + coloured);
        assertTrue(r.out().contains("seg_labels.txt"), r.out());
    }

    private static float hue(Color c) {
        return Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
    }
}
