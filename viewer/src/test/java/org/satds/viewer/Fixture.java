package org.satds.viewer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.evaluate.EvaluationReport;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.restore.Restorer;
import org.satds.pipeline.run.ConvertRunner;

/**
 * A small AbdomenCT1K-like collection written into a folder: CT phantoms stored LPS (voxel x towards the patient's
 * left) with a "liver" ball on the patient's right (world x = +{@link #LIVER_X} mm in RAS) and a "kidney" ball on
 * the left, converted as convert does, with stand-in predictions (the truth shifted one slice) scored as evaluate
 * scores them, and restored onto the scans as restore restores them, then scored there as evaluate --native scores
 * them.
 */
final class Fixture {
    static final int[] SHAPE = {64, 64, 24};
    static final double[] SPACING = {2, 2, 5};
    static final double LIVER_X = 30, LIVER_R = 14, KIDNEY_X = -30, KIDNEY_R = 9;

    final Path dir, raw, converted, predictions, evaluate, restored, restoredDir, evaluateNative;
    final List<ObjectNode> records = new ArrayList<>();

    Fixture(Path dir, int samples) throws Exception {
        this.dir = dir;
        raw = dir.resolve("raw.jsonl");
        converted = dir.resolve("converted.jsonl");
        predictions = dir.resolve("pred");
        evaluate = dir.resolve("evaluate");
        restored = dir.resolve("restored.jsonl");
        restoredDir = dir.resolve("restored");
        evaluateNative = dir.resolve("evaluate-native");
        List<ObjectNode> rawRecords = new ArrayList<>();
        for (int i = 0; i < samples; i++) rawRecords.add(phantom(i));
        Jsonl.write(raw, rawRecords);
        NpyConverter converter = new NpyConverter(new SampleLoader(RecipeBook.builtIn()), dir.resolve("npy").toString(), null);
        ConvertRunner.Result r = new ConvertRunner(converter, ConvertRunner.Options.defaults().withProgress(false)).run(rawRecords);
        records.addAll(r.converted().values());
        Jsonl.write(converted, records);
        StandInPredictions.write(records, dir, predictions);
        Evaluation.Result scores = Evaluation.converted(records, dir, predictions,
                new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withProgress(false)));
        EvaluationReport.write(scores, evaluate, true);
        // the stand-in predictions back on the native scans, from SAT's inference records, as restore does
        List<ObjectNode> infer = new ArrayList<>();
        for (ObjectNode c : records) {
            ObjectNode record = Jsonl.MAPPER.createObjectNode();
            for (String field : List.of("image", "label", "modality", "dataset", "sample_id")) record.set(field, c.get(field));
            infer.add(record);
        }
        Restorer restorer = new Restorer(new SampleLoader(RecipeBook.builtIn()), null, predictions, restoredDir, Restorer.Mode.NEAREST);
        Jsonl.write(restored, new ArrayList<>(new ConvertRunner(restorer, ConvertRunner.Options.defaults().withProgress(false)).run(infer).converted().values()));
        // and scored there against the raw records, as evaluate --native scores them (restore's own restored.jsonl
        // finds each scan's prediction)
        Jsonl.write(restoredDir.resolve("restored.jsonl"), Jsonl.read(restored));
        EvaluationReport.write(Evaluation.inNativeSpace(rawRecords, dir, restoredDir, new SampleLoader(RecipeBook.builtIn()),
                new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withProgress(false))), evaluateNative, true);
    }

    /** The LPS affine of the phantoms: world (RAS) origin at the volume's centre. */
    static Affine affine() {
        return Affine.of(new double[][] {{-SPACING[0], 0, 0, SPACING[0] * (SHAPE[0] - 1) / 2}, {0, -SPACING[1], 0, SPACING[1] * (SHAPE[1] - 1) / 2},
                {0, 0, SPACING[2], -SPACING[2] * (SHAPE[2] - 1) / 2}, {0, 0, 0, 1}});
    }

    /** Sample i: a body (40 HU) in air, the two balls (60 HU) labelled 1 and 2; the kidney grows with i. */
    private ObjectNode phantom(int i) throws IOException {
        int n = SHAPE[0] * SHAPE[1] * SHAPE[2];
        float[] image = new float[n];
        byte[] mask = new byte[n];
        Affine a = affine();
        for (int z = 0; z < SHAPE[2]; z++)
            for (int y = 0; y < SHAPE[1]; y++)
                for (int x = 0; x < SHAPE[0]; x++) {
                    double[] w = a.apply(x, y, z);
                    int v = x + SHAPE[0] * (y + SHAPE[1] * z);
                    boolean body = w[0] * w[0] / (58.0 * 58) + w[1] * w[1] / (45.0 * 45) < 1 && Math.abs(w[2]) < 50;
                    image[v] = body ? 40 : -1000;
                    if (ball(w, LIVER_X, LIVER_R)) mask[v] = 1;
                    if (ball(w, KIDNEY_X, KIDNEY_R + 2 * i)) mask[v] = 2;
                    if (mask[v] != 0) image[v] = 60;
                }
        Path img = dir.resolve("raw/img" + i + ".nii.gz"), seg = dir.resolve("raw/seg" + i + ".nii.gz");
        NiftiWriter.write(img, Volume.ofFloats(SHAPE, a, image), DataType.INT16);
        NiftiWriter.write(seg, Volume.ofBytes(SHAPE, a, mask), DataType.UINT8);
        ObjectNode r = Jsonl.MAPPER.createObjectNode().put("image", img.toString()).put("mask", seg.toString());
        r.putArray("label").add("liver").add("kidney").add("spleen").add("pancreas");
        return r.put("modality", "CT").put("dataset", "AbdomenCT1K").put("patient_id", "phantom" + i);
    }

    private static boolean ball(double[] w, double cx, double r) {
        return (w[0] - cx) * (w[0] - cx) + w[1] * w[1] + w[2] * w[2] < r * r;
    }
}
