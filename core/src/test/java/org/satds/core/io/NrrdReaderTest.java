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

class NrrdReaderTest {
    @TempDir Path dir;

    static final double[][] DIRS = {{0.6, 0.1, 0}, {-0.1, 0.6, 0.05}, {0, -0.2, 2.5}};
    static final String DIRECTIONS = "(0.6,0.1,0) (-0.1, 0.6, 0.05) (0,-0.2,2.5)";

    static String header(String space, String encoding, String extra) {
        return "NRRD0004\n# Complete NRRD file format specification at:\ntype: short\ndimension: 3\nspace: " + space
                + "\nsizes: 3 4 5\nspace directions: " + DIRECTIONS + "\nkinds: domain domain domain\nendian: little\n"
                + "encoding: " + encoding + "\nspace origin: (-10,20,30)\nSegment0_Name:=liver\n" + extra;
    }

    static Path attached(Path file, String header, byte[] data) throws IOException {
        Files.write(file, Fixtures.concat((header + "\n").getBytes(StandardCharsets.US_ASCII), data));
        return file;
    }

    /**
     * World of each space, mapped to RAS by hand: LPS negates x and y, RAS is as is. LAS negates y: not the
     * anatomically right x, but what ITK before 5.4 (and so MONAI 1.1.0) produced; checked against ITK 5.2.
     */
    static void assertGeometry(Volume v, double fx, double fy) {
        double[][] ras = new double[3][];
        for (int a = 0; a < 3; a++) ras[a] = new double[] {fx * DIRS[a][0], fy * DIRS[a][1], DIRS[a][2]};
        assertCorners(v.affine(), new double[] {fx * -10, fy * 20, 30}, ras);
    }

    @Test
    void lpsRawAttached() throws IOException {
        Path f = attached(dir.resolve("a.nrrd"), header("left-posterior-superior", "raw", ""), Fixtures.int16(ByteOrder.LITTLE_ENDIAN));
        Volume v = Volumes.read(f, ReadOptions.IMAGE);
        assertKnownValues(v);
        assertGeometry(v, -1, -1);
    }

    @Test
    void rasAndLasSpacesAndAbbreviations() throws IOException {
        byte[] data = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);
        assertGeometry(Volumes.read(attached(dir.resolve("r.nrrd"), header("right-anterior-superior", "raw", ""), data), ReadOptions.IMAGE), 1, 1);
        assertGeometry(Volumes.read(attached(dir.resolve("r2.nrrd"), header("RAS", "raw", ""), data), ReadOptions.IMAGE), 1, 1);
        assertGeometry(Volumes.read(attached(dir.resolve("l.nrrd"), header("left-anterior-superior", "raw", ""), data), ReadOptions.IMAGE), 1, -1);
        assertGeometry(Volumes.read(attached(dir.resolve("l2.nrrd"), header("LPS", "raw", ""), data), ReadOptions.IMAGE), -1, -1);
    }

    @Test
    void gzipAttachedBigEndian() throws IOException {
        String h = header("left-posterior-superior", "gzip", "").replace("endian: little", "endian: big");
        Volume v = Volumes.read(attached(dir.resolve("a.nrrd"), h, Fixtures.gzip(Fixtures.int16(ByteOrder.BIG_ENDIAN))), ReadOptions.IMAGE);
        assertKnownValues(v);
        assertGeometry(v, -1, -1);
    }

    @Test
    void detachedHeaderWithSkips() throws IOException {
        byte[] data = Fixtures.concat("first line\nsecond\n".getBytes(StandardCharsets.US_ASCII),
                Fixtures.concat(new byte[7], Fixtures.int16(ByteOrder.LITTLE_ENDIAN)));
        Files.write(dir.resolve("a.raw"), data);
        Path nhdr = dir.resolve("a.nhdr");
        Files.writeString(nhdr, header("LPS", "raw", "line skip: 2\nbyte skip: 7\ndata file: a.raw\n"));
        assertKnownValues(Volumes.read(nhdr, ReadOptions.IMAGE));
        Files.write(dir.resolve("b.raw"), Fixtures.concat(new byte[11], Fixtures.int16(ByteOrder.LITTLE_ENDIAN)));
        Files.writeString(nhdr, header("LPS", "raw", "byte skip: -1\ndatafile: b.raw"));
        assertKnownValues(Volumes.read(nhdr, ReadOptions.IMAGE));
    }

    @Test
    void spacingsWithoutDirectionsGiveAnAxisAlignedGrid() throws IOException {
        String h = "NRRD0001\ntype: int16\ndimension: 3\nsizes: 3 4 5\nspacings: 0.5 0.25 3\nendian: little\nencoding: raw\n";
        Volume v = Volumes.read(attached(dir.resolve("s.nrrd"), h, Fixtures.int16(ByteOrder.LITTLE_ENDIAN)), ReadOptions.IMAGE);
        assertKnownValues(v);
        assertCorners(v.affine(), new double[3], new double[][] {{-0.5, 0, 0}, {0, -0.25, 0}, {0, 0, 3}});
    }

    @Test
    void truncatedGzipNamesTheFile() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.int16(ByteOrder.LITTLE_ENDIAN));
        Path f = attached(dir.resolve("t.nrrd"), header("LPS", "gzip", ""), Arrays.copyOf(gz, gz.length / 2));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(f, ReadOptions.IMAGE));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath().toString()) || e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void truncatedRawIsReported() throws IOException {
        byte[] raw = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);
        Path f = attached(dir.resolve("t.nrrd"), header("LPS", "raw", ""), Arrays.copyOf(raw, raw.length - 1));
        VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(f, ReadOptions.IMAGE));
        assertTrue(e.getMessage().contains("t.nrrd") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void badHeadersAreReported() throws IOException {
        byte[] data = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);
        Path f = dir.resolve("b.nrrd");
        for (String bad : new String[] {
                header("LPS", "raw", "").replace("NRRD0004", "PNG"),
                header("LPS", "raw", "").replace("dimension: 3", "dimension: 4"),
                header("LPS", "bzip2", ""),
                header("LPS", "raw", "").replace("type: short", "type: block"),
                header("LPS", "raw", "").replace("endian: little\n", ""),
                header("LPS", "raw", "").replace(DIRECTIONS, "none (1,0,0) (0,1,0)"),
                header("LPS", "raw", "data file: missing.raw\n")}) {
            attached(f, bad, data);
            VolumeFormatException e = assertThrows(VolumeFormatException.class, () -> Volumes.read(f, ReadOptions.IMAGE), bad);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
    }
}
