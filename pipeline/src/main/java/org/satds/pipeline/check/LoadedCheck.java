package org.satds.pipeline.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.catalog.Vocabulary;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.datasets.sample.SampleException;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.convert.SharedSample;
import org.satds.pipeline.npy.NpyIssue;
import org.satds.pipeline.run.ConvertRunner;

/**
 * `satds check` on a jsonl of raw samples: each image and mask is checked as stored ({@link PairCheck}) and, unless
 * their shapes differ, loaded and normalized and checked again ({@link SampleCheck}), through the runner (parallel,
 * memory budget, each shared file decoded once). Errors and warnings are kept apart; a summary per dataset counts
 * them and names the classes that are empty in every sample, and a dataset where every class is always empty is an
 * error of its own.
 */
public final class LoadedCheck {
    /** One report line per sample with errors, one per sample with warnings, the summary, and dataset-level errors. */
    /** @param notChecked records not started because the run was asked to stop; the rest of the report is theirs */
    public record Report(List<NpyIssue> errors, List<NpyIssue> warnings, List<String> summary, List<String> datasetErrors,
                         int notChecked) {
        public boolean failed() {
            return !errors.isEmpty() || !datasetErrors.isEmpty();
        }
    }

    /** @param errorFile the file the sample's first error names (null: none, or the loader's own error) */
    private record Outcome(List<PairCheck.Finding> warnings, Set<String> present, String errorFile) {}

    private final SampleLoader loader;
    private final Path base;
    private final Vocabulary vocabulary = Vocabulary.builtIn();
    private final Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();

    /** @param base folder relative record paths start from (null: the working directory) */
    public LoadedCheck(SampleLoader loader, Path base) {
        this.loader = loader;
        this.base = base;
    }

    /** Checks the records; once {@code stop} says so, no further sample starts and the report covers those checked. */
    public static Report run(List<ObjectNode> records, SampleLoader loader, Path base, ConvertRunner.Options options,
                             BooleanSupplier stop) throws InterruptedException {
        LoadedCheck check = new LoadedCheck(loader, base);
        ConvertRunner runner = ConvertRunner.withoutOutputs(new NpyConverter(loader, "", base), options, check::check, "check");
        return check.report(records, runner.stoppingWhen(stop).run(records));
    }

    /** Checking as a job riding on another's pass (convert --check): {@link #report} of its result once the pass is done. */
    public ConvertRunner.Rider rider() {
        return ConvertRunner.Rider.withoutOutputs(this::check);
    }

    /** One sample's check: its record, or a throw with the errors found; its warnings and classes present are kept. */
    private ObjectNode check(ObjectNode record, int index, VolumeReader reader) throws IOException {
        SampleRecord r = new SampleRecord(record);
        SharedSample once = SharedSample.of(reader); // the raw check and the loader read the same two files: decode each once
        if (r.imageOnly()) { // an inference record: only its normalized image to check (no classes to tally)
            List<String> problems = SampleCheck.problems(once.normalized(loader, r, base, PhaseTimes.OFF), 0, label -> true);
            if (!problems.isEmpty()) throw new IOException(r.image() + ": " + String.join("; ", problems));
            return record;
        }
        Recipe recipe = loader.recipe(r);
        List<SampleLoader.Input> inputs = loader.inputs(r, base);
        PairCheck.Findings f = PairCheck.check(recipe, r.image(), once.read(inputs.get(0).file(), inputs.get(0).options()),
                r.mask(), once.read(inputs.get(1).file(), inputs.get(1).options()));
        Set<String> present = new LinkedHashSet<>();
        if (!f.shapesDiffer()) {
            try {
                NormalizedSample s = once.normalized(loader, r, base, PhaseTimes.OFF);
                for (String p : SampleCheck.problems(s, SampleLoader.outputNames(recipe).size(),
                        label -> vocabulary.accepts(r.dataset(), recipe.modality(), label)))
                    if (f.errors().stream().noneMatch(e -> e.problem().startsWith(p))) f.errors().add(new PairCheck.Finding(r.image(), p)); // NaN: once
                for (LabelMask m : s.masks()) if (!m.isEmpty()) present.add(m.name());
            } catch (IOException e) { // a sample that does not load may have more to say from the stored files
                if (f.errors().isEmpty()) throw e;
                f.errors().add(e instanceof SampleException se ? new PairCheck.Finding(se.file().toString(), se.problem())
                        : new PairCheck.Finding(r.image(), e.getMessage()));
            }
        }
        outcomes.put(index, new Outcome(f.warnings(), present, f.errors().isEmpty() ? null : f.errors().get(0).file()));
        if (!f.errors().isEmpty()) throw new IOException(joined(f.errors()));
        return record;
    }

    /** The report of a run of {@link #check} over the records. */
    public Report report(List<ObjectNode> records, ConvertRunner.Result result) {
        Map<Integer, String> failed = new HashMap<>();
        for (ConvertRunner.Failure fail : result.failures())
            failed.put(fail.index(), String.valueOf(fail.cause().getMessage()));

        List<NpyIssue> errors = new ArrayList<>(), warnings = new ArrayList<>();
        Map<String, DatasetTally> tallies = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            if (result.notStarted().contains(i)) continue;
            ObjectNode rec = records.get(i);
            String dataset = rec.path("dataset").asText();
            DatasetTally t = tallies.computeIfAbsent(dataset, d -> new DatasetTally());
            t.samples++;
            Outcome o = outcomes.get(i);
            if (failed.containsKey(i)) {
                t.failed++;
                errors.add(issue(rec, o == null || o.errorFile == null ? rec.path("image").asText() : o.errorFile, failed.get(i)));
            } else if (o != null) {
                t.loaded++;
                t.present.addAll(o.present);
            }
            if (o != null && !o.warnings.isEmpty()) {
                t.warned++;
                warnings.add(issue(rec, o.warnings.get(0).file(), joined(o.warnings)));
            }
        }
        List<String> summary = new ArrayList<>(), datasetErrors = new ArrayList<>();
        tallies.forEach((dataset, t) -> {
            List<String> classes = loader.recipes().has(dataset) ? SampleLoader.outputNames(loader.recipes().get(dataset)) : List.of();
            List<String> never = classes.stream().filter(c -> !t.present.contains(c)).toList();
            String line = String.format("%s: %d samples, %d with errors, %d with warnings", dataset, t.samples, t.failed, t.warned);
            if (t.loaded > 0 && !never.isEmpty() && never.size() < classes.size())
                line += "; empty in every sample: " + String.join(", ", never);
            if (t.loaded > 0 && !classes.isEmpty() && never.size() == classes.size()) {
                String e = dataset + ": every class (" + classes.size() + ") is empty in all " + t.loaded
                        + " samples that loaded: are the masks the right files?";
                datasetErrors.add(e);
                line += "; every class empty";
            }
            summary.add(line);
        });
        return new Report(errors, warnings, summary, datasetErrors, result.notStarted().size());
    }

    private static final class DatasetTally {
        int samples, failed, warned, loaded;
        final Set<String> present = new LinkedHashSet<>();
    }

    private static NpyIssue issue(ObjectNode rec, String file, String reason) {
        return new NpyIssue(rec.path("dataset").asText(), rec.path("patient_id").asText(), file, reason);
    }

    /** "file: problem; file: problem" (each names its file, as PairCheck's findings do). */
    private static String joined(List<PairCheck.Finding> findings) {
        return String.join("; ", findings.stream().map(PairCheck.Finding::toString).toList());
    }
}
