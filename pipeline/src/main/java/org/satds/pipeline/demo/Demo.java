package org.satds.pipeline.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.satds.datasets.discovery.Processor;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.restore.Restorer;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.evaluate.EvaluationReport;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyCheck;
import org.satds.pipeline.npy.NpyIssue;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;
import org.satds.pipeline.stats.Stats;
import org.satds.pipeline.visualize.Visualize;

/**
 * The whole pipeline on the synthetic collection: process (raw tree to jsonl), convert (npy), split (the paper's),
 * check (the converted files), visualize (one sample per dataset), restore (a stand-in prediction back onto the
 * native scan), evaluate (stand-in predictions) and stats, with a summary table.
 */
public final class Demo {
    /** One dataset's outcome. */
    public record Row(String dataset, String modality, int samples, int converted, int train, int test, int labels, int issues) {}

    private final Path out;
    private final PrintStream log;
    private final List<ObjectNode> allConverted = new ArrayList<>();
    private final List<ObjectNode> restoredRecords = new ArrayList<>();

    public Demo(Path out, PrintStream log) {
        this.out = out.toAbsolutePath();
        this.log = log;
    }

    public List<Row> run(int perDataset) throws IOException {
        long t0 = System.nanoTime();
        Path raw = out.resolve("raw"), jsonl = out.resolve("jsonl"), npy = out.resolve("npy");
        int files = DemoCollection.write(raw, perDataset);
        log.printf("1. generated %d files in the raw layouts of %d datasets under %s%n", files, DemoCollection.ENTRIES.size(), raw);
        // only the demo's datasets: others whose rules read the same folders (TotalSegmentator_v2 beside
        // TotalSegmentator_Organs) would find the files and, rightly, pair none of them
        Processor processor = new Processor();
        for (DemoCollection.Entry e : DemoCollection.ENTRIES) {
            Path root = raw.resolve("data/nii").resolve(processor.rules().get(e.dataset()).folder());
            log.println("2. process  " + processor.run(e.dataset(), root, jsonl, Map.of()).summary());
        }
        NpyConverter converter = new NpyConverter(new SampleLoader(RecipeBook.builtIn()), npy.toString(), null);
        List<Row> rows = new ArrayList<>();
        for (DemoCollection.Entry e : DemoCollection.ENTRIES) rows.add(runDataset(e, jsonl, converter));
        Jsonl.write(PredictionLayout.restored(out.resolve("restored")).records(), restoredRecords);
        evaluate();
        stats(jsonl);
        log.printf("done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return rows;
    }

    /** The command that shows this demo's outputs in the browser: every record, the scores and the stats report. */
    public String viewCommand() {
        return "./satds view --jsonl " + out.resolve("converted") + "/*.jsonl " + out.resolve("restored/restored.jsonl")
                + " --evaluate " + out.resolve("evaluate") + " --pred " + out.resolve("predictions") + " --stats " + out.resolve("stats");
    }

    private Row runDataset(DemoCollection.Entry e, Path jsonl, NpyConverter converter) throws IOException {
        String name = e.dataset();
        List<ObjectNode> records = Jsonl.read(jsonl.resolve(name + ".jsonl"));
        ConvertRunner.Result result;
        try {
            result = new ConvertRunner(converter, ConvertRunner.Options.defaults().withProgress(false)).run(records);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("demo interrupted", ex);
        }
        List<ObjectNode> converted = List.copyOf(result.converted().values());
        allConverted.addAll(converted);
        for (ConvertRunner.Failure f : result.failures()) log.println("   convert failed: " + f.record().path("error").asText());
        Path convertedJsonl = out.resolve("converted").resolve(name + ".jsonl");
        Jsonl.write(convertedJsonl, converted);
        log.printf("3. convert  %s: %d of %d samples -> %s%n", name, converted.size(), records.size(), convertedJsonl);
        SplitResult split = SplitSpec.paperFor(converted).apply(converted);
        split.write(out.resolve("split").resolve(name + "_train.jsonl"), out.resolve("split").resolve(name + "_test.jsonl"));
        log.printf("4. split    %s: %d train, %d test (the paper's split)%n", name, split.train().size(), split.test().size());
        List<NpyIssue> issues = NpyCheck.check(converted, out);
        log.printf("5. check    %s: %d of %d samples sound%n", name, converted.size() - issues.size(), converted.size());
        for (NpyIssue i : issues) log.println("   " + i.line());
        for (String empty : NpyCheck.emptyDatasets(converted)) log.println("   error: " + empty);
        int labels = 0;
        if (!converted.isEmpty()) {
            ConvertedSample s = NpyLoader.load(converted.get(0), out);
            Path dir = out.resolve("visualize").resolve(name);
            Visualize.write(dir, s.image(), s.hwd(), s.masks(), s.labels(),
                    Visualize.normalizedAffine(converted.get(0), new SampleLoader(RecipeBook.builtIn())),
                    Visualize.caption(converted.get(0), RecipeBook.builtIn(), s.labels().size()));
            labels = s.labels().size();
            log.printf("6. visualize %s: %s%n", name, dir.resolve("montage.png"));
            restoreRoundTrip(name, converted.get(0));
        }
        return new Row(name, e.modality(), records.size(), converted.size(), split.train().size(), split.test().size(), labels, issues.size());
    }

    /**
     * Step 7: a stand-in prediction (the converted ground truth shifted one voxel, in SAT's inference layout)
     * restored onto the native scan along the converted record's trace, and pictured over it.
     */
    private void restoreRoundTrip(String name, ObjectNode converted) throws IOException {
        Path predictions = out.resolve("predictions"), restored = out.resolve("restored");
        StandInPredictions.write(List.of(converted), out, predictions);
        // SAT's test-set path: the converted record, whose trace says where convert put the scan
        Restorer restorer = new Restorer(new SampleLoader(RecipeBook.builtIn()), null, predictions, restored, Restorer.Mode.NEAREST);
        ConvertRunner.Result result;
        try {
            result = new ConvertRunner(restorer, ConvertRunner.Options.defaults().withProgress(false)).run(List.of(converted));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("demo interrupted", ex);
        }
        for (ConvertRunner.Failure f : result.failures()) log.println("   restore failed: " + f.record().path("error").asText());
        if (result.converted().isEmpty()) return;
        ObjectNode r = result.converted().get(0);
        restoredRecords.add(r);
        Path dir = out.resolve("visualize").resolve(name).resolve("restored");
        Visualize.writeRestored(dir, r, new SampleLoader(RecipeBook.builtIn()), null);
        log.printf("7. restore  %s: a stand-in prediction (ground truth shifted one voxel) back on the native scan -> %s, %s%n",
                name, r.get("restored_label_map").asText(), dir.resolve("montage.png"));
    }

    /** Scores stand-in predictions (the ground truth shifted one voxel) as SAT would, and shows the summary. */
    private void evaluate() throws IOException {
        Path predictions = out.resolve("predictions"), report = out.resolve("evaluate");
        int files = StandInPredictions.write(allConverted, out, predictions);
        Evaluation.Result r;
        try {
            r = Evaluation.converted(allConverted, out, predictions,
                    new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withProgress(false)));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("demo interrupted", ex);
        }
        EvaluationReport.write(r, report, true);
        log.printf("8. evaluate %d stand-in predictions (truth shifted one voxel) -> %s, chart %s%n", files,
                report.resolve("summary.csv"), report.resolve("datasets.png"));
        log.print(EvaluationReport.table(r, true).indent(3));
        for (Evaluation.Unscored u : r.unscored()) log.println("   not scored: " + u.line());
    }

