package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.sample.RecordCheck;
import org.satds.pipeline.check.LoadedCheck;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.NpyCheck;
import org.satds.pipeline.npy.NpyIssue;
import org.satds.pipeline.run.StopRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Verify every sample (in parallel, within a memory budget): the stored image and mask (shapes, affines"
                + " within half a voxel, mask values the recipe knows, NaN, empty masks), then the normalized sample"
                + " (binary masks in their boxes, one per class); a summary per dataset names classes empty in every sample.",
            "Errors fail the check (exit 1); warnings are listed apart. With --npy, verify a converted jsonl's files instead."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "jsonl to check")
    Path jsonl;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Option(names = "--npy", description = "the jsonl is converted: check files, shapes against chwd and boxes against masks")
    boolean npy;

    @Option(names = "--errors", description = "write the errors here: one tab-separated line per failing sample (dataset, patient_id, file, reason)")
    Path errors;

    @Option(names = "--warnings", description = "write the warnings here, in the same layout as --errors")
    Path warnings;

    @Override
    public Integer call() throws Exception {
        Preflight.distinct("--errors", errors, "--jsonl", jsonl);
        Preflight.distinct("--warnings", warnings, "--jsonl", jsonl);
        List<Jsonl.Line> lines = Preflight.records(jsonl);
        List<ObjectNode> records = lines.stream().map(Jsonl.Line::record).toList();
        if (!npy) {
            records = Preflight.valid(jsonl, lines, new RecordCheck(source.loader().recipes(), false));
            Preflight.someFilesExist(jsonl, records, source.loader(), source.base());
        }
        if (errors != null) AtomicFiles.checkWritable(errors);
        if (warnings != null) AtomicFiles.checkWritable(warnings);
        if (npy) {
            List<NpyIssue> issues = NpyCheck.check(records, source.base());
            String report = lines(issues, "");
            System.err.print(report);
            if (errors != null) AtomicFiles.writeString(errors, report);
            List<String> empty = NpyCheck.emptyDatasets(records);
            for (String e : empty) System.err.println("error: " + e);
            System.out.printf("checked %d samples: %d passed, %d failed%n", records.size(), records.size() - issues.size(), issues.size());
            return issues.isEmpty() && empty.isEmpty() ? 0 : Main.SAMPLES_FAILED;
        }
        try (StopRequest stop = StopRequest.onSignal(System.err)) {
            LoadedCheck.Report r = LoadedCheck.run(records, source.loader(), source.base(), run.options(), stop::requested);
            print(r, records.size(), errors, warnings);
            int checked = records.size() - r.notChecked();
            if (r.notChecked() > 0) {
                System.err.printf("interrupted: %d of %d samples checked, %d not started; the findings above are theirs. "
                        + "Run the same command again to check them all.%n", checked, records.size(), r.notChecked());
                return Main.INTERRUPTED;
            }
            return r.failed() ? Main.SAMPLES_FAILED : 0;
        }
    }

    /** Prints the findings and the summary of {@code total} records (and writes them to the files not null); true when the check failed. */
    static boolean print(LoadedCheck.Report r, int total, Path errors, Path warnings) throws java.io.IOException {
        System.err.print(lines(r.errors(), ""));
        System.err.print(lines(r.warnings(), "warning\t"));
        for (String e : r.datasetErrors()) System.err.println("error: " + e);
        if (errors != null) AtomicFiles.writeString(errors, lines(r.errors(), ""));
        if (warnings != null) AtomicFiles.writeString(warnings, lines(r.warnings(), ""));
        r.summary().forEach(System.out::println);
        int checked = total - r.notChecked();
        System.out.printf("checked %d samples: %d passed, %d failed, %d with warnings%n", checked,
                checked - r.errors().size(), r.errors().size(), r.warnings().size());
        return r.failed();
    }

    private static String lines(List<NpyIssue> issues, String prefix) {
        StringBuilder report = new StringBuilder();
        for (NpyIssue i : issues) report.append(prefix).append(i.line()).append('\n');
        return report.toString();
    }
}
