package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.catalog.Vocabulary;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.check.SampleCheck;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.NpyCheck;
import org.satds.pipeline.npy.NpyIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Load and normalize every sample (in parallel) and verify it; with --npy, verify a converted jsonl's files instead.")
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "jsonl to check")
    Path jsonl;

    @Mixin
    LoaderOptions source;

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

    private List<NpyIssue> checkLoaded(List<ObjectNode> records) {
        SampleLoader loader = source.loader();
        Vocabulary vocabulary = Vocabulary.builtIn();
        NpyIssue[] found = new NpyIssue[records.size()];
        IntStream.range(0, records.size()).parallel().forEach(i -> found[i] = checkOne(loader, vocabulary, records.get(i)));
        List<NpyIssue> out = new ArrayList<>();
        for (NpyIssue i : found) if (i != null) out.add(i);
        return out;
    }

    private NpyIssue checkOne(SampleLoader loader, Vocabulary vocabulary, ObjectNode record) {
        SampleRecord r = new SampleRecord(record);
        String dataset = record.path("dataset").asText(), patient = record.path("patient_id").asText();
        try {
            NormalizedSample s = loader.load(r, source.base());
            String modality = loader.recipes().get(r.dataset()).modality();
            List<String> problems = SampleCheck.problems(s, SampleLoader.outputNames(loader.recipes().get(r.dataset())).size(),
                    label -> vocabulary.accepts(r.dataset(), modality, label));
            return problems.isEmpty() ? null : new NpyIssue(dataset, patient, r.image(), String.join("; ", problems));
        } catch (Exception e) {
            return new NpyIssue(dataset, patient, record.path("image").asText(), String.valueOf(e.getMessage()));
        }
    }
}
