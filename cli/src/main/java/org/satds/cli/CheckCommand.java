package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.io.IOException;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.catalog.Vocabulary;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.check.SampleCheck;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.npy.NpyCheck;
import org.satds.pipeline.npy.NpyIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Load and normalize every sample (in parallel, within a memory budget) and verify it; with --npy, verify a converted jsonl's files instead.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "jsonl to check")
    Path jsonl;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Option(names = "--npy", description = "the jsonl is converted: check files, shapes against chwd and boxes against masks")
    boolean npy;

    @Option(names = "--errors", description = "write the report here: one tab-separated line per failing sample (dataset, patient_id, file, reason)")
    Path errors;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> records = Jsonl.read(jsonl);
        List<NpyIssue> issues = npy ? NpyCheck.check(records, source.base()) : checkLoaded(records);
        StringBuilder report = new StringBuilder();
        for (NpyIssue i : issues) report.append(i.line()).append('\n');
        System.err.print(report);
        if (errors != null) AtomicFiles.writeString(errors, report.toString());
        System.out.printf("checked %d samples: %d passed, %d failed%n", records.size(), records.size() - issues.size(), issues.size());
        return issues.isEmpty() ? 0 : 1;
    }

    /**
     * Loads every sample through the runner (parallel, within the memory budget, each shared file decoded once);
     * a sample with problems fails with them as its error.
     */
    private List<NpyIssue> checkLoaded(List<ObjectNode> records) throws InterruptedException {
        SampleLoader loader = source.loader();
        Vocabulary vocabulary = Vocabulary.builtIn();
        NpyConverter inputs = new NpyConverter(loader, "", source.base());
        ConvertRunner runner = ConvertRunner.withoutOutputs(inputs, run.options(), (record, index, reader) -> {
            SampleRecord r = new SampleRecord(record);
            NormalizedSample s = loader.load(r, source.base(), reader);
            // an image-only (inference) record has no masks to check, only the normalized image
            List<String> problems = r.imageOnly() ? SampleCheck.problems(s, 0, label -> true)
                    : SampleCheck.problems(s, SampleLoader.outputNames(loader.recipes().get(r.dataset())).size(),
                            label -> vocabulary.accepts(r.dataset(), loader.recipes().get(r.dataset()).modality(), label));
            if (!problems.isEmpty()) throw new IOException(r.image() + ": " + String.join("; ", problems));
            return record;
        });
        List<NpyIssue> out = new ArrayList<>();
        for (ConvertRunner.Failure f : runner.run(records).failures()) {
            ObjectNode rec = f.record();
            out.add(new NpyIssue(rec.path("dataset").asText(), rec.path("patient_id").asText(), rec.path("image").asText(),
                    String.valueOf(f.cause().getMessage())));
        }
        return out;
    }
}
