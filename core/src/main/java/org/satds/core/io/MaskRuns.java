package org.satds.core.io;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A 0/1 volume as its runs of ones in storage order (a NIfTI's x fastest, an npy's C order): run i covers elements
 * [start(i), end(i)). A mask is mostly zeros: this holds two numbers per run instead of a byte per voxel, and the
 * zeros are skipped eight bytes at a time while it is built.
 */
public final class MaskRuns {
    private static final byte[] ZEROS = new byte[4096];

    private final int[] shape;
    private int[] bounds = new int[256];
    private int count;

    /** @param shape the array's shape as read: (x, y, z), with the channels fourth when there are several */
    MaskRuns(int[] shape) {
        this.shape = shape.clone();
    }

    public int[] shape() {
        return shape.clone();
    }

    public int count() {
        return count;
    }

    public int start(int run) {
        return bounds[2 * run];
    }

    public int end(int run) {
        return bounds[2 * run + 1];
    }

    /** Elements [start, end) are ones; runs come in order, one that continues the last joins it. */
    void add(int start, int end) {
        if (count > 0 && bounds[2 * count - 1] == start) {
            bounds[2 * count - 1] = end;
            return;
        }
        if (2 * count == bounds.length) bounds = Arrays.copyOf(bounds, 2 * bounds.length);
        bounds[2 * count] = start;
        bounds[2 * count + 1] = end;
        count++;
    }

    /** The runs of a byte array, any non-zero byte a one. */
    public static MaskRuns ofBytes(int[] shape, byte[] mask) {
        MaskRuns runs = new MaskRuns(shape);
        for (int i = nextNonZero(mask, 0, mask.length); i < mask.length; ) {
            int end = i + 1;
            while (end < mask.length && mask[end] != 0) end++;
            runs.add(i, end);
            i = nextNonZero(mask, end, mask.length);
        }
        return runs;
    }

    /** The runs of values that must each be 0 or 1 (-0 counts as 0); another, NaN included, is refused naming the file. */
    public static MaskRuns ofFloats(int[] shape, float[] values, Path file) throws VolumeFormatException {
        MaskRuns runs = new MaskRuns(shape);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1) runs.add(i, i + 1);
            else if (values[i] != 0) throw notBinary(file, values[i]);
        }
        return runs;
    }

    static VolumeFormatException notBinary(Path file, float value) {
        return new VolumeFormatException(file, "value " + value + " is not 0 or 1 (a binary mask holds only 0 and 1)");
    }

    /** The position of the first non-zero byte in [from, to), or {@code to} when there is none. */
    static int nextNonZero(byte[] b, int from, int to) {
        while (from < to) {
            int n = Math.min(ZEROS.length, to - from), m = Arrays.mismatch(b, from, from + n, ZEROS, 0, n);
            if (m >= 0) return from + m;
            from += n;
        }
        return to;
    }
}
