package org.satds.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/** A small known volume and helpers to encode it, shared by the format tests. */
public final class Fixtures {
    public static final int NX = 3, NY = 4, NZ = 5;

    private Fixtures() {}

    /** The known voxel value at (x, y, z): distinct everywhere and negative in places, so int16 is needed. */
    public static int value(int x, int y, int z) {
        return x + 10 * y + 100 * z - 50;
    }

    public static byte[] int16(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(NX * NY * NZ * 2).order(order);
        for (int z = 0; z < NZ; z++) for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) b.putShort((short) value(x, y, z));
        return b.array();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(data);
        }
        return out.toByteArray();
    }

    public static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out)) {
            d.write(data);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    public static void assertKnownValues(Volume v) {
        assertArrayEquals(new int[] {NX, NY, NZ}, v.shape());
        for (int z = 0; z < NZ; z++) for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++)
            assertEquals(value(x, y, z), v.value(0, x, y, z), 0, "voxel " + x + "," + y + "," + z);
    }

    /** Checks the affine maps every corner voxel of the grid to the expected RAS point. */
    public static void assertCorners(Affine a, double[] rasOrigin, double[][] rasSteps) {
        for (int x : new int[] {0, NX - 1}) for (int y : new int[] {0, NY - 1}) for (int z : new int[] {0, NZ - 1}) {
            double[] got = a.apply(x, y, z);
            for (int w = 0; w < 3; w++) {
                double want = rasOrigin[w] + x * rasSteps[0][w] + y * rasSteps[1][w] + z * rasSteps[2][w];
                assertEquals(want, got[w], 1e-9, "world " + w + " of corner " + x + "," + y + "," + z);
            }
        }
    }
}
