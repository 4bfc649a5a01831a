package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NiftiReader.readBinary and MaskRuns: a float32 0/1 NIfTI (a prediction as SAT writes it) read straight to its runs
 * of ones gives the voxels reading it through floats gives; other types and scaled data take that way; anything
 * but 0 and 1 is refused naming the file; the gzip stream is still verified to its end.
 */
class BinaryMaskReadingTest {
    @TempDir
    Path dir;

    /** More elements than one decoding block holds (2^18 float32), so runs cross blocks. */
    private static final int[] SHAPE = {70, 70, 60};
    private static final int ELEMENTS = SHAPE[0] * SHAPE[1] * SHAPE[2];

    private static final short UINT8 = 2, INT16 = 4, FLOAT32 = 16, FLOAT64 = 64;

    /** A mask: scattered ones, solid runs across row ends and across the first decoding block's end, zeros between. */
    private static float[] mask(long seed) {
        Random random = new Random(seed);
        float[] v = new float[ELEMENTS];
        for (int i = 0; i < v.length; i++) if (random.nextInt(10) == 0) v[i] = 1;
        for (int i = 262_144 - 500; i < 262_144 + 700; i++) v[i] = 1; // the block ends at element 2^18
        for (int i = 5 * SHAPE[0] - 3; i < 9 * SHAPE[0] + 4; i++) v[i] = 1; // rows 4 to 9, whole rows between
        for (int i = 1000; i < 1000 + 3 * 4096; i++) v[i] = 0; // a zero run longer than the zero-skipping stride
        v[ELEMENTS - 1] = 1;
        return v;
    }

    /** The ones of the runs as a byte per element, checking that the runs are ordered and maximal. */
    private static byte[] bytes(MaskRuns runs, int elements) {
        byte[] b = new byte[elements];
        for (int r = 0; r < runs.count(); r++) {
            assertTrue(runs.start(r) < runs.end(r), "run " + r + " is empty");
            if (r > 0) assertTrue(runs.start(r) > runs.end(r - 1), "run " + r + " touches or overlaps the one before");
            for (int i = runs.start(r); i < runs.end(r); i++) b[i] = 1;
        }
        return b;
    }

    private static byte[] expected(float[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) (values[i] != 0 ? 1 : 0);
        return b;
    }

