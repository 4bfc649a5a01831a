package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/**
 * The run-length gzip writer against two inflaters (java.util.zip's and the project's verifying reader): runs of
 * every length around deflate's limits (1, 2, 3, 258 and beyond), every byte value (literal codes of 8 and 9 bits),
 * and a mask written as a NIfTI file and read back; data with few runs go to java.util.zip instead.
 */
class RunLengthGzipTest {
    @Test
    void runsOfEveryLengthInflateToTheSameBytes() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int len : new int[] {1, 2, 3, 4, 5, 255, 256, 257, 258, 259, 260, 261, 262, 516, 517, 518, 519, 1000, 70000})
            for (int value : new int[] {0, 1, 143, 144, 255}) for (int i = 0; i < len; i++) data.write(value);
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) data.write(r.nextInt(256)); // literals only
        byte[] bytes = data.toByteArray();
        for (byte[][] parts : new byte[][][] {{bytes}, {new byte[] {0, 0, 7}, bytes}, {new byte[0], bytes, new byte[] {0}}}) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            RunLengthGzip.write(gz, parts);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (byte[] p : parts) expected.write(p);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
                assertArrayEquals(expected.toByteArray(), in.readAllBytes());
            }
        }
    }

    @Test
    void aMaskWrittenAsNiftiReadsBackAndIsSmall(@TempDir Path dir) throws IOException {
        int[] shape = {97, 83, 41};
        byte[] mask = new byte[shape[0] * shape[1] * shape[2]];
        for (int z = 10; z < 30; z++)
            for (int y = 20; y < 60; y++)
                for (int x = 30; x < 70; x++) mask[x + shape[0] * (y + shape[1] * z)] = (byte) (x < 50 ? 1 : 2);
        assertTrue(RunLengthGzip.suits(mask));
        Path file = dir.resolve("mask.nii.gz");
        NiftiWriter.write(file, Volume.ofBytes(shape, Affine.diagonal(0.8, 0.8, 2.5), mask), DataType.UINT8);
        assertArrayEquals(mask, Volumes.read(file, ReadOptions.MASK).bytes(0), "read back by the verifying reader");
        assertTrue(Files.size(file) < mask.length / 20, "compressed to " + Files.size(file) + " bytes");

        byte[] noise = new byte[mask.length];
        new Random(2).nextBytes(noise);
        assertFalse(RunLengthGzip.suits(noise), "data without runs go to java.util.zip");
        Path image = dir.resolve("noise.nii.gz");
        NiftiWriter.write(image, Volume.ofBytes(shape, Affine.diagonal(1, 1, 1), noise), DataType.UINT8);
        assertArrayEquals(noise, Volumes.read(image, ReadOptions.MASK).bytes(0));
    }
}
