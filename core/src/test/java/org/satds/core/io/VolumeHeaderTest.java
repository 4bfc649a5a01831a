package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/** Volumes.header: for every format, what the header says is what reading the volume gives. */
class VolumeHeaderTest {
    @TempDir Path dir;

    private static void assertLikeTheVolume(Path file, DataType type) throws IOException {
        VolumeHeader h = Volumes.header(file);
        Volume v = Volumes.read(file, ReadOptions.IMAGE);
        assertArrayEquals(v.shape(), h.shape(), file + ": shape");
        assertEquals(type, h.type(), file + ": type");
        assertTrue(h.affine().closeTo(v.affine(), 0), file + ": affine " + h.affine() + " vs " + v.affine());
    }

    @Test
    void niftiNrrdAndMetaImageHeadersAreTheirVolumes() throws IOException {
        Affine affine = Affine.of(new double[][] {{-0.8, 0.1, 0, 10}, {0, 0.8, 0.2, -20}, {0, 0, 2.5, 30}, {0, 0, 0, 1}});
        float[] values = new float[Fixtures.NX * Fixtures.NY * Fixtures.NZ];
        for (int i = 0; i < values.length; i++) values[i] = i - 7;
        Volume volume = Volume.ofFloats(new int[] {Fixtures.NX, Fixtures.NY, Fixtures.NZ}, affine, values);
        for (String name : new String[] {"a.nii.gz", "a.nii"}) {
            Path f = dir.resolve(name);
            NiftiWriter.write(f, volume, DataType.INT16);
            assertLikeTheVolume(f, DataType.INT16);
            assertNotNull(Volumes.header(f).nifti());
        }
        Path nrrd = NrrdReaderTest.attached(dir.resolve("a.nrrd"), NrrdReaderTest.header("LPS", "raw", ""), Fixtures.int16(ByteOrder.LITTLE_ENDIAN));
        assertLikeTheVolume(nrrd, DataType.INT16);
        assertNull(Volumes.header(nrrd).nifti());
        Files.write(dir.resolve("a.raw"), Fixtures.int16(ByteOrder.LITTLE_ENDIAN));
        Path mhd = Files.writeString(dir.resolve("a.mhd"), MetaImageReaderTest.header("", "a.raw"));
        assertLikeTheVolume(mhd, DataType.INT16);
    }

    @Test
    void anNpyHeaderIsItsVolumeReadWhole() throws IOException {
        Path bools = dir.resolve("m.npy"), floats = dir.resolve("c.npy"), flat = dir.resolve("f.npy");
        Npy.writeBool(bools, new int[] {2, 3, 4}, new byte[24]);
        assertLikeTheVolume(bools, DataType.FLOAT32); // read whole, an npy's values are floats
        Npy.writeFloat32(floats, new int[] {2, 3, 4, 5}, new float[120]);
        Volume v = Volumes.read(floats, ReadOptions.IMAGE);
        assertArrayEquals(new int[] {2, 3, 4, 5}, Volumes.header(floats).shape());
        assertArrayEquals(new int[] {2, 3, 4}, v.shape());
        assertEquals(5, v.channels());
        Npy.writeFloat32(flat, new int[] {6, 4}, new float[24]);
        VolumeFormatException header = assertThrows(VolumeFormatException.class, () -> Volumes.header(flat));
        VolumeFormatException whole = assertThrows(VolumeFormatException.class, () -> Volumes.read(flat, ReadOptions.IMAGE));
        assertEquals(whole.getMessage(), header.getMessage());
    }

    @Test
    void anUnknownEndingIsRefusedNamingTheKnownOnes() {
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.header(dir.resolve("a.dcm")));
        assertTrue(e.getMessage().contains("unsupported file type") && e.getMessage().contains(".nrrd"), e.getMessage());
    }
}
