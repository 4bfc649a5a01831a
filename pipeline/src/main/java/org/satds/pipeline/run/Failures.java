package org.satds.pipeline.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.satds.pipeline.record.SampleId;

/** The samples that failed, collected from all workers, as records that can be converted again. */
final class Failures {
    private final Map<Integer, ConvertRunner.Failure> byIndex = new TreeMap<>();
    /** Names the samples; null: a task that writes nothing, whose samples are named as convert names them. */
    private final Job job;

    Failures(Job job) {
        this.job = job;
    }

    /**
     * The record with its sample_id (so a retry from the failures file names the sample as this run would have,
     * not by its new position) and an "error" field giving the reason in one line.
     */
    synchronized void add(int index, ObjectNode record, Throwable error) {
        ObjectNode failed = record.deepCopy();
        if (!failed.hasNonNull("sample_id")) SampleId.set(failed, job == null ? SampleId.of(record, index) : job.sampleId(record, index));
        failed.put("error", reason(error));
        byIndex.put(index, new ConvertRunner.Failure(index, failed, error));
    }

    synchronized List<ConvertRunner.Failure> inInputOrder() {
        return new ArrayList<>(byIndex.values());
    }

    static String reason(Throwable e) {
        if (e instanceof OutOfMemoryError) return "out of memory (lower --threads or --memory, or raise -Xmx)";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m.lines().findFirst().orElse(m);
    }
}
