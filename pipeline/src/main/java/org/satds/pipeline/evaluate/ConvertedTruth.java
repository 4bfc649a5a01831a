package org.satds.pipeline.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.metrics.SegmentationScores;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.npy.NpyLoader;

/**
 * SAT's evaluation setting (zhaoziheng/SAT data/evaluate_dataset.py): the ground truth of a converted record is each
 * label's cropped mask pasted into the full chwd grid at its box; the prediction is
 * {@code <pred>/<dataset>/seg_<sample_id>/<label>.nii.gz} (evaluator.py's layout; an .npy is read too), NSD on the
 * 1 x 1 x 3 mm grid.
 */
public final class ConvertedTruth {
    private ConvertedTruth() {}

    /** The pairs of the records; a record that names no sample or labels is reported in {@code unscored}. */
    static List<Pair> pairs(List<ObjectNode> records, Path base, Path predRoot, List<Evaluation.Unscored> unscored) {
        List<Pair> pairs = new ArrayList<>();
        for (ObjectNode r : records) {
            String dataset = r.path("dataset").asText(""), modality = mergeModality(r.path("modality").asText(""));
            JsonNode image = r.get("renorm_image"), labels = r.get("label"), chwd = r.get("chwd");
            if (image == null || !image.isTextual() || labels == null || !labels.isArray() || chwd == null || !chwd.isArray() || chwd.size() != 4) {
                unscored.add(new Evaluation.Unscored(dataset, modality, "?", "?", "not a converted record (needs renorm_image, label, chwd)"));
                continue;
            }
            String id = sampleId(image.asText());
            int[] shape = {chwd.get(1).asInt(), chwd.get(2).asInt(), chwd.get(3).asInt()};
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i).asText();
                int index = i;
                Pair.Truth truth = new Pair.Truth() {
                    @Override
                    public Pair.Grid load(VolumeReader reader) throws IOException {
                        return new Pair.Grid(NpyLoader.mask(r, base, index), shape, SegmentationScores.SAT_SPACING);
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
                pairs.add(new Pair(dataset, modality, id, label, prediction(predRoot.resolve(dataset).resolve("seg_" + id), label), truth));
            }
        }
        return pairs;
    }

    /** {label}.nii.gz, or {label}.npy when only that exists. */
    public static Path prediction(Path folder, String label) {
        Path nii = folder.resolve(label + ".nii.gz"), npy = folder.resolve(label + ".npy");
        return !Files.exists(nii) && Files.exists(npy) ? npy : nii;
    }

    /** evaluate_dataset.py: sample_id = renorm_image.split('/')[-1][:-4] ("abcd/x.npy" gives "x"). */
    public static String sampleId(String renormImage) {
        String name = renormImage.substring(renormImage.lastIndexOf('/') + 1);
        return name.substring(0, Math.max(0, name.length() - 4));
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
