package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.ReadOptions;
import org.satds.datasets.sample.SampleLoader.Input;

class FootprintTest {
    @Test
    void estimatesFromHeadersAlone(@TempDir Path dir) throws Exception {
        Fixtures.ct(dir, 60, 50, 20, 1); // int16 image, uint8 mask
        Footprint footprint = new Footprint();
        Input image = new Input(dir.resolve("image.nii.gz"), ReadOptions.IMAGE);
        assertEquals(60 * 50 * 20 * 4, footprint.decoded(image), "image decodes to floats");
        assertEquals(60 * 50 * 20, footprint.decoded(new Input(dir.resolve("mask.nii.gz"), ReadOptions.MASK)), "mask stays bytes");
        // 90 x 75 x 80 mm on 1x1x3 mm voxels: 180,000 floats, resampled plus one extra grid
        assertEquals(90 * 75 * 80 / 3 * 4 * 2, footprint.working(image), 8);
    }

    @Test
    void unreadableHeadersFallBackToTheFileSize(@TempDir Path dir) throws Exception {
        Path broken = Files.write(dir.resolve("broken.nii.gz"), new byte[1000]);
        Footprint footprint = new Footprint();
        assertEquals(2000, footprint.decoded(new Input(broken, ReadOptions.IMAGE)));
        assertEquals(0, footprint.decoded(new Input(dir.resolve("missing.nii.gz"), ReadOptions.IMAGE)));
    }
}
