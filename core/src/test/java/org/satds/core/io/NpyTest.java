package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.volume.Volume;

/** .npy round trips, numpy's exact header layout, and npy volumes with identity geometry. */
class NpyTest {
    @TempDir
    Path dir;

    @Test
    void float32RoundTripWithNumpysHeader() throws Exception {
        float[] data = {1.5f, -2f, 0f, 3.25f, Float.MAX_VALUE, -0f};
        Path p = dir.resolve("a.npy");
        Npy.writeFloat32(p, new int[] {1, 2, 3}, data);
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(0, (bytes.length - data.length * 4) % 64, "header padded to 64 bytes as numpy does");
        String header = new String(bytes, 10, bytes.length - 10 - data.length * 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", header.trim());
        Npy.Array a = Npy.read(p);
        assertArrayEquals(new int[] {1, 2, 3}, a.shape());
        assertArrayEquals(data, a.floats());
    }

    @Test
    void boolRoundTripAndOneDimensionalShape() throws Exception {
        byte[] bits = {1, 0, 0, 1, 1};
        Path p = dir.resolve("b.npy");
        Npy.writeBool(p, new int[] {5}, bits);
        Npy.Array a = Npy.read(p);
        assertEquals("|b1", a.descr());
        assertArrayEquals(new int[] {5}, a.shape());
        assertArrayEquals(bits, a.bools());
        assertEquals("{'descr': '|b1', 'fortran_order': False, 'shape': (5,), }", Npy.header("|b1", new int[] {5}).trim());
    }

    @Test
    void npyVolumeHasIdentityGeometryAndArrayAxes() throws Exception {
        float[] c = new float[2 * 3 * 4];
        for (int i = 0; i < c.length; i++) c[i] = i;
        Path p = dir.resolve("v.npy");
        Npy.writeFloat32(p, new int[] {2, 3, 4}, c);
        Volume v = Volumes.read(p, ReadOptions.IMAGE);
        assertArrayEquals(new int[] {2, 3, 4}, v.shape());
        assertEquals(org.satds.core.geom.Affine.identity(), v.affine());
        assertEquals((1 * 3 + 2) * 4 + 3, v.value(0, 1, 2, 3)); // C-order element [1][2][3]
    }
}
