package org.satds.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/**
 * --native on a golden geometry case (LPS int16 CT, AbdomenCT1K values 1-4): the raw label map itself scores 1, 1;
 * the predictions MONAI's inverse restored (golden/restore) score the Dice counted here from the two files.
 */
class NativeEvaluationTest {
    static final List<String> LABELS = List.of("liver", "kidney", "spleen", "pancreas");

    @Test
    void scoresRestoredPredictionsOnTheScansGrid(@TempDir Path pred) throws Exception {
        Path scan = TestData.file("golden/geometry/ct_lps_int16");
        List<com.fasterxml.jackson.databind.node.ObjectNode> records = Jsonl.read(scan.resolve("case.jsonl"));
        Volume mask = Volumes.read(scan.resolve("mask.nii.gz"), ReadOptions.MASK);
        Evaluation.Options options = new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withThreads(2));
        SampleLoader loader = new SampleLoader(RecipeBook.builtIn());

        for (int k = 0; k < 4; k++) NiftiWriter.write(pred.resolve("exact/AbdomenCT1K/0/" + LABELS.get(k) + ".nii.gz"), label(mask, k + 1), DataType.UINT8);
        Evaluation.Result exact = Evaluation.inNativeSpace(records, scan, pred.resolve("exact"), loader, options);
        assertTrue(exact.unscored().isEmpty(), () -> exact.unscored().toString());
        assertEquals(4, exact.scores().size());
        for (Evaluation.Score s : exact.scores()) assertEquals(List.of(1.0, 1.0), List.of(s.dice(), s.nsd()), s.label());

        Path restored = TestData.file("golden/restore/ct_lps_int16/reference");
        Files.createDirectories(pred.resolve("restored/AbdomenCT1K/0"));
        for (int k = 0; k < 4; k++)
            Files.copy(restored.resolve("class " + (k + 1) + ".nii.gz"), pred.resolve("restored/AbdomenCT1K/0/" + LABELS.get(k) + ".nii.gz"));
        Evaluation.Result r = Evaluation.inNativeSpace(records, scan, pred.resolve("restored"), loader, options);
        assertTrue(r.unscored().isEmpty(), () -> r.unscored().toString());
        for (int k = 0; k < 4; k++) {
            Evaluation.Score s = r.scores().get(k);
            assertEquals(LABELS.get(k), s.label());
            float[] truth = mask.floats(0), p = Volumes.read(restored.resolve("class " + (k + 1) + ".nii.gz"), ReadOptions.MASK).floats(0);
            long both = 0, inTruth = 0, inPred = 0;
            for (int i = 0; i < truth.length; i++) {
                boolean t = truth[i] == k + 1, q = p[i] != 0;
                if (t) inTruth++;
                if (q) inPred++;
                if (t && q) both++;
            }
            assertEquals(2.0 * both / (inTruth + inPred), s.dice(), 1e-12, s.label());
            assertTrue(s.dice() < 1 && s.nsd() > 0 && s.nsd() < 1, s.toString());
        }
    }

    /** The voxels of one value of the label map, as a 0/1 mask on the same grid. */
    private static Volume label(Volume map, int value) {
        float[] v = map.floats(0);
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) (v[i] == value ? 1 : 0);
        return Volume.ofBytes(map.shape(), map.affine(), out);
    }
}
