package org.satds.pipeline.evaluate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.record.SampleId;

/**
 * Scoring in native space (docs/evaluate.md): the ground truth of a raw record is its classes built by the recipe
 * on the mask's own grid (no reorientation, resampling or crop); the prediction is what `satds restore` wrote for
 * the same scan, found through {@code <pred>/restored.jsonl} by the scan's file (so that image-only inference
 * records, named after their image, pair with labelled records, named by position), else at
 * {@code <pred>/<dataset>/<sample_id>/<label>.nii.gz}; NSD uses the scan's voxel size.
 */
final class NativeTruth {
    private NativeTruth() {}

    static List<Pair> pairs(List<ObjectNode> records, Path base, Path predRoot, SampleLoader loader, List<Evaluation.Unscored> unscored)
            throws IOException {
        PredictionLayout layout = PredictionLayout.restored(predRoot);
        Map<String, ObjectNode> restoredByScan = restoredByScan(layout);
        // the classes of a sample are built once for all its labels: its pairs share the mask file, so the runner
        // scores them one after the other on one worker; the last one drops them
        Map<Integer, SampleLoader.NativeMasks> built = new ConcurrentHashMap<>();
        Map<Integer, Integer> pending = new ConcurrentHashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            SampleRecord record = new SampleRecord(r);
            String dataset = r.path("dataset").asText(""), modality = ConvertedTruth.mergeModality(r.path("modality").asText(""));
            String id = SampleId.of(r, i);
            ObjectNode restored = restoredByScan.get(dataset + "\n" + scan(Path.of(record.image()), base));
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
                            return new Pair.Grid(m.masks().get(label), m.shape(), m.spacing());
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
                String file = restored == null ? null : restored.path("restored").path(name).asText(null);
                pairs.add(new Pair(dataset, modality, id, name, file != null ? Path.of(file) : layout.labelFile(dataset, id, name), truth));
            }
        }
        return pairs;
    }

    /** The records restore wrote under the folder, by dataset and scan; none when it wrote no restored.jsonl. */
    private static Map<String, ObjectNode> restoredByScan(PredictionLayout layout) throws IOException {
        Map<String, ObjectNode> out = new HashMap<>();
        if (!Files.isRegularFile(layout.records())) return out;
        for (ObjectNode r : Jsonl.read(layout.records()))
            if (r.hasNonNull("image") && r.has("restored"))
                out.put(r.path("dataset").asText("") + "\n" + scan(Path.of(r.get("image").asText()), layout.root()), r);
        return out;
    }

    /**
     * One name for a scan however a record reaches it (relative or absolute, through a link): the real path of its
     * file, keeping a channel suffix (MSD_Prostate's "image.nii.gz/T2").
     */
    private static String scan(Path image, Path base) {
        Path p = (base == null ? image : base.resolve(image)).toAbsolutePath().normalize();
        try {
            if (Files.exists(p)) return p.toRealPath().toString();
            if (p.getParent() != null && Files.isRegularFile(p.getParent())) return p.getParent().toRealPath().resolve(p.getFileName()).toString();
        } catch (IOException e) {
            // unreadable: compared by its name as given
        }
        return p.toString();
    }
}
