package org.satds.core.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.Fixtures;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

class MaskStackTest {
    @TempDir Path dir;

    static final int[] SHAPE = {3, 4, 5};
    static final int N = 60;
    static final Affine IMAGE_AFFINE = Affine.of(new double[][] {{-0.9, 0, 0.1, 20}, {0, 0.9, 0, -30}, {0, 0, 3, 12}, {0, 0, 0, 1}});

    Path image() throws IOException {
        Path img = dir.resolve("case_01_IMG_CT.nii.gz");
        NiftiWriter.write(img, Volume.ofFloats(SHAPE, IMAGE_AFFINE, new float[N]), DataType.INT16);
        return img;
    }

    /** A mask file in the given format whose voxel i is 1 when i % mod == 0; its own geometry differs from the image's. */
    Path mask(String name, int mod) throws IOException {
        byte[] b = new byte[N];
        for (int i = 0; i < N; i++) b[i] = (byte) (i % mod == 0 ? 1 : 0);
        Path f = dir.resolve(name);
        if (name.endsWith(".nrrd")) {
            String h = "NRRD0004\ntype: uint8\ndimension: 3\nspace: left-posterior-superior\nsizes: 3 4 5\n"
                    + "space directions: (1,0,0) (0,1,0) (0,0,1)\nencoding: raw\n\n";
            Files.write(f, Fixtures.concat(h.getBytes(StandardCharsets.US_ASCII), b));
        } else {
            float[] v = new float[N];
            for (int i = 0; i < N; i++) v[i] = b[i];
            NiftiWriter.write(f, Volume.ofFloats(SHAPE, Affine.identity(), v), DataType.FLOAT32);
        }
        return f;
    }

    @Test
    void stacksChannelFirstWithZerosForMissingOrgans() throws IOException {
        List<MaskStack.Channel> channels = List.of(
                new MaskStack.Channel("Arytenoid", mask("case_01_OAR_Arytenoid.seg.nrrd", 2)),
                new MaskStack.Channel("Brainstem", null),
                new MaskStack.Channel("Buccal Mucosa", mask("buccal.nii.gz", 3)));
        Path out = dir.resolve("label.nii.gz");
        MaskStack.write(out, image(), channels);
        NiftiHeader h = NiftiReader.readHeader(out);
        assertEquals(4, h.rank());
        assertArrayEquals(new long[] {4, 3, 3, 4, 5}, java.util.Arrays.copyOf(h.dim, 5)); // (C, X, Y, Z) as np.stack(axis=0)
        assertEquals(DataType.UINT8, h.datatype);
        Volume v = NiftiReader.read(out, ReadOptions.CHANNEL_FIRST_MASK);
        assertTrue(v.affine().closeTo(IMAGE_AFFINE, 1e-6));
        int[] mods = {2, 0, 3};
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < N; i++)
                assertEquals(mods[c] != 0 && i % mods[c] == 0 ? 1 : 0, v.bytes(c)[i], "channel " + c + " voxel " + i);
    }

    @Test
    void refusesMasksThatDoNotFitTheImage() throws IOException {
        Path img = image();
        Path wrong = dir.resolve("wrong.nii");
        NiftiWriter.write(wrong, Volume.ofFloats(new int[] {3, 4, 6}, Affine.identity(), new float[72]), DataType.UINT8);
        VolumeFormatException e = assertThrows(VolumeFormatException.class,
                () -> MaskStack.write(dir.resolve("o.nii.gz"), img, List.of(new MaskStack.Channel("a", wrong))));
        assertTrue(e.getMessage().startsWith(wrong.toString()) && e.getMessage().contains("does not match"), e.getMessage());
        Path fractional = dir.resolve("frac.nii");
        float[] v = new float[N];
        v[5] = 0.5f;
        NiftiWriter.write(fractional, Volume.ofFloats(SHAPE, Affine.identity(), v), DataType.FLOAT32);
        e = assertThrows(VolumeFormatException.class,
                () -> MaskStack.write(dir.resolve("o.nii.gz"), img, List.of(new MaskStack.Channel("a", fractional))));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        Path missing = dir.resolve("gone.nii.gz");
        assertThrows(IOException.class, () -> MaskStack.write(dir.resolve("o.nii.gz"), img, List.of(new MaskStack.Channel("a", missing))));
        assertTrue(Files.notExists(dir.resolve("o.nii.gz")));
    }
}
