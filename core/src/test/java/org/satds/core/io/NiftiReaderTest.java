package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/** NIfTI reading: affine choice as nibabel makes it, scaling, byte orders, data types, and bad files. */
class NiftiReaderTest {
    @TempDir
    Path dir;

    /** A 3x2x2 NIfTI-1 header with the given forms; data int16 0..11 follows at offset 352. */
    private static ByteBuffer header(ByteOrder order, int qcode, int scode, float slope, float inter, float qfac) {
        ByteBuffer b = ByteBuffer.allocate(352 + 12 * 2).order(order);
        b.putInt(0, 348);
        short[] dim = {3, 3, 2, 2, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
        b.putShort(70, (short) 4);
        b.putShort(72, (short) 16);
        float[] pixdim = {qfac, 2f, 3f, 4f, 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
        b.putFloat(108, 352);
        b.putFloat(112, slope);
        b.putFloat(116, inter);
        b.putShort(252, (short) qcode);
        b.putShort(254, (short) scode);
        // qform: 180 degrees about z (b=0, c=0, d=1), offsets 10, 20, 30
        b.putFloat(264, 1f);
        b.putFloat(268, 10f);
        b.putFloat(272, 20f);
        b.putFloat(276, 30f);
        float[][] srow = {{-2, 0, 0, 5}, {0, 3, 0, 6}, {0, 0, 4, 7}};
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) b.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
        b.position(344);
        b.put(new byte[] {'n', '+', '1', 0});
        for (int i = 0; i < 12; i++) b.putShort(352 + 2 * i, (short) i);
        return b;
    }

    private Path write(String name, ByteBuffer b) throws IOException {
        return write(dir.resolve(name), b);
    }

    /** The buffer's bytes as the file, gzip-compressed when its name ends in .gz. */
    static Path write(Path p, ByteBuffer b) throws IOException {
        try (OutputStream out = p.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(b.array());
        }
        return p;
    }

    @Test
    void sformWinsWhenItsCodeIsSet() throws IOException {
        Volume v = NiftiReader.read(write("s.nii", header(ByteOrder.LITTLE_ENDIAN, 1, 2, 0, 0, 1)), ReadOptions.IMAGE);
        assertEquals(-2, v.affine().get(0, 0));
        assertEquals(5, v.affine().get(0, 3));
        assertEquals(7, v.affine().get(2, 3));
    }

    @Test
    void qformWhenNoSform() throws IOException {
        Affine a = NiftiReader.read(write("q.nii", header(ByteOrder.LITTLE_ENDIAN, 1, 0, 0, 0, -1)), ReadOptions.IMAGE).affine();
        // 180 degrees about z flips x and y; qfac -1 flips the third voxel axis
        assertArrayEquals(new double[] {-2, 0, 0, 10}, a.toArray()[0], 1e-12);
        assertArrayEquals(new double[] {0, -3, 0, 20}, a.toArray()[1], 1e-12);
        assertArrayEquals(new double[] {0, 0, -4, 30}, a.toArray()[2], 1e-12);
    }

    @Test
    void baseAffineWhenNeitherForm() throws IOException {
        Affine a = NiftiReader.read(write("n.nii", header(ByteOrder.LITTLE_ENDIAN, 0, 0, 0, 0, 1)), ReadOptions.IMAGE).affine();
        // nibabel: x flipped, centre of the 3x2x2 grid at the origin
        assertArrayEquals(new double[] {-2, 0, 0, 2}, a.toArray()[0], 1e-12);
        assertArrayEquals(new double[] {0, 3, 0, -1.5}, a.toArray()[1], 1e-12);
        assertArrayEquals(new double[] {0, 0, 4, -2}, a.toArray()[2], 1e-12);
    }

    @Test
    void slopeAndInterceptApplyAndZeroSlopeMeansNone() throws IOException {
        Volume scaled = NiftiReader.read(write("sc.nii.gz", header(ByteOrder.LITTLE_ENDIAN, 0, 1, 2f, -1024f, 1)), ReadOptions.IMAGE);
        assertEquals(11 * 2 - 1024, scaled.value(0, 2, 1, 1));
        Volume raw = NiftiReader.read(write("z.nii.gz", header(ByteOrder.LITTLE_ENDIAN, 0, 1, 0f, 5f, 1)), ReadOptions.IMAGE);
        assertEquals(11, raw.value(0, 2, 1, 1));
        Volume nan = NiftiReader.read(write("nan.nii", header(ByteOrder.LITTLE_ENDIAN, 0, 1, Float.NaN, 0f, 1)), ReadOptions.IMAGE);
        assertEquals(7, nan.value(0, 1, 0, 1));
    }

    @Test
    void bigEndianReadsTheSameValues() throws IOException {
        Volume le = NiftiReader.read(write("le.nii", header(ByteOrder.LITTLE_ENDIAN, 0, 1, 0, 0, 1)), ReadOptions.IMAGE);
        Volume be = NiftiReader.read(write("be.nii", header(ByteOrder.BIG_ENDIAN, 0, 1, 0, 0, 1)), ReadOptions.IMAGE);
        assertArrayEquals(le.floats(0), be.floats(0));
        assertEquals(le.affine(), be.affine());
        assertEquals(5, be.value(0, 2, 1, 0)); // x + 3 * y
    }

    @Test
    void writerRoundTripKeepsValuesAndAffine() throws IOException {
        Affine a = Affine.of(new double[][] {{0, -0.8, 0, 100}, {0.8, 0, 0, -50}, {0, 0, 2.5, 12}, {0, 0, 0, 1}});
        float[] data = new float[4 * 5 * 6];
        for (int i = 0; i < data.length; i++) data[i] = i - 60;
        Path p = dir.resolve("rt.nii.gz");
        NiftiWriter.write(p, Volume.ofFloats(new int[] {4, 5, 6}, a, data), DataType.INT16);
        Volume back = NiftiReader.read(p, ReadOptions.IMAGE);
        assertArrayEquals(data, back.floats(0));
        assertTrue(back.affine().closeTo(a, 1e-5), back.affine().toString());
        NiftiHeader h = NiftiReader.readHeader(p);
        assertTrue(h.qform().closeTo(a, 1e-5), "qform carries the same rigid geometry: " + h.qform());
    }

    @Test
    void channelFirstMasksAreDeinterleaved() throws IOException {
        byte[][] channels = {{1, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 1, 0, 0, 0, 0, 1}};
        Path p = dir.resolve("cf.nii.gz");
        NiftiWriter.write(p, Volume.ofBytes(new int[] {2, 2, 2}, Affine.identity(), channels), DataType.UINT8, true);
        assertEquals(2, NiftiReader.readHeader(p).dim[1]);
        Volume back = NiftiReader.read(p, ReadOptions.CHANNEL_FIRST_MASK);
        assertEquals(2, back.channels());
        assertArrayEquals(channels[1], back.bytes(1));
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        ByteBuffer good = header(ByteOrder.LITTLE_ENDIAN, 0, 1, 0, 0, 1);
        Path truncated = write("t.nii", ByteBuffer.wrap(java.util.Arrays.copyOf(good.array(), 360)));
        Path notNifti = dir.resolve("text.nii");
        Files.writeString(notNifti, "this is not a NIfTI file at all, just some text......................");
        ByteBuffer zeroDim = header(ByteOrder.LITTLE_ENDIAN, 0, 1, 0, 0, 1);
        zeroDim.putShort(42, (short) 0);
        ByteBuffer negativeDim = header(ByteOrder.LITTLE_ENDIAN, 0, 1, 0, 0, 1);
        negativeDim.putShort(44, (short) -3);
        byte[] gz = Files.readAllBytes(write("g.nii.gz", good));
        Path truncatedGz = dir.resolve("tg.nii.gz");
        Files.write(truncatedGz, java.util.Arrays.copyOf(gz, gz.length / 2));
        for (Path p : new Path[] {truncated, notNifti, write("zd.nii", zeroDim), write("nd.nii", negativeDim), truncatedGz, dir.resolve("missing.nii.gz")}) {
            IOException e = assertThrows(IOException.class, () -> Volumes.read(p, ReadOptions.IMAGE));
            assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
