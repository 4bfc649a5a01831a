package org.satds.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.satds.datasets.catalog.DatasetNames;
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
        if (!all) {
            String name = datasetName(ruleSet, dataset);
            if (!Files.isDirectory(root)) throw new IllegalArgumentException("--root " + root + ": " + noFolder(root));
            ProcessReport report = processor.run(name, root, jsonlDir, options, conversions);
            if (report.found() == 0) throw new IllegalArgumentException(nothingFound(processor, name, root));
            return print(List.of(report));
        }
        if (!Files.isDirectory(rawRoot)) throw new IllegalArgumentException("--raw-root " + rawRoot + ": " + noFolder(rawRoot));
        Processor.AllReport report = processor.runAll(rawRoot, jsonlDir, options, conversions);
        List<ProcessReport> found = report.processed().stream().filter(r -> r.found() > 0).toList();
        if (!found.isEmpty()) {
            report.notFound().forEach(missing -> System.out.println("not found: " + missing));
            report.processed().stream().filter(r -> r.found() == 0)
                    .forEach(r -> System.out.println("nothing found: " + r.dataset() + " (no file matches its rule; nothing written)"));
        } else {
            Optional<Path> below = likelyCollectionRoot(ruleSet, rawRoot);
            throw new IllegalArgumentException("no dataset's samples found under --raw-root " + rawRoot + ", which should hold the "
                    + "dataset folders as data/nii does (ACDC/database, AbdomenCT-1K, ...; 'satds datasets NAME' shows one's layout)"
                    + below.map(p -> "; did you mean --raw-root " + p + "?").orElse(""));
        }
        return print(found);
    }

    private static String noFolder(Path p) {
        return Files.exists(p) ? "it is a file, not a folder" : "no such folder";
    }

    /** The rule's spelling of a dataset name in any case, or a refusal naming the closest. */
    private static String datasetName(DiscoveryRules rules, String name) {
        Set<String> known = new java.util.TreeSet<>();
        rules.all().forEach(r -> known.add(r.dataset()));
        return DatasetNames.ignoringCase(name, known).orElseThrow(() -> new IllegalArgumentException(
                "no discovery rule for dataset '" + name + "'" + DatasetNames.didYouMean(name, known) + "; 'satds datasets' lists them"));
    }

    /** Nothing matched: the layout the rule looks for, and the folder the user probably meant. */
    static String nothingFound(Processor processor, String dataset, Path root) {
        return dataset + ": no samples found under --root " + root + "; the rule looks for\n  "
                + String.join("\n  ", processor.rules().get(dataset).layout()) + suggestion(processor, dataset, root);
    }

    private static String suggestion(Processor processor, String dataset, Path root) {
        return processor.likelyRoot(dataset, root).map(p -> "\ndid you mean --root " + p + "?").orElse("");
    }

    /** A folder one level down or up from {@code rawRoot} that holds some dataset's folder. */
    private static Optional<Path> likelyCollectionRoot(DiscoveryRules rules, Path rawRoot) {
        List<Path> candidates = new ArrayList<>();
        try (var children = Files.list(rawRoot)) {
            children.filter(Files::isDirectory).sorted().forEach(candidates::add);
        } catch (java.io.IOException e) {
            // unreadable: nothing to suggest below it
        }
        Path parent = rawRoot.toAbsolutePath().normalize().getParent();
        if (parent != null) candidates.add(parent);
        for (Path c : candidates) // data/nii/<folder>: two levels down is common (raw/data/nii), so look there too
            for (Path d : List.of(c, c.resolve("nii"), c.resolve("data/nii")))
                if (rules.all().stream().anyMatch(r -> Files.isDirectory(d.resolve(r.folder())))) return Optional.of(d);
        return Optional.empty();
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
