package org.satds.datasets.discovery;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of processing one dataset.
 *
 * @param dataset  dataset name
 * @param jsonl    the jsonl file written
 * @param outcomes one entry per found sample, in discovery order
 */
public record ProcessReport(String dataset, Path jsonl, List<SampleOutcome> outcomes) {
    public ProcessReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Matched files (a file giving several records, e.g. one per MR sequence, counts once). */
    public long found() {
        return outcomes.stream().map(SampleOutcome::found).distinct().count();
    }

    /** Records written. */
    public long paired() {
        return outcomes.stream().filter(SampleOutcome::paired).count();
    }

    public Map<SampleOutcome.SkipReason, Long> skipped() {
        Map<SampleOutcome.SkipReason, Long> counts = new EnumMap<>(SampleOutcome.SkipReason.class);
        for (SampleOutcome o : outcomes) {
            if (!o.paired()) {
                counts.merge(o.skipped(), 1L, Long::sum);
            }
        }
        return counts;
    }

    public String summary() {
        return dataset + ": found " + found() + ", paired " + paired() + ", skipped " + skipped() + " -> " + jsonl;
    }
}
