package org.satds.core.fuzz;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.Fixtures;
import org.satds.core.io.Npy;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;

/** Seeded damage of generated NRRD, MetaImage and NPY inputs (raw, gzip, zlib, detached data files); see {@link Fuzzer}. */
class FormatFuzzTest {
    private static final int PER_CLASS = 40;
    private static final byte[] DATA = Fixtures.int16(ByteOrder.LITTLE_ENDIAN);

    @TempDir
    Path dir;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private String nrrdHeader(String encoding, String dataFile) {
        return "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: " + Fixtures.NX + " " + Fixtures.NY + " "
                + Fixtures.NZ + "\nspace directions: (0.6,0.1,0) (-0.1,0.6,0.05) (0,-0.2,2.5)\nspace origin: (10,-20,30)\n"
                + "endian: little\nencoding: " + encoding + "\n" + (dataFile == null ? "\n" : "data file: " + dataFile + "\n");
    }

    @Test
    void nrrdAttachedRawAndGzip() throws Exception {
        for (String encoding : List.of("raw", "gzip")) {
            Path f = dir.resolve(encoding + ".nrrd");
            byte[] header = ascii(nrrdHeader(encoding, null)), data = encoding.equals("raw") ? DATA : Fixtures.gzip(DATA);
            Files.write(f, Fixtures.concat(header, data));
            Fuzzer.run("NRRD " + encoding, 11, PER_CLASS, () -> Volumes.read(f, ReadOptions.IMAGE),
                    List.of(new Fuzzer.Target(f, header.length, header.length, encoding.equals("gzip"))), f);
        }
    }

    @Test
    void nrrdDetachedGzip() throws Exception {
        Path h = dir.resolve("d.nhdr"), data = dir.resolve("d.raw.gz");
        byte[] header = ascii(nrrdHeader("gzip", "d.raw.gz"));
        Files.write(h, header);
        Files.write(data, Fixtures.gzip(DATA));
        Fuzzer.run("NRRD detached", 12, PER_CLASS, () -> Volumes.read(h, ReadOptions.IMAGE),
                List.of(new Fuzzer.Target(h, header.length, header.length - 1, false), new Fuzzer.Target(data, 10, 0, true)), h, data);
    }

    private String mhdHeader(String extra, String dataFile) {
        return "ObjectType = Image\nNDims = 3\nDimSize = " + Fixtures.NX + " " + Fixtures.NY + " " + Fixtures.NZ
                + "\nElementSpacing = 0.6 0.7 2.5\nOffset = 10 -20 30\nTransformMatrix = 1 0 0 0 1 0 0 0 1\n"
                + "ElementType = MET_SHORT\nBinaryDataByteOrderMSB = False\n" + extra + "ElementDataFile = " + dataFile + "\n";
    }

    @Test
    void metaImageLocalRawAndDetachedZraw() throws Exception {
        Path mha = dir.resolve("a.mha");
        byte[] header = ascii(mhdHeader("", "LOCAL"));
        Files.write(mha, Fixtures.concat(header, DATA));
        Fuzzer.run("MetaImage .mha raw", 13, PER_CLASS, () -> Volumes.read(mha, ReadOptions.IMAGE),
                List.of(new Fuzzer.Target(mha, header.length, header.length, false)), mha);
        Path mhd = dir.resolve("b.mhd"), zraw = dir.resolve("b.zraw");
        byte[] z = Fixtures.zlib(DATA), h2 = ascii(mhdHeader("CompressedData = True\nCompressedDataSize = " + z.length + "\n", "b.zraw"));
        Files.write(mhd, h2);
        Files.write(zraw, z);
        Fuzzer.run("MetaImage .mhd+.zraw", 14, PER_CLASS, () -> Volumes.read(mhd, ReadOptions.IMAGE),
                List.of(new Fuzzer.Target(mhd, h2.length, h2.length - 1, false), new Fuzzer.Target(zraw, 2, 0, true)), mhd, zraw);
    }

    @Test
    void npyFloatAndGzippedNpy() throws Exception {
        float[] values = new float[Fixtures.NX * Fixtures.NY * Fixtures.NZ];
        for (int i = 0; i < values.length; i++) values[i] = i * 0.5f - 7;
        Path npy = dir.resolve("v.npy");
        Npy.writeFloat32(npy, new int[] {Fixtures.NX, Fixtures.NY, Fixtures.NZ}, values);
        int headerEnd = (int) Files.size(npy) - values.length * 4;
        Fuzzer.run("NPY", 15, PER_CLASS, () -> Volumes.read(npy, ReadOptions.IMAGE),
                List.of(new Fuzzer.Target(npy, headerEnd, headerEnd, false)), npy);
    }
}
