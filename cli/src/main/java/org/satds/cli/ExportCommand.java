package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.export.Channels;
import org.satds.pipeline.export.MonaiExport;
import org.satds.pipeline.export.NnUnetCheck;
import org.satds.pipeline.export.NnUnetExport;
import org.satds.pipeline.export.NnUnetMasks;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "export", mixinStandardHelpOptions = true,
        subcommands = {ExportCommand.NnUnet.class, ExportCommand.NnUnetMasksCommand.class, ExportCommand.Monai.class},
        description = "Export records for another framework's training.")
final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.err); // the format is a subcommand
        return 2;
    }

    @Command(name = "nnunet", mixinStandardHelpOptions = true,
            description = "Write records (a dataset or a collection) as an nnU-Net v2 raw dataset: native-space images and the "
                    + "recipe's classes (as regions where classes overlap), train/test by the paper's split, dataset.json; "
                    + "then check it as nnU-Net's verify_dataset_integrity does.")
    static final class NnUnet implements Callable<Integer> {
        @Mixin
        Records input;

        @Option(names = "--out", required = true, description = "nnU-Net raw folder (nnUNet_raw) to write Dataset<NNN>_<NAME> into")
        Path out;

        @Option(names = "--dataset-id", required = true, description = "nnU-Net dataset id, 1 to 999")
        int datasetId;

        @Option(names = "--name", description = "dataset name (default: the records' dataset, or SATDS for several)")
        String name;

        @Mixin
        SplitChoice sides;

        @Option(names = "--folds", paramLabel = "FILE", description = "the splits_final.json of satds split --folds (patient ids): "
                + "written into the dataset folder in case ids, where nnUNetv2_plan_and_preprocess takes it from")
        Path folds;

        @Option(names = "--channels", arity = "0..1", fallbackValue = "", paramLabel = "SEQ,SEQ...",
                description = "records of one case that differ only in their sequence (same patient and mask) become one case "
                        + "with a channel per sequence, in this order (default: the order they first appear in); a case "
                        + "missing a sequence is refused (docs/nnunet.md)")
        String channels;

        @Option(names = "--no-verify", description = "skip the final check of the whole folder as nnU-Net's verify_dataset_integrity "
                + "checks it (it reads every file again)")
        boolean noVerify;

        @Mixin
        LoaderOptions source;

        @Mixin
        RunOptions run;

        @Override
        public Integer call() throws Exception {
            List<ObjectNode> records = input.read();
            Channels sequences = channels == null ? null : new Channels(channels.isEmpty() ? List.of() : List.of(channels.split(",")));
            NnUnetExport.Plan plan = new NnUnetExport.Plan(sides.of(records), sequences, folds == null ? null : SplitSpec.readFolds(folds));
            NnUnetExport.Result r = new NnUnetExport(source.loader(), source.base(), run.options())
                    .export(records, out, datasetId, name != null ? name : NnUnetExport.defaultName(records), plan);
            reportRefused(r.refusals(), r.leftOut());
            NnUnetCheck.Report check = noVerify ? null : NnUnetCheck.verify(r.folder());
            if (check != null) {
                check.errors().forEach(e -> System.err.println("nnU-Net would refuse: " + e));
                check.warnings().forEach(w -> System.err.println("nnU-Net would warn: " + w));
            }
            boolean ok = check == null || check.ok();
            System.out.printf("%s: %d training and %d test cases, %d refused; nnU-Net's dataset checks %s%n", r.folder(), r.training(),
                    r.test(), r.refusals().size(), check == null ? "skipped" : ok ? "pass" : "fail");
            return ok && r.refusals().isEmpty() ? 0 : 1;
        }
    }

    /** --jsonl: the records to export. */
    static final class Records {
        @Option(names = "--jsonl", required = true, arity = "1..*", description = "raw jsonl files (one dataset or several)")
        List<Path> jsonl;

        List<ObjectNode> read() throws IOException {
            List<ObjectNode> records = new ArrayList<>();
            for (Path f : jsonl) records.addAll(Preflight.recordsOf(f));
            return records;
        }
    }

    static void reportRefused(List<String> refusals, List<ObjectNode> leftOut) {
        for (String refusal : refusals) System.err.println("refused: " + refusal);
        if (!leftOut.isEmpty())
            System.err.println(leftOut.size() + " records belong to no patient of the split and are left out, as the split leaves them out");
    }

    /** --split, or --ratio and --seed: the records' training and test sides, as satds split makes them. */
    static final class SplitChoice {
        @Option(names = "--split", defaultValue = "paper",
                description = "paper: the paper's patient split into training and test; none: all training; or a split json "
                        + "{\"train\": [patient ids], \"test\": [...]} (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--ratio", description = "instead of --split: a new random split by patient with this train fraction, "
                + "the same as satds split --ratio R --seed S gives for the same records")
        Double ratio;

        @Option(names = "--seed", defaultValue = "0", description = "seed of --ratio (and --val) (default: ${DEFAULT-VALUE})")
        long seed;

        SplitResult of(List<ObjectNode> records) throws IOException {
            if (ratio == null) return NnUnetExport.split(records, split);
            if (!(ratio > 0 && ratio < 1)) throw new IllegalArgumentException("--ratio is the train fraction, between 0 and 1 exclusive, not " + ratio);
            return SplitSpec.random(records, ratio, seed).apply(records);
        }
    }

    @Command(name = "monai", mixinStandardHelpOptions = true,
            description = "Write records as a MONAI datalist (load_decathlon_datalist's training/validation/test lists of image and "
                    + "label) with one image and one label file per case: the label one 0/1 channel per class, merged classes "
                    + "included; in the scan's native space or on SAT's normalized grid (docs/monai.md).")
    static final class Monai implements Callable<Integer> {
        @Mixin
        Records input;

        @Option(names = "--out", required = true, description = "folder for datalist.json, images/ and labels/")
        Path out;

        @Option(names = "--space", defaultValue = "native",
                description = "native: the scan and its classes on its own grid; normalized: SAT's grid (oriented, 1x1x3 mm, "
                        + "cropped, normalized) with its affine (default: ${DEFAULT-VALUE})")
        MonaiExport.Space space;

        @Mixin
        SplitChoice sides;

        @Option(names = "--val", paramLabel = "FRACTION", description = "this fraction of the training patients (random, --seed) as 'validation'")
        Double val;

        @Option(names = "--folds", paramLabel = "FILE", description = "the splits_final.json of satds split --folds: each training item "
                + "gets the 'fold' that validates it")
        Path folds;

        @Mixin
        LoaderOptions source;

        @Mixin
        RunOptions run;

        @Override
        public Integer call() throws Exception {
            if (val != null && folds != null) throw new IllegalArgumentException("--val and --folds both choose validation patients: give one");
            if (val != null && !(val > 0 && val < 1)) throw new IllegalArgumentException("--val " + val + ": the validation fraction must be between 0 and 1");
            List<ObjectNode> records = input.read();
            SplitResult split = sides.of(records);
            List<ObjectNode> validation = val == null ? null : SplitSpec.random(split.train(), 1 - val, sides.seed).apply(split.train()).test();
            MonaiExport.Plan plan = new MonaiExport.Plan(split, validation, folds == null ? null : SplitSpec.readFolds(folds));
            MonaiExport.Result r = new MonaiExport(source.loader(), source.base(), run.options()).export(records, out, space, plan);
            reportRefused(r.refusals(), r.leftOut());
            System.out.printf("%s: %d training, %d validation and %d test cases, %d refused%n", r.datalist(), r.training(), r.validation(),
                    r.test(), r.refusals().size());
            return r.refusals().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "nnunet-masks", mixinStandardHelpOptions = true,
            description = "Split nnU-Net's predictions for an exported dataset into one native-space mask per SAT-DS class, "
                    + "OUT/<dataset>/<sample_id>/<label>.nii.gz, to score them on SAT-DS's classes.")
    static final class NnUnetMasksCommand implements Callable<Integer> {
        @Option(names = "--dataset", required = true, description = "the exported Dataset<NNN>_<NAME> folder")
        Path dataset;

        @Option(names = "--pred", required = true, description = "nnUNetv2_predict's output folder")
        Path pred;

        @Option(names = "--out", required = true, description = "folder for the per-class masks")
        Path out;

        @Option(names = "--cases", description = "records of the predicted cases (default: the folder's satds_imagesTs.jsonl)")
        Path cases;

        @Override
        public Integer call() throws Exception {
            NnUnetMasks.Result r = NnUnetMasks.write(dataset, cases != null ? cases : dataset.resolve("satds_imagesTs.jsonl"), pred, out);
            r.missing().forEach(m -> System.err.println("missing: " + m));
            System.out.printf("%d cases, %d class masks written to %s; %d cases without a prediction%n", r.cases(), r.masks(), out,
                    r.missing().size());
            return r.missing().isEmpty() ? 0 : 1;
        }
    }
}
