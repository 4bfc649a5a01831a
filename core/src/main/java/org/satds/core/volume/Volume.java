package org.satds.core.volume;

import org.satds.core.geom.Affine;

/**
 * A 3D volume with one or more channels and its voxel-to-world affine. Voxels are stored as NIfTI stores them:
 * x fastest, then y, then z ({@code index = x + nx * (y + ny * z)}), one primitive array per channel. Channels
 * hold floats, unsigned bytes (so that large multi-channel masks stay compact) or int16 values (scans as most CTs
 * and MRIs store them: half the memory of floats, and no conversion of the voxels the crop drops).
 */
public final class Volume {
    private final int[] shape;
    private final Affine affine;
    private final float[][] floats;
    private final byte[][] bytes;
    private final short[][] shorts;

    private Volume(int[] shape, Affine affine, float[][] floats, byte[][] bytes, short[][] shorts) {
        if (shape.length != 3) throw new IllegalArgumentException("a volume has 3 spatial dimensions");
        this.shape = shape.clone();
        this.affine = affine;
        this.floats = floats;
        this.bytes = bytes;
        this.shorts = shorts;
    }

    public static Volume ofFloats(int[] shape, Affine affine, float[]... channels) {
        checkLength(shape, channels.length, channels.length == 0 ? 0 : channels[0].length);
        return new Volume(shape, affine, channels, null, null);
    }

    public static Volume ofBytes(int[] shape, Affine affine, byte[]... channels) {
        checkLength(shape, channels.length, channels.length == 0 ? 0 : channels[0].length);
        return new Volume(shape, affine, null, channels, null);
    }

    public static Volume ofShorts(int[] shape, Affine affine, short[]... channels) {
        checkLength(shape, channels.length, channels.length == 0 ? 0 : channels[0].length);
        return new Volume(shape, affine, null, null, channels);
    }

    private static void checkLength(int[] shape, int channels, int length) {
        if (channels == 0) throw new IllegalArgumentException("a volume needs at least one channel");
        if ((long) shape[0] * shape[1] * shape[2] != length)
            throw new IllegalArgumentException("channel length " + length + " does not match shape");
    }

    public int[] shape() {
        return shape.clone();
    }

    public int nx() { return shape[0]; }

    public int ny() { return shape[1]; }

    public int nz() { return shape[2]; }

    public int voxels() {
        return shape[0] * shape[1] * shape[2];
    }

    public int channels() {
        return floats != null ? floats.length : bytes != null ? bytes.length : shorts.length;
    }

    public Affine affine() {
        return affine;
    }

    public Volume withAffine(Affine a) {
        return new Volume(shape, a, floats, bytes, shorts);
    }

    public boolean isBytes() {
        return bytes != null;
    }

    public boolean isShorts() {
        return shorts != null;
    }

    /** The channel's values as floats; the stored array itself when the volume holds floats, else a new one. */
    public float[] floats(int channel) {
        if (floats != null) return floats[channel];
        float[] f = new float[voxels()];
        if (shorts != null) {
            short[] s = shorts[channel];
            for (int i = 0; i < f.length; i++) f[i] = s[i];
            return f;
        }
        byte[] b = bytes[channel];
        for (int i = 0; i < b.length; i++) f[i] = b[i] & 0xff;
        return f;
    }

    /** The stored int16 values of a short volume. */
    public short[] shorts(int channel) {
        if (shorts == null) throw new IllegalStateException("volume holds " + (floats != null ? "floats" : "bytes"));
        return shorts[channel];
    }

    /** The stored unsigned bytes of a byte volume. */
    public byte[] bytes(int channel) {
        if (bytes == null) throw new IllegalStateException("volume holds " + (floats != null ? "floats" : "shorts"));
        return bytes[channel];
    }

    public float value(int channel, int x, int y, int z) {
        int i = x + shape[0] * (y + shape[1] * z);
        return floats != null ? floats[channel][i] : bytes != null ? bytes[channel][i] & 0xff : shorts[channel][i];
    }

    /** Voxel sizes in mm along the three axes (norms of the affine's columns). */
    public double[] spacing() {
        return affine.spacing();
    }
}
