package org.satds.pipeline.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.metrics.SegmentationScores;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.record.ConvertedRecord;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.record.SampleId;

/**
 * SAT's evaluation setting (zhaoziheng/SAT data/evaluate_dataset.py): the ground truth of a converted record is each
 * label's cropped mask pasted into the full chwd grid at its box; the prediction is where SAT's evaluator.py writes
 * it ({@link PredictionLayout#sat}), NSD on the 1 x 1 x 3 mm grid.
 */
public final class ConvertedTruth {
    private ConvertedTruth() {}

    /** The pairs of the records; a record that names no sample or labels is reported in {@code unscored}. */
    static List<Pair> pairs(List<ObjectNode> records, Path base, Path predRoot, List<Evaluation.Unscored> unscored) {
        List<Pair> pairs = new ArrayList<>();
        PredictionLayout predicted = PredictionLayout.sat(predRoot);
        for (int position = 0; position < records.size(); position++) {
            ObjectNode r = records.get(position);
            String dataset = r.path("dataset").asText(""), modality = mergeModality(r.path("modality").asText(""));
            ConvertedRecord converted;
            try {
                converted = ConvertedRecord.of(r, base);
            } catch (IOException e) {
                unscored.add(new Evaluation.Unscored(dataset, modality, "?", "?", "not a converted record: " + e.getMessage()));
                continue;
            }
            String id = SampleId.of(r, position);
            int[] shape = Arrays.copyOfRange(converted.chwd(), 1, 4);
            for (int i = 0; i < converted.labels().size(); i++) {
                String label = converted.labels().get(i);
                int index = i;
                Pair.Truth truth = new Pair.Truth() {
                    @Override
                    public Pair.Grid load(VolumeReader reader) throws IOException {
                        return new Pair.Grid(NpyLoader.crop(r, base, index), shape, SegmentationScores.SAT_SPACING);
                    }

                    @Override
                    public List<Input> inputs() {
                        try {
                            Path f = NpyLoader.maskFile(r, base, index);
                            return f == null ? List.of() : List.of(new Input(f, ReadOptions.MASK));
                        } catch (IOException e) {
                            return List.of(); // scoring reports it
                        }
                    }
                };
                Path prediction = predicted.existingLabelFile(dataset, id, label);
                pairs.add(new Pair(dataset, modality, id, label, prediction != null ? prediction : predicted.labelFile(dataset, id, label), truth));
            }
        }
        return pairs;
    }

    /** evaluate_dataset.py _merge_modality on the lower-cased modality: MRI sequences are mri, then ct, then pet. */
    static String mergeModality(String modality) {
        String m = modality.toLowerCase(Locale.ROOT);
        for (String mr : List.of("t1", "t2", "mri", "mr", "flair", "dwi")) if (m.contains(mr)) return "mri";
        if (m.contains("ct")) return "ct";
        if (m.contains("pet")) return "pet";
        return m;
    }
}
