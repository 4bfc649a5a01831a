package org.satds.pipeline.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.SampleLoader.Input;

/**
 * What {@link ConvertRunner} runs over records: converting to npy ({@link ConvertJob}), restoring predictions, ...
 * The runner brings parallelism, the memory budget, decode-once and failure records; the job says what a record
 * reads and writes, so that the runner can resume it from manifests.
 */
public interface Job {
    /** The files a record reads, the image first (for grouping, the memory estimate, and change detection). */
    List<Input> inputs(ObjectNode record);

    /** Does one sample, reading volumes through {@code reader}; returns its output record. */
    ObjectNode run(ObjectNode record, int index, VolumeReader reader) throws IOException;

    /** The sample's id (names its outputs), from the record or its position in the input. */
    String sampleId(ObjectNode record, int index);

    /** The sidecar that marks the sample's outputs complete and current. */
    Path manifest(ObjectNode record, int index);

    /** The files an output record names (checked for presence and size on resume). */
    List<Path> outputs(ObjectNode result);

    /** What besides the record and its input files decides the outputs (the recipe, the options), as text. */
    String rules(ObjectNode record);

    /** What the progress bar calls the work. */
    default String name() {
        return "convert";
    }

    /** A stored output record made current: its paths rebuilt for where the outputs are now. */
    default ObjectNode relocated(ObjectNode stored, ObjectNode record, int index) {
        return stored;
    }

    /** Removes what an interrupted run of this sample left behind (temporary files), before it runs again. */
    void clean(ObjectNode record, int index) throws IOException;
}
