package org.satds.pipeline.visualize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;

/** {@link Png} writes the bytes ImageIO's PNG writer writes with its defaults, for every picture. */
class PngTest {
    private static byte[] imageIo(BufferedImage picture) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(picture, "png", out));
        return out.toByteArray();
    }

    @Test
    void montageAsImageIoWritesIt() throws IOException {
        BufferedImage montage = Pictures.montage(new Pictures.Layers(VisualizeTest.IMAGE,
                        Pictures.Grid.of(new int[] {VisualizeTest.H, VisualizeTest.W, VisualizeTest.D}, Affine.identity()), VisualizeTest.MASKS),
                VisualizeTest.LABELS, new float[] {0, 1}, new Pictures.Caption("Test  sample", Map.of()));
        assertArrayEquals(imageIo(montage), Png.encode(montage));
    }

    /** Noise does not compress: its stream fills several IDAT chunks and ends inside the last. */
    @Test
    void noiseOverSeveralChunksAndOnePixel() throws IOException {
        Random random = new Random(25);
        for (int[] size : List.of(new int[] {1, 1}, new int[] {3, 200}, new int[] {257, 129}, new int[] {400, 300})) {
            BufferedImage noise = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++)
                for (int x = 0; x < size[0]; x++) noise.setRGB(x, y, random.nextInt());
            assertArrayEquals(imageIo(noise), Png.encode(noise), size[0] + " x " + size[1]);
        }
    }

    @Test
    void refusesOtherPixelLayouts() {
        assertThrows(IllegalArgumentException.class, () -> Png.encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB)));
    }
}
