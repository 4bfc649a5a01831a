package org.satds.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.satds.core.io.MaskRuns;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.transform.Box;

/**
 * A prediction on the ground truth's (H, W, D) grid as its runs of ones in the order its file stores them (a NIfTI x
 * fastest, an npy C order), with the box of its voxels: scoring takes only the box of prediction and truth together
 * ({@link #in}), where SAT's numbers come from, and no array of the whole grid is made.
 *
 * @param xFastest NIfTI's order (H fastest) rather than C order (D fastest)
 * @param box      the tight box of its voxels (empty when there are none)
 */
record PredictionMask(MaskRuns runs, int[] shape, boolean xFastest, Box box) {

    static PredictionMask empty(int[] shape) {
        return new PredictionMask(MaskRuns.ofBytes(shape, new byte[0]), shape, false, new Box(new int[3], new int[3]));
    }

    /**
     * A NIfTI as SAT's inference writes it (float32 0/1, the array's first axis as NIfTI's first; other types are
     * read through their values) or an npy of the same (H, W, D) array; values other than 0 and 1 are refused.
     */
    static PredictionMask read(Path file, int[] shape) throws IOException {
        boolean npy = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
        MaskRuns runs;
        if (npy) {
            Npy.Array a = Npy.read(file);
            if (a.fortranOrder()) throw new VolumeFormatException(file, "Fortran-order npy is not supported");
            if (!Arrays.equals(a.shape(), shape)) throw shapeError(file, a.shape(), shape);
            runs = a.bools() != null ? MaskRuns.ofBytes(shape, a.bools()) : MaskRuns.ofFloats(shape, a.floats(), file);
        } else {
            runs = NiftiReader.readBinary(file);
            if (!Arrays.equals(runs.shape(), shape)) throw shapeError(file, runs.shape(), shape);
        }
        PredictionMask p = new PredictionMask(runs, shape, !npy, null);
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {0, 0, 0};
        p.rows((x, y, z, fast, to) -> {
            int[] at = {x, y, z};
            for (int k = 0; k < 3; k++) {
                lo[k] = Math.min(lo[k], at[k]);
                hi[k] = Math.max(hi[k], at[k] + (k == fast ? to - at[k] : 0) + 1);
            }
        });
        Box box = runs.count() == 0 ? new Box(new int[3], new int[3]) : new Box(lo, hi);
        return new PredictionMask(runs, shape, !npy, box);
    }

    /** The voxels within {@code region} (which holds {@link #box}), C order, 0/1. */
    byte[] in(Box region) {
        int r1 = region.size(1), r2 = region.size(2);
        int[] s = region.start();
        byte[] out = new byte[region.size(0) * r1 * r2];
        rows((x, y, z, fast, to) -> {
            int i = ((x - s[0]) * r1 + y - s[1]) * r2 + z - s[2];
            if (fast == 2) Arrays.fill(out, i, i + to - z + 1, (byte) 1);
            else for (int end = i + (to - x) * r1 * r2; i <= end; i += r1 * r2) out[i] = 1;
        });
        return out;
    }

    /** A piece of a run within one row: ones from (x, y, z) to coordinate {@code to} along axis {@code fast}. */
    private interface RowPiece {
        void at(int x, int y, int z, int fast, int to);
    }

    /** Each run split at the ends of the rows of the storage order (runs cross them only where a mask meets the grid's edge). */
    private void rows(RowPiece piece) {
        int fast = xFastest ? 0 : 2, n = shape[fast], n1 = shape[1];
        for (int r = 0; r < runs.count(); r++)
            for (int from = runs.start(r), end = runs.end(r); from < end; ) {
                int row = from / n, first = from - row * n, last = Math.min(end - row * n, n) - 1;
                if (xFastest) piece.at(first, row % n1, row / n1, 0, last);
                else piece.at(row / n1, row % n1, first, 2, last);
                from = row * n + last + 1;
            }
    }

    private static IOException shapeError(Path file, int[] found, int[] expected) {
        return new VolumeFormatException(file, "shape " + Arrays.toString(found) + " differs from the ground truth's "
                + Arrays.toString(expected));
    }
}
