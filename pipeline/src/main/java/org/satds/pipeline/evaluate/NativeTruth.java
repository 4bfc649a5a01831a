package org.satds.pipeline.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;

/**
 * Scoring in native space (docs/evaluate.md): the ground truth of a raw record is its classes built by the recipe
 * on the mask's own grid (no reorientation, resampling or crop); the prediction is what `satds restore` writes,
 * {@code <pred>/<dataset>/<sample_id>/<label>.nii.gz} on the scan's grid; NSD uses the scan's voxel size.
 */
final class NativeTruth {
    private NativeTruth() {}

    static List<Pair> pairs(List<ObjectNode> records, Path base, Path predRoot, SampleLoader loader, List<Evaluation.Unscored> unscored) {
        // the classes of a sample are built once for all its labels: its pairs share the mask file, so the runner
        // scores them one after the other on one worker; the last one drops them
        Map<Integer, SampleLoader.NativeMasks> built = new ConcurrentHashMap<>();
        Map<Integer, Integer> pending = new ConcurrentHashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            SampleRecord record = new SampleRecord(r);
            String dataset = r.path("dataset").asText(""), modality = ConvertedTruth.mergeModality(r.path("modality").asText(""));
            String id = NpyConverter.sampleId(r, i);
            List<String> labels;
            List<Input> inputs;
            try {
                labels = SampleLoader.outputNames(loader.recipe(record));
                inputs = List.of(loader.inputs(record, base).get(1));
            } catch (RuntimeException e) {
                unscored.add(new Evaluation.Unscored(dataset, modality, id, "?", String.valueOf(e.getMessage())));
                continue;
            }
            int sample = i;
            pending.put(sample, labels.size());
            for (int j = 0; j < labels.size(); j++) {
                int label = j;
                Pair.Truth truth = new Pair.Truth() {
                    @Override
                    public Pair.Grid load(VolumeReader reader) throws IOException {
                        try {
                            SampleLoader.NativeMasks m = built.get(sample);
                            if (m == null) built.put(sample, m = loader.nativeMasks(record, base, reader));
                            return new Pair.Grid(m.masks().get(label).full(m.shape()), m.shape(), m.spacing());
                        } finally {
                            if (pending.merge(sample, -1, Integer::sum) == 0) built.remove(sample);
                        }
                    }

                    @Override
                    public List<Input> inputs() {
                        return inputs;
                    }
                };
                String name = labels.get(j);
                pairs.add(new Pair(dataset, modality, id, name, predRoot.resolve(dataset).resolve(id).resolve(name + ".nii.gz"), truth));
            }
        }
        return pairs;
    }
}
