package org.satds.core.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.Fixtures;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

class ConversionsTest {
    @TempDir Path dir;

    /** NRRD -> NIfTI -> read back: same voxels, same world geometry (to float32 precision), int16 kept. */
    @Test
    void nrrdRoundTripsThroughNifti() throws IOException {
        String h = "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 3 4 5\n"
                + "space directions: (0.6,0.1,0) (-0.1,0.6,0.05) (0,-0.2,2.5)\nendian: little\nencoding: gzip\nspace origin: (-10,20,30)\n\n";
        Path nrrd = dir.resolve("ct.nrrd");
        Files.write(nrrd, Fixtures.concat(h.getBytes(StandardCharsets.US_ASCII), Fixtures.gzip(Fixtures.int16(ByteOrder.LITTLE_ENDIAN))));
        Path nii = dir.resolve("ct.nii.gz");
        Conversions.toNifti(nrrd, nii);
        Volume back = NiftiReader.read(nii, ReadOptions.IMAGE);
        Fixtures.assertKnownValues(back);
        assertEquals(DataType.INT16, NiftiReader.readHeader(nii).datatype);
        // LPS (x, y) negated for RAS, worked out by hand
        Affine expected = Affine.of(new double[][] {{-0.6, 0.1, 0, 10}, {-0.1, -0.6, 0.2, -20}, {0, 0.05, 2.5, 30}, {0, 0, 0, 1}});
        assertTrue(back.affine().closeTo(expected, 1e-6), back.affine().toString());
        assertTrue(back.affine().closeTo(Volumes.read(nrrd, ReadOptions.IMAGE).affine(), 1e-6));
    }

    @Test
    void metaImageMaskRoundTripsAsUint8() throws IOException {
        byte[] raw = new byte[3 * 4 * 5];
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) (i % 3 == 0 ? 1 : 0);
        raw[7] = (byte) 200;
        Files.write(dir.resolve("seg.raw"), raw);
        Path mhd = dir.resolve("seg.mhd");
        Files.writeString(mhd, "ObjectType = Image\nNDims = 3\nOffset = 1 2 3\nElementSpacing = 1.5 1.5 4\nDimSize = 3 4 5\n"
                + "ElementType = MET_UCHAR\nElementDataFile = seg.raw\n");
        Path nii = dir.resolve("seg.nii");
        Conversions.toNifti(mhd, nii);
        assertEquals(DataType.UINT8, NiftiReader.readHeader(nii).datatype);
        Volume back = NiftiReader.read(nii, ReadOptions.MASK);
        for (int i = 0; i < raw.length; i++) assertEquals(raw[i], back.bytes(0)[i]);
        double[] corner = back.affine().apply(2, 3, 4);
        assertEquals(-(1 + 2 * 1.5), corner[0], 1e-6);
        assertEquals(-(2 + 3 * 1.5), corner[1], 1e-6);
        assertEquals(3 + 4 * 4, corner[2], 1e-6);
    }

    @Test
    void refusesOtherFormats() {
        assertThrows(VolumeFormatException.class, () -> Conversions.toNifti(dir.resolve("x.png"), dir.resolve("x.nii")));
    }

    @Test
    void exactTypeIsTheNarrowestThatHoldsTheValues() {
        Affine id = Affine.identity();
        int[] s = {2, 1, 1};
        assertEquals(DataType.UINT8, Conversions.exactType(Volume.ofFloats(s, id, new float[] {0, 255})));
        assertEquals(DataType.INT16, Conversions.exactType(Volume.ofFloats(s, id, new float[] {-1024, 3071})));
        assertEquals(DataType.INT32, Conversions.exactType(Volume.ofFloats(s, id, new float[] {0, 70000})));
        assertEquals(DataType.FLOAT32, Conversions.exactType(Volume.ofFloats(s, id, new float[] {0, 0.5f})));
        assertEquals(DataType.UINT8, Conversions.exactType(Volume.ofBytes(s, id, new byte[] {0, 1})));
    }
}
