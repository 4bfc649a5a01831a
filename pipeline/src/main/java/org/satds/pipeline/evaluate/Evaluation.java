package org.satds.pipeline.evaluate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.metrics.SegmentationScores;
import org.satds.core.transform.Box;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.run.ConvertRunner;

/**
 * Scores predictions against ground truth, pair by pair (sample x label) on the runner: in parallel, within the
 * memory budget. A pair whose prediction is missing, has another shape or holds values other than 0 and 1 is not
 * scored but listed with the reason (unless {@code missingAsEmpty}, SAT's behaviour: an absent prediction is an
 * empty mask).
 */
public final class Evaluation {
    /**
     * @param nsd            compute NSD as well as Dice
     * @param missingAsEmpty score an absent prediction file as an empty mask instead of listing the pair
     * @param toleranceMm    the NSD tolerance (SAT: 1 mm)
     */
    public record Options(boolean nsd, boolean missingAsEmpty, double toleranceMm, ConvertRunner.Options run) {}

    /** One scored pair; nsd is NaN when not computed. */
    public record Score(String dataset, String modality, String sampleId, String label, double dice, double nsd) {}

    /** A pair that could not be scored, and why (one line). */
    public record Unscored(String dataset, String modality, String sampleId, String label, String reason) {
        public String line() {
            return dataset + " " + sampleId + " '" + label + "': " + reason;
        }
    }

    /** Scores and unscored pairs, each in input order (record by record, label by label). */
    public record Result(List<Score> scores, List<Unscored> unscored, double seconds) {}

    private Evaluation() {}

    /**
     * SAT's setting: converted records (renorm_segmentation_dir, renorm_y1x1z1_y2x2z2, chwd) against predictions in
     * SAT's inference layout {@code <predRoot>/<dataset>/seg_<sample_id>/<label>.nii.gz}.
     *
     * @param base folder that relative record paths are resolved against
     */
    public static Result converted(List<ObjectNode> records, Path base, Path predRoot, Options options) throws InterruptedException {
        List<Unscored> bad = new ArrayList<>();
        return after(bad, run(ConvertedTruth.pairs(records, base, predRoot, bad), options));
    }

    /**
     * Native space: raw records (image, mask, dataset) whose classes the recipes build on the scan's grid, against
     * predictions restored to it ({@code <predRoot>/<dataset>/<sample_id>/<label>.nii.gz}), NSD with the scan's
     * voxel size.
     */
    public static Result inNativeSpace(List<ObjectNode> records, Path base, Path predRoot, SampleLoader loader, Options options)
            throws InterruptedException, IOException {
        List<Unscored> bad = new ArrayList<>();
        return after(bad, run(NativeTruth.pairs(records, base, predRoot, loader, bad), options));
    }

    /** The records that gave no pairs come first among the unscored. */
    private static Result after(List<Unscored> bad, Result r) {
        List<Unscored> all = new ArrayList<>(bad);
        all.addAll(r.unscored());
        return new Result(r.scores(), all, r.seconds());
    }

    static Result run(List<Pair> pairs, Options options) throws InterruptedException {
        long start = System.nanoTime();
        List<ObjectNode> tasks = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) tasks.add(JsonNodeFactory.instance.objectNode().put("pair", i));
        ConvertRunner runner = ConvertRunner.withoutOutputs(task -> inputs(pairs.get(task.get("pair").asInt())), options.run(),
                (task, index, reader) -> {
                    Score s = score(pairs.get(index), reader, options);
                    return JsonNodeFactory.instance.objectNode().put("dice", s.dice()).put("nsd", s.nsd());
                }, "evaluate");
        ConvertRunner.Result r = runner.run(tasks);
        List<Score> scores = new ArrayList<>();
        for (Map.Entry<Integer, ObjectNode> e : r.converted().entrySet()) {
            Pair p = pairs.get(e.getKey());
            scores.add(new Score(p.dataset(), p.modality(), p.sampleId(), p.label(), e.getValue().get("dice").asDouble(),
                    e.getValue().get("nsd").asDouble()));
        }
        List<Unscored> unscored = new ArrayList<>();
        for (ConvertRunner.Failure f : r.failures()) {
            Pair p = pairs.get(f.index());
            unscored.add(new Unscored(p.dataset(), p.modality(), p.sampleId(), p.label(), String.valueOf(f.cause().getMessage())));
        }
        return new Result(scores, unscored, (System.nanoTime() - start) / 1e9);
    }

    private static List<Input> inputs(Pair p) {
        List<Input> in = new ArrayList<>();
        in.add(new Input(p.prediction(), ReadOptions.IMAGE)); // first: the runner sizes the working arrays by it
        in.addAll(p.truth().inputs());
        return in;
    }

    /**
     * Scores within the box of prediction and truth together (SAT's numbers come from there: Dice counts nothing
     * outside it, and the surface measure itself takes only that box), the prediction decoded once, straight to
     * bytes.
     */
    static Score score(Pair p, VolumeReader reader, Options options) throws IOException {
        Pair.Grid truth = p.truth().load(reader);
        PredictionMask pred;
        if (Files.exists(p.prediction())) pred = PredictionMask.read(p.prediction(), truth.shape());
        else if (options.missingAsEmpty()) pred = PredictionMask.empty(truth.shape());
        else throw new IOException("no prediction " + p.prediction());
        Box region = union(pred.box(), truth.mask().box());
        SegmentationScores s = SegmentationScores.of(pred.in(region), truth.mask().in(region), region.shape(), truth.spacing(),
                options.toleranceMm(), options.nsd());
        return new Score(p.dataset(), p.modality(), p.sampleId(), p.label(), s.dice(), s.nsd());
    }

    /** The smallest box holding both ({@code b} null or empty holds nothing; so does an empty {@code a}). */
    private static Box union(Box a, Box b) {
        if (b == null || b.isEmpty()) return a;
        if (a.isEmpty()) return b;
        int[] lo = new int[3], hi = new int[3];
        for (int k = 0; k < 3; k++) {
            lo[k] = Math.min(a.start()[k], b.start()[k]);
            hi[k] = Math.max(a.end()[k], b.end()[k]);
        }
        return new Box(lo, hi);
    }

    /** A prediction as a C-order 0/1 mask of {@code shape} (the whole grid), read as {@link #score} reads it. */
    public static byte[] prediction(Path file, int[] shape) throws IOException {
        return PredictionMask.read(file, shape).in(Box.whole(shape));
    }
}
