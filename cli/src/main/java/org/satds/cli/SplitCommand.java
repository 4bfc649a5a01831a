package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = "Split a jsonl into train and test by patient: the paper's split (default), a split file, or a new random split.")
final class SplitCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "records of one dataset")
    Path jsonl;

    @Option(names = "--train", required = true, description = "train jsonl to write")
    Path train;

    @Option(names = "--test", required = true, description = "test jsonl to write")
    Path test;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--split-json", description = "a split file {\"train\": [patient ids], \"test\": [...]}")
        Path splitJson;

        @Option(names = "--ratio", description = "new random split by patient with this train fraction")
        Double ratio;
    }

    @Option(names = "--seed", defaultValue = "0", description = "seed of a --ratio split (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Preflight.distinct("--train", train, "--jsonl", jsonl);
        Preflight.distinct("--test", test, "--jsonl", jsonl);
        if (source != null && source.ratio != null && !(source.ratio > 0 && source.ratio < 1))
            throw new IllegalArgumentException("--ratio is the train fraction, between 0 and 1 exclusive, not " + source.ratio
                    + " (which leaves " + (source.ratio >= 1 ? "test" : "train") + " empty)");
        List<ObjectNode> records = Preflight.records(jsonl).stream().map(Jsonl.Line::record).toList();
        SplitSpec spec = source == null ? SplitSpec.paperFor(records)
                : source.splitJson != null ? SplitSpec.read(source.splitJson)
                : SplitSpec.random(records, source.ratio, seed);
        SplitResult r = spec.apply(records);
        if (source != null && source.ratio != null && (r.train().isEmpty() || r.test().isEmpty()))
            throw new IllegalArgumentException("--ratio " + source.ratio + " leaves " + (r.test().isEmpty() ? "test" : "train")
                    + " empty with " + (records.size() == 1 ? "this 1 record" : "these " + records.size() + " records") + "; nothing written");
        r.write(train, test);
        System.out.printf("train %d, test %d, unclassified %d records%n", r.train().size(), r.test().size(), r.unclassified().size());
        for (ObjectNode u : r.unclassified())
            System.err.println("unclassified: patient_id " + u.path("patient_id").asText("(none)") + " " + u.path("image").asText());
        return r.unclassified().isEmpty() ? 0 : 1;
    }
}
