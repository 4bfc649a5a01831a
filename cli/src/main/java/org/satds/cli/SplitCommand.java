package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a jsonl into train and test by patient: the paper's split (default), a split file, or a new random split.",
            "New splits (--ratio, --val, --folds) keep each real patient on one side: ACDC's frames, CMRxMotion's scans,"
                + " the TotalSegmentator subsets' shared CTs (the 'patient' key of each dataset's discovery rule)."})
final class SplitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--jsonl", required = true, description = "records of one dataset")
    Path jsonl;

    @Option(names = "--train", required = true, description = "train jsonl to write")
    Path train;

    @Option(names = "--test", required = true, description = "test jsonl to write")
    Path test;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = {"--split-json", "--split"}, paramLabel = "FILE", description = "a split file {\"train\": [patient ids], \"test\": [...]}")
        Path splitJson;

        @Option(names = "--ratio", description = "new random split by patient with this train fraction")
        Double ratio;
    }

    @Option(names = "--seed", defaultValue = "0", description = "seed of new splits (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--val", paramLabel = "FRACTION",
            description = "hold out this fraction of the train patients for validation, written to --val-out")
    Double valFraction;

    @Option(names = "--val-out", paramLabel = "FILE", description = "validation jsonl to write (with --val)")
    Path valOut;

    @Option(names = "--folds", paramLabel = "K",
            description = "also split the train patients into K cross-validation folds, written to --folds-dir")
    Integer folds;

    @Option(names = "--folds-dir", paramLabel = "DIR",
            description = "where --folds writes splits_final.json (nnU-Net's layout, patient_ids: export nnunet/monai --folds take it) and fold_<i>_train/val.jsonl")
    Path foldsDir;

    @Option(names = "--split-out", paramLabel = "FILE",
            description = "also write the split as a split json of patient ids ({\"train\", \"val\", \"test\"}), which --split-json and "
                    + "export nnunet/monai --split FILE take")
    Path splitOut;

    @Option(names = "--rules", description = "folder of extra or overriding discovery rule .yaml files (their 'patient' keys)")
    Path rules;

    @Override
    public Integer call() throws Exception {
        checkOutputs();
        if (source != null && source.ratio != null && !(source.ratio > 0 && source.ratio < 1))
            throw new IllegalArgumentException("--ratio is the train fraction, between 0 and 1 exclusive, not " + source.ratio
                    + " (which leaves " + (source.ratio >= 1 ? "test" : "train") + " empty)");
        List<ObjectNode> records = Preflight.records(jsonl).stream().map(Jsonl.Line::record).toList();
        DiscoveryRules ruleSet = rules == null ? DiscoveryRules.builtIn() : DiscoveryRules.builtIn().withFolder(rules);
        SplitSpec split = source == null ? SplitSpec.paperFor(records)
                : source.splitJson != null ? SplitSpec.read(source.splitJson)
                : SplitSpec.random(records, source.ratio, seed, ruleSet);
        SplitResult r = split.apply(records);
        if (source != null && source.ratio != null && (r.train().isEmpty() || r.test().isEmpty()))
            throw new IllegalArgumentException("--ratio " + source.ratio + " leaves " + (r.test().isEmpty() ? "test" : "train")
                    + " empty with " + (records.size() == 1 ? "this 1 record" : "these " + records.size() + " records") + "; nothing written");
        List<ObjectNode> trainRecords = r.train();
        if (valFraction != null) {
            SplitResult v = SplitSpec.random(trainRecords, 1 - valFraction, seed, ruleSet).apply(trainRecords);
            trainRecords = v.train();
            Jsonl.write(valOut, v.test());
            System.out.printf("validation %d records (%.0f%% of the train patients) in %s%n", v.test().size(),
                    100 * valFraction, valOut);
        }
        if (splitOut != null) split.write(splitOut);
        Jsonl.write(train, trainRecords);
        Jsonl.write(test, r.test());
        if (folds != null) writeFolds(trainRecords, ruleSet);
        System.out.printf("train %d, test %d, unclassified %d records%n", trainRecords.size(), r.test().size(), r.unclassified().size());
        for (ObjectNode u : r.unclassified())
            System.err.println("unclassified: patient_id " + u.path("patient_id").asText("(none)") + " " + u.path("image").asText());
        return r.unclassified().isEmpty() ? 0 : 1;
    }

    private void writeFolds(List<ObjectNode> trainRecords, DiscoveryRules rules) throws Exception {
        List<SplitSpec> specs = SplitSpec.folds(trainRecords, folds, seed, rules);
        Files.createDirectories(foldsDir);
        SplitSpec.writeFolds(specs, foldsDir.resolve("splits_final.json"));
        for (int i = 0; i < specs.size(); i++)
            specs.get(i).apply(trainRecords).write(foldsDir.resolve("fold_" + i + "_train.jsonl"), foldsDir.resolve("fold_" + i + "_val.jsonl"));
        System.out.printf("%d folds of the train patients in %s (splits_final.json, fold_<i>_train/val.jsonl)%n", folds, foldsDir);
    }

    /** Refuses option combinations that would overwrite an input or write two outputs into one file. */
    private void checkOutputs() {
        if ((valFraction == null) != (valOut == null)) throw usage("--val and --val-out go together");
        if ((folds == null) != (foldsDir == null)) throw usage("--folds and --folds-dir go together");
        if (valFraction != null && folds != null) throw usage("--val and --folds both hold out validation patients: give one");
        if (valFraction != null && !(valFraction > 0 && valFraction < 1))
            throw usage("--val " + valFraction + ": the validation fraction must be between 0 and 1");
        Map<Path, String> seen = new HashMap<>();
        seen.put(jsonl.toAbsolutePath().normalize(), "--jsonl");
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--train", train);
        outputs.put("--test", test);
        if (valOut != null) outputs.put("--val-out", valOut);
        if (splitOut != null) outputs.put("--split-out", splitOut);
        outputs.forEach((option, file) -> {
            String previous = seen.putIfAbsent(file.toAbsolutePath().normalize(), option);
            if (previous != null)
                throw usage(option + " " + file + " is the same file as " + previous + ": give each output its own file");
        });
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