    /** A NIfTI-1 file of the values in the given type (stored raw / slope), byte order and compression. */
    private Path nifti(String name, ByteOrder order, short type, float slope, int[] dims, float[] values) throws IOException {
        int bytes = type == UINT8 ? 1 : type == INT16 ? 2 : type == FLOAT32 ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(352 + values.length * bytes).order(order);
        b.putInt(0, 348);
        b.putShort(40, (short) dims.length);
        for (int i = 0; i < dims.length; i++) b.putShort(42 + 2 * i, (short) dims[i]);
        for (int i = dims.length; i < 7; i++) b.putShort(42 + 2 * i, (short) 1);
        b.putShort(70, type);
        b.putShort(72, (short) (8 * bytes));
        for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, 1f);
        b.putFloat(108, 352);
        b.putFloat(112, slope);
        b.position(344);
        b.put(new byte[] {'n', '+', '1', 0});
        for (int i = 0, p = 352; i < values.length; i++, p += bytes) {
            double raw = values[i] / (slope == 0 ? 1 : slope);
            switch (type) {
                case UINT8 -> b.put(p, (byte) raw);
                case INT16 -> b.putShort(p, (short) raw);
                case FLOAT32 -> b.putFloat(p, (float) raw);
                default -> b.putDouble(p, raw);
            }
        }
        return NiftiReaderTest.write(dir.resolve(name), b);
    }

    @Test
    void float32ZerosAndOnesAreReadAsTheirRunsInBothByteOrders() throws IOException {
        float[] values = mask(1);
        for (int i = 7; i < values.length; i += 997) if (values[i] == 0) values[i] = -0f; // -0 is 0, as numpy's astype(bool)
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN})
            for (String name : new String[] {"p.nii.gz", "p.nii"}) {
                Path file = nifti(order + name, order, FLOAT32, 0, SHAPE, values);
                MaskRuns runs = NiftiReader.readBinary(file);
                assertArrayEquals(SHAPE, runs.shape(), file.toString());
                assertArrayEquals(expected(values), bytes(runs, ELEMENTS), file.toString());
                assertArrayEquals(bytes(MaskRuns.ofFloats(SHAPE, Volumes.read(file, ReadOptions.IMAGE).floats(0), file), ELEMENTS),
                        bytes(runs, ELEMENTS), file + ": as through floats");
            }
    }

    @Test
    void otherTypesAndScaledDataAreReadThroughTheirValues() throws IOException {
        float[] values = mask(2);
        byte[] expected = expected(values);
        assertArrayEquals(expected, bytes(NiftiReader.readBinary(nifti("u8.nii.gz", ByteOrder.LITTLE_ENDIAN, UINT8, 0, SHAPE, values)), ELEMENTS));
        assertArrayEquals(expected, bytes(NiftiReader.readBinary(nifti("i16.nii.gz", ByteOrder.BIG_ENDIAN, INT16, 0, SHAPE, values)), ELEMENTS));
        assertArrayEquals(expected, bytes(NiftiReader.readBinary(nifti("f64.nii.gz", ByteOrder.LITTLE_ENDIAN, FLOAT64, 0, SHAPE, values)), ELEMENTS));
        // stored as 0 and 0.5, read as 0 and 1 through scl_slope 2
        assertArrayEquals(expected, bytes(NiftiReader.readBinary(nifti("scaled.nii.gz", ByteOrder.LITTLE_ENDIAN, FLOAT32, 2, SHAPE, values)), ELEMENTS));
    }

    @Test
    void channelsAreCountedInTheShape() throws IOException {
        float[] values = new float[2 * 24];
        values[30] = 1;
        MaskRuns runs = NiftiReader.readBinary(nifti("c.nii.gz", ByteOrder.LITTLE_ENDIAN, FLOAT32, 0, new int[] {2, 3, 4, 2}, values));
        assertArrayEquals(new int[] {2, 3, 4, 2}, runs.shape());
        assertEquals(1, runs.count());
        assertEquals(30, runs.start(0));
    }

    @Test
    void aValueOtherThanZeroOrOneIsRefusedNamingTheFile() throws IOException {
        float[][] bad = {{0.5f}, {Float.NaN}, {2}, {-1}, {Float.POSITIVE_INFINITY}, {Float.MIN_VALUE}};
        String[] shown = {"0.5", "NaN", "2.0", "-1.0", "Infinity", "1.4E-45"};
        for (int k = 0; k < bad.length; k++) {
            float[] values = mask(3);
            values[200_000 + k] = bad[k][0];
            for (short type : new short[] {FLOAT32, FLOAT64}) {
                Path file = nifti("bad" + k + "_" + type + ".nii.gz", ByteOrder.LITTLE_ENDIAN, type, 0, SHAPE, values);
                VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> NiftiReader.readBinary(file));
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("value " + shown[k] + " is not 0 or 1"),
                        e.getMessage());
            }
        }
    }

    @Test
    void theGzipStreamIsVerifiedToItsEnd() throws IOException {
        Path file = nifti("crc.nii.gz", ByteOrder.LITTLE_ENDIAN, FLOAT32, 0, SHAPE, mask(4));
        byte[] gz = Files.readAllBytes(file);
        gz[gz.length - 8] ^= 1; // the trailer's CRC-32
        Files.write(file, gz);
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> NiftiReader.readBinary(file));
        assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
    }

    @Test
    void bytesAreReadAsTheirRunsAnyNonZeroByteAOne() {
        byte[] mask = new byte[20_000];
        mask[0] = 1;
        mask[1] = 7;
        mask[2] = -1;
        mask[5000] = 1;
        for (int i = 12_000; i < 19_999; i++) mask[i] = 1;
        mask[19_999] = 3;
        byte[] expected = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) expected[i] = (byte) (mask[i] != 0 ? 1 : 0);
        MaskRuns runs = MaskRuns.ofBytes(new int[] {mask.length, 1, 1}, mask);
        assertEquals(3, runs.count());
        assertArrayEquals(expected, bytes(runs, mask.length));
    }
}
