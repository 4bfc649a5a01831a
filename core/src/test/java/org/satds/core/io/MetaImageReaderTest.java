package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.satds.core.io.Fixtures.assertCorners;
import static org.satds.core.io.Fixtures.assertKnownValues;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.volume.Volume;

class MetaImageReaderTest {
    @TempDir Path dir;

    // An oblique grid: axis 0 and 1 rotated 30 degrees about z, in LPS as MetaImage stores it.
    static final double C = Math.cos(Math.PI / 6), S = Math.sin(Math.PI / 6);
    static final String MATRIX = C + " " + S + " 0 " + (-S) + " " + C + " 0 0 0 1";
    static final double[] SPACING = {0.7, 0.8, 2.5};
    static final double[] OFFSET = {-10, 20, 30};

    static String header(String extra, String dataFile) {
        return "ObjectType = Image\nNDims = 3\nBinaryData = True\nTransformMatrix = " + MATRIX + "\nOffset = -10 20 30\n"
                + "CenterOfRotation = 0 0 0\nAnatomicalOrientation = RAI\nElementSpacing = 0.7 0.8 2.5\nDimSize = 3 4 5\n"
                + extra + "ElementType = MET_SHORT\nElementDataFile = " + dataFile + "\n";
    }

    /** Expected RAS geometry computed by hand: LPS step vectors with x and y negated. */
    static void assertGeometry(Volume v) {
        double[][] lps = {{C * SPACING[0], S * SPACING[0], 0}, {-S * SPACING[1], C * SPACING[1], 0}, {0, 0, SPACING[2]}};
        double[][] ras = new double[3][];
        for (int a = 0; a < 3; a++) ras[a] = new double[] {-lps[a][0], -lps[a][1], lps[a][2]};
        assertCorners(v.affine(), new double[] {10, -20, 30}, ras);
        assertEquals(0.8, v.spacing()[1], 1e-12);
    }

    @Test
    void readsDetachedRawLittleEndian() throws IOException {
        Files.write(dir.resolve("a.raw"), Fixtures.int16(ByteOrder.LITTLE_ENDIAN));
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("BinaryDataByteOrderMSB = False\n", "a.raw"));
        Volume v = Volumes.read(mhd, ReadOptions.IMAGE);
        assertKnownValues(v);
        assertGeometry(v);
    }

    @Test
    void readsInlineBigEndianMha() throws IOException {
        Path mha = dir.resolve("a.mha");
        byte[] head = header("ElementByteOrderMSB = True\n", "LOCAL").getBytes(StandardCharsets.US_ASCII);
        Files.write(mha, Fixtures.concat(head, Fixtures.int16(ByteOrder.BIG_ENDIAN)));
        Volume v = Volumes.read(mha, ReadOptions.IMAGE);
        assertKnownValues(v);
        assertGeometry(v);
    }

    @Test
    void readsZlibCompressedZraw() throws IOException {
        Files.write(dir.resolve("a.zraw"), Fixtures.zlib(Fixtures.int16(ByteOrder.LITTLE_ENDIAN)));
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("CompressedData = True\nCompressedDataSize = 99\n", "a.zraw"));
        assertKnownValues(Volumes.read(mhd, ReadOptions.IMAGE));
    }

    @Test
    void headerSizeMinusOneTakesTheLastBytes() throws IOException {
        Files.write(dir.resolve("a.raw"), Fixtures.concat(new byte[17], Fixtures.int16(ByteOrder.LITTLE_ENDIAN)));
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("HeaderSize = -1\n", "a.raw"));
        assertKnownValues(Volumes.read(mhd, ReadOptions.IMAGE));
    }

    @Test
    void keepsUnsignedBytesCompactForMasks() throws IOException {
        byte[] raw = new byte[60];
        raw[59] = (byte) 200;
        Files.write(dir.resolve("m.raw"), raw);
        Path mhd = dir.resolve("m.mhd");
        Files.writeString(mhd, header("", "m.raw").replace("MET_SHORT", "MET_UCHAR"));
        Volume v = Volumes.read(mhd, ReadOptions.MASK);
        assertTrue(v.isBytes());
        assertEquals(200, v.value(0, 2, 3, 4));
        assertEquals(DataType.UINT8, MetaImageReader.readHeader(mhd).type());
    }

    @Test
    void truncatedRawNamesTheDataFile() throws IOException {
        byte[] data = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);
        Files.write(dir.resolve("a.raw"), Arrays.copyOf(data, data.length - 3));
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("", "a.raw"));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
        assertTrue(e.getMessage().contains("a.raw") && e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void missingDataFileIsReported() throws IOException {
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("", "gone.raw"));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
        assertTrue(e.getMessage().startsWith(mhd.toString()) && e.getMessage().contains("gone.raw not found"), e.getMessage());
    }

    @Test
    void badHeadersAreReported() throws IOException {
        Path mhd = dir.resolve("a.mhd");
        Files.writeString(mhd, header("", "a.raw").replace("DimSize = 3 4 5", "DimSize = 3 4"));
        assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
        Files.writeString(mhd, header("ElementNumberOfChannels = 3\n", "a.raw"));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
        assertTrue(e.getMessage().contains("multi-component"), e.getMessage());
        Files.writeString(mhd, "this is not a header\n");
        e = assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
        assertTrue(e.getMessage().startsWith(mhd.toString()), e.getMessage());
        Files.writeString(mhd, header("", "a.raw").replace("MET_SHORT", "MET_FLOAT_MATRIX"));
        assertThrows(VolumeFormatException.class, () -> Volumes.read(mhd, ReadOptions.IMAGE));
    }
}
