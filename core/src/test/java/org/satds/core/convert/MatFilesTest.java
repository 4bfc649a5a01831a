package org.satds.core.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.Fixtures;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

class MatFilesTest {
    @TempDir Path dir;

    static final int R = 3, C = 4, D = 2;

    /** MATLAB element M(r, c, d) (0-based here) of the test mask: distinct small integers. */
    static int m(int r, int c, int d) {
        return 1 + r + 3 * c + 12 * d;
    }

    /** A MATLAB v5 file with one uint8 R x C x D variable, written by hand from the format description. */
    static byte[] matFile(String name, boolean compressed) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 6, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(9).putInt(0).array()); // flags: mxUINT8_CLASS
        element(body, 5, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(R).putInt(C).putInt(D).array());
        element(body, 1, name.getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[R * C * D];
        for (int d = 0; d < D; d++) for (int c = 0; c < C; c++) for (int r = 0; r < R; r++) data[r + R * (c + C * d)] = (byte) m(r, c, d);
        element(body, 2, data); // miUINT8, column-major
        ByteArrayOutputStream matrix = new ByteArrayOutputStream();
        element(matrix, 14, body.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] text = Arrays.copyOf("MATLAB 5.0 MAT-file, written by a test".getBytes(StandardCharsets.US_ASCII), 116);
        for (int i = 38; i < 116; i++) text[i] = ' ';
        file.writeBytes(text);
        file.writeBytes(new byte[8]);
        file.writeBytes(new byte[] {0x00, 0x01, 'I', 'M'});
        if (compressed) {
            byte[] z = Fixtures.zlib(matrix.toByteArray());
            file.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(15).putInt(z.length).array());
            file.writeBytes(z);
        } else {
            file.writeBytes(matrix.toByteArray());
        }
        return file.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(data.length).array());
        out.writeBytes(data);
        out.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }

    Path image() throws IOException {
        Affine a = Affine.of(new double[][] {{-0.7, 0, 0, 100}, {0, 0.7, 0, -50}, {0, 0, 2.5, -300}, {0, 0, 0, 1}});
        Path img = dir.resolve("5_.nii.gz");
        NiftiWriter.write(img, Volume.ofFloats(new int[] {C, R, D}, a, new float[C * R * D]), DataType.INT16);
        return img;
    }

    @Test
    void readsColumnMajorIntoXFastest() throws IOException {
        for (boolean z : new boolean[] {false, true}) {
            Path mat = dir.resolve("m" + z + ".mat");
            Files.write(mat, matFile("Mask", z));
            Volume v = MatFiles.read(mat, "Mask", Affine.identity());
            assertArrayEquals(new int[] {R, C, D}, v.shape());
            for (int d = 0; d < D; d++) for (int c = 0; c < C; c++) for (int r = 0; r < R; r++) assertEquals(m(r, c, d), v.value(0, r, c, d), 0);
        }
    }

    /** processor.py: np.rot90(M, -1, axes=(0, 1)) saved with the image's affine: out[x, y, z] = M[R-1-y, x, z]. */
    @Test
    void fumpeMaskIsRotatedOntoTheImageGrid() throws IOException {
        Path img = image();
        Path mat = dir.resolve("PAT001.mat");
        Files.write(mat, matFile("Mask", true));
        Path out = dir.resolve("PAT001.nii.gz");
        MatFiles.maskToNifti(mat, "Mask", img, out);
        Volume v = NiftiReader.read(out, ReadOptions.MASK);
        assertEquals(DataType.UINT8, NiftiReader.readHeader(out).datatype);
        assertArrayEquals(new int[] {C, R, D}, v.shape());
        for (int z = 0; z < D; z++) for (int y = 0; y < R; y++) for (int x = 0; x < C; x++)
            assertEquals(m(R - 1 - y, x, z), v.value(0, x, y, z), 0, x + "," + y + "," + z);
        assertTrue(v.affine().closeTo(NiftiReader.readHeader(img).affine(), 0));
    }

    @Test
    void reportsBadFiles() throws IOException {
        Path mat = dir.resolve("PAT002.mat");
        Files.write(mat, matFile("Other", false));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> MatFiles.read(mat, "Mask", Affine.identity()));
        assertTrue(e.getMessage().contains("PAT002.mat") && e.getMessage().contains("'Mask'"), e.getMessage());
        Files.writeString(mat, "not a mat file at all");
        e = assertThrows(VolumeFormatException.class, () -> MatFiles.read(mat, "Mask", Affine.identity()));
        assertTrue(e.getMessage().startsWith(mat.toString()), e.getMessage());
        byte[] good = matFile("Mask", true);
        Files.write(mat, Arrays.copyOf(good, good.length - 10));
        e = assertThrows(VolumeFormatException.class, () -> MatFiles.read(mat, "Mask", Affine.identity()));
        assertTrue(e.getMessage().startsWith(mat.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        Files.write(mat, matFile("Mask", false));
        Path img = dir.resolve("wrong.nii");
        NiftiWriter.write(img, Volume.ofFloats(new int[] {R, C, D}, Affine.identity(), new float[R * C * D]), DataType.INT16);
        e = assertThrows(VolumeFormatException.class, () -> MatFiles.maskToNifti(mat, "Mask", img, dir.resolve("o.nii")));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }
}
