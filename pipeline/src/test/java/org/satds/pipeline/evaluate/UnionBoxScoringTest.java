package org.satds.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeReader;
import org.satds.core.metrics.SegmentationScores;
import org.satds.core.transform.Box;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.run.ConvertRunner;

/**
 * Scoring reads a prediction as its runs of ones and takes only the box of prediction and truth together; the scores
 * are those of the whole grids to the bit (SegmentationScores on whole C-order masks, what SAT's loop is given), for
 * predictions as NIfTI (x fastest) and npy (C order), masks touching the grid's edges, empty ones, disjoint ones, a
 * truth box wider than its voxels, SAT's voxel size and tolerance and a native one that takes the distance transforms.
 */
class UnionBoxScoringTest {
    @TempDir
    Path dir;

    private static final int[] SHAPE = {23, 19, 17};
    private static final int VOXELS = SHAPE[0] * SHAPE[1] * SHAPE[2];

    /** A blob of random voxels within [lo, hi) on each axis (C order over SHAPE); none when lo == hi. */
    private static byte[] blob(Random random, int[] lo, int[] hi, int percent) {
        byte[] m = new byte[VOXELS];
        for (int x = lo[0]; x < hi[0]; x++)
            for (int y = lo[1]; y < hi[1]; y++)
                for (int z = lo[2]; z < hi[2]; z++) if (random.nextInt(100) < percent) m[(x * SHAPE[1] + y) * SHAPE[2] + z] = 1;
        return m;
    }

    /** Pairs of {prediction, truth} masks. */
    private static List<byte[][]> cases() {
        Random random = new Random(25);
        int[] zero = {0, 0, 0};
        byte[] whole = blob(random, zero, SHAPE, 60), inner = blob(random, new int[] {4, 3, 5}, new int[] {15, 12, 11}, 80);
        byte[] shifted = blob(random, new int[] {5, 3, 4}, new int[] {16, 13, 11}, 80), corner = blob(random, new int[] {18, 14, 12}, SHAPE, 90);
        byte[] low = blob(random, zero, new int[] {6, 5, 4}, 90), empty = new byte[VOXELS];
        // solid: long runs in either storage order, beyond the truth's box on every axis; rows: whole rows of x and of
        // z, so that runs go on across the ends of rows in both orders
        byte[] solid = blob(random, new int[] {2, 1, 1}, new int[] {21, 18, 16}, 100);
        byte[] rows = blob(random, new int[] {0, 5, 0}, new int[] {SHAPE[0], 9, SHAPE[2]}, 100);
        return List.of(new byte[][] {inner, shifted}, new byte[][] {shifted, inner}, new byte[][] {whole, inner}, new byte[][] {inner, whole},
                new byte[][] {corner, low}, new byte[][] {low, corner}, new byte[][] {empty, inner}, new byte[][] {inner, empty},
                new byte[][] {empty, empty}, new byte[][] {inner, inner}, new byte[][] {solid, inner}, new byte[][] {rows, inner},
                new byte[][] {rows, corner});
    }

    /** The truth as a LabelMask over {@code box} (which must hold its voxels). */
    private static LabelMask truth(byte[] mask, Box box) {
        if (box == null) return LabelMask.empty("t");
        byte[] voxels = new byte[(int) box.voxels()];
        for (int x = 0, i = 0; x < box.size(0); x++)
            for (int y = 0; y < box.size(1); y++)
                for (int z = 0; z < box.size(2); z++, i++)
                    voxels[i] = mask[((box.start()[0] + x) * SHAPE[1] + box.start()[1] + y) * SHAPE[2] + box.start()[2] + z];
        return new LabelMask("t", box, voxels);
    }

    /** The tight box of a C-order mask, null when it is empty. */
    private static Box tight(byte[] mask) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {0, 0, 0};
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) continue;
            int[] at = {i / (SHAPE[1] * SHAPE[2]), i / SHAPE[2] % SHAPE[1], i % SHAPE[2]};
            for (int k = 0; k < 3; k++) { lo[k] = Math.min(lo[k], at[k]); hi[k] = Math.max(hi[k], at[k] + 1); }
        }
        return hi[0] == 0 ? null : new Box(lo, hi);
    }

    private Path nifti(String name, byte[] cOrder) throws IOException {
        float[] xFastest = new float[VOXELS];
        for (int x = 0; x < SHAPE[0]; x++)
            for (int y = 0; y < SHAPE[1]; y++)
                for (int z = 0; z < SHAPE[2]; z++) xFastest[x + SHAPE[0] * (y + SHAPE[1] * z)] = cOrder[(x * SHAPE[1] + y) * SHAPE[2] + z];
        Path file = dir.resolve(name + ".nii.gz");
        NiftiWriter.write(file, Volume.ofFloats(SHAPE, Affine.identity(), xFastest), DataType.FLOAT32);
        return file;
    }

    private Path npy(String name, byte[] cOrder, boolean bools) throws IOException {
        Path file = dir.resolve(name + ".npy");
        if (bools) Npy.writeBool(file, SHAPE, cOrder);
        else {
            float[] f = new float[VOXELS];
            for (int i = 0; i < f.length; i++) f[i] = cOrder[i];
            Npy.writeFloat32(file, SHAPE, f);
        }
        return file;
    }

    private static Evaluation.Score score(Path prediction, LabelMask truth, double[] spacing, double tolerance) throws IOException {
        Pair.Truth t = new Pair.Truth() {
            @Override
            public Pair.Grid load(VolumeReader reader) {
                return new Pair.Grid(truth, SHAPE, spacing);
            }

            @Override
            public List<Input> inputs() {
                return List.of();
            }
        };
        Evaluation.Options options = new Evaluation.Options(true, false, tolerance, ConvertRunner.Options.defaults());
        return Evaluation.score(new Pair("D", "ct", "0", "t", prediction, t), null, options);
    }

    @Test
    void scoresWithinTheUnionBoxAreThoseOfTheWholeGrids() throws IOException {
        double[][] spacings = {SegmentationScores.SAT_SPACING, {0.7, 0.8, 2.5}};
        double[] tolerances = {SegmentationScores.SAT_TOLERANCE_MM, 6}; // 6 mm reaches too many offsets: the transforms
        List<byte[][]> cases = cases();
        for (int c = 0; c < cases.size(); c++) {
            byte[] pred = cases.get(c)[0], gt = cases.get(c)[1];
            Box box = tight(gt);
            Box wide = box == null ? null : new Box(new int[] {Math.max(0, box.start()[0] - 2), 0, box.start()[2]},
                    new int[] {box.end()[0], SHAPE[1], Math.min(SHAPE[2], box.end()[2] + 3)});
            Path[] files = {nifti("p" + c, pred), npy("b" + c, pred, true), npy("f" + c, pred, false)};
            for (Path file : files) {
                assertArrayEquals(pred, Evaluation.prediction(file, SHAPE), "case " + c + ", " + file.getFileName() + ": the prediction");
                for (int s = 0; s < spacings.length; s++) {
                    SegmentationScores whole = SegmentationScores.of(pred, gt, SHAPE, spacings[s], tolerances[s], true);
                    for (Box truthBox : new Box[] {box, wide}) {
                        Evaluation.Score got = score(file, truth(gt, truthBox), spacings[s], tolerances[s]);
                        String what = "case " + c + ", " + file.getFileName() + ", spacing " + s + ", truth box " + truthBox;
                        assertEquals(whole.dice(), got.dice(), 0, what + ": Dice");
                        assertEquals(whole.nsd(), got.nsd(), 0, what + ": NSD");
                    }
                }
            }
        }
    }
}
