package org.satds.pipeline.split;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.pipeline.jsonl.Jsonl;

/** Records split into train and test, in input order; unclassified records belong to no listed patient. */
public record SplitResult(List<ObjectNode> train, List<ObjectNode> test, List<ObjectNode> unclassified) {
    public SplitResult {
        train = List.copyOf(train);
        test = List.copyOf(test);
        unclassified = List.copyOf(unclassified);
    }

    /** Writes train and test jsonl (byte-identical to what train_test_split.py writes); unclassified are not written. */
    public void write(Path trainJsonl, Path testJsonl) throws IOException {
        Jsonl.write(trainJsonl, train);
        Jsonl.write(testJsonl, test);
    }
}
