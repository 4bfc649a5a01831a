package org.satds.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.satds.core.io.Npy;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.VolumeReader;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.core.volume.Volume;

/**
 * A prediction read as a 0/1 mask of the ground truth's (H, W, D) grid, in the order its file stores it (a NIfTI x
 * fastest, an npy C order), with the box of its voxels: scoring takes only the box of prediction and truth together
 * ({@link #in}), where SAT's numbers come from.
 *
 * @param voxels  0/1 over the whole grid
 * @param xFastest NIfTI's order (H fastest) rather than C order (D fastest)
 * @param box     the tight box of its voxels (empty when there are none)
 */
record PredictionMask(byte[] voxels, int[] shape, boolean xFastest, Box box) {

    static PredictionMask empty(int[] shape) {
        return new PredictionMask(new byte[0], shape, false, new Box(new int[3], new int[3]));
    }

    /**
     * A NIfTI as SAT's inference writes it (float32 0/1, the array's first axis as NIfTI's first: decoded straight to
     * bytes, other types through floats) or an npy of the same (H, W, D) array.
     */
    static PredictionMask read(Path file, int[] shape, VolumeReader reader) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.Array a = Npy.read(file);
            if (a.fortranOrder()) throw new VolumeFormatException(file, "Fortran-order npy is not supported");
            if (!Arrays.equals(a.shape(), shape)) throw shapeError(file, a.shape(), shape);
            byte[] mask = a.bools() != null ? a.bools() : bits(a.floats(), file);
            return new PredictionMask(mask, shape, false, Foreground.ofMask(shape, mask));
        }
        Volume v = reader.read(file, ReadOptions.BINARY);
        int[] found = v.channels() == 1 ? v.shape() : new int[] {v.nx(), v.ny(), v.nz(), v.channels()};
        if (!Arrays.equals(found, shape)) throw shapeError(file, found, shape);
        byte[] mask = v.isBytes() ? v.bytes(0) : bits(v.floats(0), file);
        Box zyx = Foreground.ofMask(new int[] {shape[2], shape[1], shape[0]}, mask);
        return new PredictionMask(mask, shape, true, new Box(reversed(zyx.start()), reversed(zyx.end())));
    }

    /** The voxels within {@code region} (which holds {@link #box}), C order. */
    byte[] in(Box region) {
        int r0 = region.size(0), r1 = region.size(1), r2 = region.size(2), n0 = shape[0], n1 = shape[1], n2 = shape[2];
        byte[] out = new byte[r0 * r1 * r2];
        if (box.isEmpty()) return out;
        int[] s = region.start(), b = box.start(), e = box.end();
        if (!xFastest) {
            for (int x = b[0]; x < e[0]; x++)
                for (int y = b[1]; y < e[1]; y++)
                    System.arraycopy(voxels, (x * n1 + y) * n2 + b[2], out, ((x - s[0]) * r1 + y - s[1]) * r2 + b[2] - s[2], e[2] - b[2]);
            return out;
        }
        // x-fastest into C order TILE values of x at a time: each (y, z) reads a short run of x and writes one byte to
        // each of TILE rows, so that neither side strides across the whole box per voxel
        for (int x0 = b[0]; x0 < e[0]; x0 += TILE)
            for (int y = b[1], x1 = Math.min(e[0], x0 + TILE); y < e[1]; y++)
                for (int z = b[2]; z < e[2]; z++)
                    for (int x = x0, i = x0 + n0 * (y + n1 * z); x < x1; x++, i++)
                        out[((x - s[0]) * r1 + y - s[1]) * r2 + z - s[2]] = voxels[i];
        return out;
    }

    /** Values of x transposed together (see {@link #in}): a few cache lines of input, as many output rows. */
    private static final int TILE = 32;

    private static byte[] bits(float[] values, Path file) throws IOException {
        byte[] mask = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == 1) mask[i] = 1;
            else if (values[i] != 0) throw new VolumeFormatException(file, "value " + values[i] + " is not 0 or 1 (a binary mask holds only 0 and 1)");
        }
        return mask;
    }

    private static int[] reversed(int[] a) {
        return new int[] {a[2], a[1], a[0]};
    }

    private static IOException shapeError(Path file, int[] found, int[] expected) {
        return new VolumeFormatException(file, "shape " + Arrays.toString(found) + " differs from the ground truth's "
                + Arrays.toString(expected));
    }
}
