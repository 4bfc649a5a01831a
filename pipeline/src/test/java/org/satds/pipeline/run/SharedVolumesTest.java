package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.SampleLoader.Input;

class SharedVolumesTest {
    private final List<Path> decodes = new ArrayList<>();
    private final VolumeReader counting = (file, options) -> {
        decodes.add(file);
        if (file.toString().contains("corrupt")) throw new IOException(file + ": corrupt gzip");
        return Volume.ofFloats(new int[] {1, 1, 1}, Affine.identity(), new float[1]);
    };

    private static Input image(String f) { return new Input(Path.of(f), ReadOptions.IMAGE); }

    private static Input mask(String f) { return new Input(Path.of(f), ReadOptions.MASK); }

    @Test
    void aSharedFileIsDecodedOnceAndDroppedAfterItsLastRecord() throws IOException {
        // BraTS: four modalities share one mask
        List<List<Input>> records = List.of(List.of(image("t1.nii.gz"), mask("seg.nii.gz")),
                List.of(image("t2.nii.gz"), mask("seg.nii.gz")), List.of(image("flair.nii.gz"), mask("./seg.nii.gz")));
        SharedVolumes volumes = new SharedVolumes(counting, records);
        for (List<Input> r : records) {
            Volume first = volumes.read(r.get(1).file(), ReadOptions.MASK);
            assertSame(first, volumes.read(r.get(1).file(), ReadOptions.MASK), "cached while pending");
            volumes.read(r.get(0).file(), ReadOptions.IMAGE);
            volumes.release(r);
        }
        assertEquals(List.of(Path.of("seg.nii.gz"), Path.of("t1.nii.gz"), Path.of("t2.nii.gz"), Path.of("flair.nii.gz")), decodes);
        volumes.read(Path.of("seg.nii.gz"), ReadOptions.MASK);
        assertEquals(5, decodes.size(), "released after the last record: decoding again means it was dropped");
    }

    @Test
    void aCorruptSharedFileFailsEveryRecordWithoutDecodingAgain() {
        List<List<Input>> records = List.of(List.of(image("corrupt-ct.nii.gz")), List.of(image("corrupt-ct.nii.gz")));
        SharedVolumes volumes = new SharedVolumes(counting, records);
        for (List<Input> r : records) {
            assertThrows(IOException.class, () -> volumes.read(Path.of("corrupt-ct.nii.gz"), ReadOptions.IMAGE));
            volumes.release(r);
        }
        assertEquals(1, decodes.size());
    }
}