    /** Step 9: the fingerprint of the whole collection and its report. */
    private void stats(Path jsonl) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        for (DemoCollection.Entry e : DemoCollection.ENTRIES) records.addAll(Jsonl.read(jsonl.resolve(e.dataset() + ".jsonl")));
        try {
            Stats.Result r = new Stats(new SampleLoader(RecipeBook.builtIn()), null, ConvertRunner.Options.defaults(), 3)
                    .run(records, out.resolve("stats"));
            log.printf("9. stats    %d samples, %d failed: %s%n", r.samples() - r.failed(), r.failed(), r.report());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("demo interrupted", ex);
        }
    }

    /** The summary as a fixed-width table. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format("%-24s %-8s %8s %10s %6s %5s %7s %7s%n",
                "dataset", "modality", "samples", "converted", "train", "test", "labels", "issues"));
        for (Row r : rows)
            b.append(String.format("%-24s %-8s %8d %10d %6d %5d %7d %7d%n", r.dataset(), r.modality(), r.samples(), r.converted(),
                    r.train(), r.test(), r.labels(), r.issues()));
        return b.toString();
    }

    public static boolean allSound(List<Row> rows) {
        return rows.stream().allMatch(r -> r.samples() > 0 && r.converted() == r.samples() && r.issues() == 0);
    }

}
