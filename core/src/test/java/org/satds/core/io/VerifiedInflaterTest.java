package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gzip verified as gzip does: trailer CRC-32 and length, members, padding, garbage, truncation; zlib's Adler-32. */
class VerifiedInflaterTest {
    @TempDir
    Path dir;

    private static final byte[] DATA = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);

    /** gzip with stored (level 0) blocks: a flipped data bit leaves valid deflate data, only the CRC can tell. */
    static byte[] storedGzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out) {{ def.setLevel(Deflater.NO_COMPRESSION); }}) {
            g.write(data);
        }
        return out.toByteArray();
    }

    private byte[] inflate(byte[] file) throws IOException {
        Path p = dir.resolve("image.nii.gz");
        Files.write(p, file);
        try (InputStream in = Inputs.open(p)) {
            byte[] all = in.readAllBytes();
            Inputs.verifyRest(in);
            return all;
        }
    }

    private String refusal(byte[] file) {
        return assertThrows(VolumeFormatException.class, () -> inflate(file)).getMessage();
    }

    @Test
    void intactMembersConcatenatedAndZeroPaddingReadWhole() throws IOException {
        assertArrayEquals(DATA, inflate(Fixtures.gzip(DATA)));
        byte[] both = Fixtures.concat(Fixtures.gzip(DATA), storedGzip(DATA));
        assertArrayEquals(Fixtures.concat(DATA, DATA), inflate(both));
        assertArrayEquals(DATA, inflate(Fixtures.concat(Fixtures.gzip(DATA), new byte[512])));
    }

    @Test
    void flippedDataBitIsACrcMismatchNamingTheFile() throws IOException {
        byte[] gz = storedGzip(DATA);
        gz[gz.length - 8 - 10] ^= 4; // inside the stored block's data
        assertEquals(dir.resolve("image.nii.gz") + ": corrupt gzip data (CRC-32 mismatch): the download is damaged", refusal(gz));
    }

    @Test
    void wrongLengthTruncationAndTrailingGarbageAreRefused() throws IOException {
        byte[] gz = Fixtures.gzip(DATA);
        byte[] badSize = gz.clone();
        badSize[gz.length - 4]++;
        assertEquals(true, refusal(badSize).contains("length mismatch: 120 bytes inflated"));
        for (int cut : new int[] {5, 15, gz.length / 2, gz.length - 5, gz.length - 1})
            assertEquals(true, refusal(Arrays.copyOf(gz, cut)).contains("gzip data is truncated"), "cut at " + cut);
        assertEquals(true, refusal(Fixtures.concat(gz, new byte[] {0, 0, 'x'})).contains("trailing garbage after the last member, at byte " + (gz.length + 2)));
        assertEquals(true, refusal(Fixtures.concat(gz, new byte[] {0x1f})).contains("trailing garbage"));
    }

    @Test
    void headerFlagsAreCheckedAsGzipDoes() throws IOException {
        byte[] gz = Fixtures.gzip(DATA);
        byte[] method = gz.clone();
        method[2] = 7;
        assertEquals(true, refusal(method).contains("unknown compression method 7"));
        byte[] reserved = gz.clone();
        reserved[3] = (byte) 0x80;
        assertEquals(true, refusal(reserved).contains("reserved header flags"));
    }

    @Test
    void zlibBlocksAreCheckedToTheirAdler32() throws IOException {
        Path p = dir.resolve("image.zraw");
        byte[] z = Fixtures.zlib(DATA);
        z[z.length - 1] ^= 1;
        Files.write(p, z);
        try (InputStream in = Inputs.inflate(Files.newInputStream(p), p)) {
            String m = assertThrows(VolumeFormatException.class, () -> {
                in.readNBytes(DATA.length);
                Inputs.verifyRest(in);
            }).getMessage();
            assertEquals(p + ": corrupt zlib data (invalid compressed data: incorrect data check): the download is damaged", m);
        }
    }

    @Test
    void niftiReaderVerifiesTheStreamEvenThoughItStopsAfterTheVoxels() throws IOException {
        Path p = dir.resolve("image.nii.gz");
        Path plain = dir.resolve("plain.nii");
        NiftiWriter.write(plain, org.satds.core.volume.Volume.ofFloats(new int[] {Fixtures.NX, Fixtures.NY, Fixtures.NZ},
                org.satds.core.geom.Affine.identity(), new float[Fixtures.NX * Fixtures.NY * Fixtures.NZ]), DataType.INT16);
        byte[] gz = storedGzip(Files.readAllBytes(plain));
        Files.write(p, gz);
        NiftiReader.read(p, ReadOptions.IMAGE);
        gz[gz.length - 8 - 12] ^= 1;
        Files.write(p, gz);
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> NiftiReader.read(p, ReadOptions.IMAGE));
        assertEquals(p + ": corrupt gzip data (CRC-32 mismatch): the download is damaged", e.getMessage());
        NiftiReader.readHeader(p); // a header alone may stop early
    }
}
