package org.satds.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.satds.core.io.AtomicFiles;
import org.satds.pipeline.merge.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merge jsonl files into one collection, refusing duplicate samples (same dataset, image and mask).")
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "merged jsonl to write")
    Path out;

    @Parameters(arity = "1..*", description = "jsonl files to merge")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        for (Path in : inputs) Preflight.distinct("--out", out, "the input", in);
        AtomicFiles.checkWritable(out);
        Merge.Result r = Merge.merge(inputs, out);
        if (r.records().isEmpty()) throw new IllegalArgumentException("the inputs hold no records: " + inputs);
        for (Map.Entry<String, Integer> e : r.countsPerDataset().entrySet()) System.out.printf("%-32s %7d%n", e.getKey(), e.getValue());
        System.out.printf("%-32s %7d -> %s%n", "total", r.records().size(), out);
        return 0;
    }
}
