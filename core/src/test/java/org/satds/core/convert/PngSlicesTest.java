package org.satds.core.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

class PngSlicesTest {
    @TempDir Path dir;

    static final int W = 4, H = 3, D = 5;
    static final Affine AFFINE = Affine.of(new double[][] {{-0.8, 0, 0, 150}, {0, 0.8, 0, -120}, {0, 0, 3, -40}, {0, 0, 0, 1}});

    /** Grey level of slice k at (row, col), distinct in every pixel. */
    static int grey(int k, int row, int col) {
        return 10 * k + 4 * row + col;
    }

    List<Path> slices(int[][][] values) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
            for (int row = 0; row < H; row++) for (int col = 0; col < W; col++) img.getRaster().setSample(col, row, 0, values[k][row][col]);
            Path f = dir.resolve(String.format("liver_GT_%03d.png", k));
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        return files;
    }

    List<Path> knownSlices() throws IOException {
        int[][][] v = new int[D][H][W];
        for (int k = 0; k < D; k++) for (int row = 0; row < H; row++) for (int col = 0; col < W; col++) v[k][row][col] = grey(k, row, col);
        return slices(v);
    }

    Path image() throws IOException {
        Path img = dir.resolve("7_.nii.gz");
        NiftiWriter.write(img, Volume.ofFloats(new int[] {W, H, D}, AFFINE, new float[W * H * D]), DataType.INT16);
        return img;
    }

    /** processor.py CHAOS CT: stack, flip slices and rows: voxel (x, y, z) = slice D-1-z, row H-1-y, column x. */
    @Test
    void chaosCtReversesSlicesAndRows() throws IOException {
        Path out = dir.resolve("label.nii.gz");
        PngSlices.chaosCtMask(knownSlices(), image(), out);
        Volume v = NiftiReader.read(out, ReadOptions.MASK);
        assertArrayEquals(new int[] {W, H, D}, v.shape());
        assertTrue(v.affine().closeTo(AFFINE, 1e-6));
        for (int z = 0; z < D; z++) for (int y = 0; y < H; y++) for (int x = 0; x < W; x++)
            assertEquals(grey(D - 1 - z, H - 1 - y, x), v.value(0, x, y, z), 0, x + "," + y + "," + z);
    }

    /** processor.py CHAOS MRI: slices in order, rows flipped, grey windows split into liver, kidneys, spleen. */
    @Test
    void chaosMriSplitsGreyLevelsIntoChannels() throws IOException {
        int[] levels = {0, 63, 126, 189, 252, 70, 71, 55};
        int[] channel = {-1, 0, 1, 2, 3, 0, -1, -1}; // 70 is liver (<= 70), 71 and 55 are nothing
        int[][][] v = new int[D][H][W];
        for (int k = 0; k < D; k++) for (int row = 0; row < H; row++) for (int col = 0; col < W; col++) v[k][row][col] = levels[(k + row + col) % levels.length];
        Path out = dir.resolve("t1_label.nii.gz");
        PngSlices.chaosMriMask(slices(v), image(), out);
        Volume m = NiftiReader.read(out, ReadOptions.CHANNEL_FIRST_MASK);
        assertEquals(4, m.channels());
        for (int z = 0; z < D; z++) for (int y = 0; y < H; y++) for (int x = 0; x < W; x++) {
            int expected = channel[(z + (H - 1 - y) + x) % levels.length];
            for (int c = 0; c < 4; c++) assertEquals(c == expected ? 1 : 0, m.value(c, x, y, z), 0, c + " at " + x + "," + y + "," + z);
        }
    }

    @Test
    void reportsBadSlices() throws IOException {
        List<Path> files = knownSlices();
        BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(rgb, "png", files.get(2).toFile());
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> PngSlices.stack(files, false, AFFINE));
        assertTrue(e.getMessage().contains(files.get(2).getFileName().toString()) && e.getMessage().contains("channels"), e.getMessage());
        ImageIO.write(new BufferedImage(W + 1, H, BufferedImage.TYPE_BYTE_GRAY), "png", files.get(2).toFile());
        e = assertThrows(VolumeFormatException.class, () -> PngSlices.stack(files, false, AFFINE));
        assertTrue(e.getMessage().contains("5x3"), e.getMessage());
        Files.writeString(files.get(2), "truncated");
        e = assertThrows(VolumeFormatException.class, () -> PngSlices.stack(files, false, AFFINE));
        assertTrue(e.getMessage().startsWith(files.get(2).toString()), e.getMessage());
        e = assertThrows(VolumeFormatException.class, () -> PngSlices.chaosCtMask(List.of(files.get(0), files.get(1)), image(), dir.resolve("x.nii")));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }
}
