package org.satds.core.convert;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.fuzz.Fuzzer;
import org.satds.core.geom.Affine;

/**
 * Seeded damage of the converters' inputs (see {@link Fuzzer}): a slice of the real CT DICOM sample (its three
 * regular slices), a PNG slice of a stack, and MATLAB v5 files (compressed and not).
 */
class ConvertFuzzTest {
    private static final int PER_CLASS = 40;

    @TempDir
    Path dir;

    @Test
    void dicomSeriesFromTheRealSample() throws Exception {
        Path series = Files.createDirectories(dir.resolve("series"));
        for (String f : new String[] {"7136", "7166", "7196"}) Files.copy(DicomSeriesTest.samples().resolve(f), series.resolve(f));
        Path slice = series.resolve("7166");
        int pixelStart = (int) Files.size(slice) - 16 * 16 * 2; // 16x16 int16 pixel data close the file
        Fuzzer.run("DICOM series", 21, PER_CLASS, () -> DicomSeries.read(series),
                List.of(new Fuzzer.Target(slice, pixelStart, pixelStart, false)), slice, series);
    }

    @Test
    void pngStack() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            BufferedImage img = new BufferedImage(12, 9, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 9; r++) for (int c = 0; c < 12; c++) img.getRaster().setSample(c, r, 0, (31 * k + 7 * r + c) % 256);
            Path f = dir.resolve("liver_GT_00" + k + ".png");
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        Path slice = files.get(1);
        Fuzzer.run("PNG stack", 22, PER_CLASS, () -> PngSlices.stack(files, false, Affine.identity()),
                List.of(new Fuzzer.Target(slice, 33, 33, true)), slice);
    }

    @Test
    void matFiles() throws Exception {
        for (boolean compressed : new boolean[] {false, true}) {
            Path mat = dir.resolve("mask" + compressed + ".mat");
            Files.write(mat, MatFilesTest.matFile("Mask", compressed));
            int dataStart = 128 + 8;
            Fuzzer.run("MAT " + (compressed ? "compressed" : "uncompressed"), 23, PER_CLASS, () -> MatFiles.read(mat, "Mask", Affine.identity()),
                    List.of(new Fuzzer.Target(mat, 128, compressed ? dataStart : (int) Files.size(mat) - 24, compressed)), mat);
        }
    }
}
