package org.satds.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.satds.datasets.discovery.Converters;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.datasets.discovery.ProcessReport;
import org.satds.datasets.discovery.Processor;
import org.satds.datasets.discovery.SampleOutcome;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;
import org.satds.pipeline.process.ParallelConversions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Turn raw downloads into <Dataset>.jsonl, converting what the records need (DICOM, NRRD, "
                + "MetaImage, PNG and MAT masks, per-organ stacks; docs/discovery-rules.md). Converted files are "
                + "written next to the raw ones; a rerun keeps what is already there. Conversions run in parallel (--threads) "
                + "within a memory budget (--memory).",
                "Exit status 1 when a sample was skipped for a damaged (empty or unreadable) file or a failed or unavailable "
                + "conversion."})
final class ProcessCommand implements Callable<Integer> {
    /** Skips that mean a damaged download or a conversion that did not work, rather than a sample that is not there. */
    static final Set<SkipReason> FAILURES = EnumSet.of(SkipReason.EMPTY_FILE, SkipReason.UNREADABLE_FILE,
            SkipReason.CONVERSION_FAILED, SkipReason.CONVERSION_UNAVAILABLE);

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", description = "dataset name, as in the records' 'dataset' field (e.g. HAN_Seg)")
    String dataset;

    @Option(names = "--root", description = "the dataset's download folder (with --dataset)")
    Path root;

    @Option(names = "--all", description = "process every dataset whose folder is under --raw-root")
    boolean all;

    @Option(names = "--raw-root", description = "folder laid out as data/nii: <raw-root>/<dataset folder>/... (with --all)")
    Path rawRoot;

    @Option(names = "--jsonl-dir", required = true, description = "where <Dataset>.jsonl files are written")
    Path jsonlDir;

    @Option(names = "--option", paramLabel = "KEY=PATH",
            description = "a folder a rule reads outside its root, e.g. totalsegmentator_v2=/data/Totalsegmentator_version2")
    Map<String, Path> options = new LinkedHashMap<>();

    @Option(names = "--rules", description = "folder of extra or overriding discovery rule .yaml files")
    Path rules;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        if (all == (dataset != null) || (dataset != null) != (root != null) || all != (rawRoot != null))
            throw new ParameterException(spec.commandLine(), "give either --dataset NAME --root DIR or --all --raw-root DIR");
        DiscoveryRules ruleSet = rules == null ? DiscoveryRules.builtIn() : DiscoveryRules.builtIn().withFolder(rules);
        Processor processor = new Processor(ruleSet, Converters.builtIn());
        ParallelConversions conversions = new ParallelConversions(run.options());
        if (!all) return print(List.of(processor.run(dataset, root, jsonlDir, options, conversions)));
        Processor.AllReport report = processor.runAll(rawRoot, jsonlDir, options, conversions);
        report.notFound().forEach(missing -> System.out.println("not found: " + missing));
        if (report.processed().isEmpty()) {
            System.err.println("error: no dataset folder found under " + rawRoot);
            return 1;
        }
        return print(report.processed());
    }

    private static int print(List<ProcessReport> reports) {
        boolean failed = false;
        for (ProcessReport report : reports) {
            System.out.println(report.summary());
            for (SampleOutcome o : report.outcomes()) {
                if (o.paired()) continue;
                System.out.println("  skipped " + o.skipped() + ": " + o.found() + ": " + o.why());
                failed |= FAILURES.contains(o.skipped());
            }
        }
        return failed ? 1 : 0;
    }
}
