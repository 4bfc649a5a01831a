package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.evaluate.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a model's predictions with SAT's own Dice and NSD: per sample, class, dataset and region, with charts.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--gt", required = true,
            description = "converted jsonl (satds convert's output) whose masks are the ground truth; with --native, raw records")
    Path gt;

    @Option(names = "--pred", required = true,
            description = "predictions: <pred>/<dataset>/seg_<sample_id>/<label>.nii.gz (SAT's layout, .npy too); "
                    + "with --native, <pred>/<dataset>/<sample_id>/<label>.nii.gz (satds restore's layout)")
    Path pred;

    @Option(names = "--out", required = true, description = "folder for samples.csv, summary.csv/.xlsx, by_class.csv, by_region.csv, charts")
    Path out;

    @Option(names = "--native", description = "score in the scan's native space against the raw masks built by the recipes, "
            + "NSD with the scan's voxel size (SAT scores on its 1x1x3 mm grid; docs/evaluate.md)")
    boolean nativeSpace;

    @Option(names = "--no-nsd", description = "Dice only (NSD is the slow part)")
    boolean noNsd;

    @Option(names = "--missing-as-empty", description = "score a missing prediction file as an empty mask (SAT's behaviour) instead of listing it")
    boolean missingAsEmpty;

    @Option(names = "--tolerance", defaultValue = "1", description = "NSD tolerance in mm (default: ${DEFAULT-VALUE}, SAT's)")
    double tolerance;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> records = Preflight.recordsOf(gt);
        Evaluation.Options options = new Evaluation.Options(!noNsd, missingAsEmpty, tolerance, run.options());
        Evaluation.Result r = nativeSpace ? Evaluation.inNativeSpace(records, source.base(), pred, source.loader(), options)
                : Evaluation.converted(records, source.base(), pred, options);
        for (Evaluation.Unscored u : r.unscored()) System.err.println("not scored: " + u.line());
        EvaluationReport.write(r, out, !noNsd);
        System.out.print(EvaluationReport.table(r, !noNsd));
        System.out.println("wrote " + out.resolve("summary.csv") + ", summary.xlsx, samples.csv, datasets.png, classes.png"
                + (r.unscored().isEmpty() ? "" : "; unscored pairs in " + out.resolve("unscored.csv")));
        return r.unscored().isEmpty() ? 0 : 1;
    }
}
