package org.satds.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;

/** A task whose result is the record it returns, kept per sample in a {@link ConvertRunner.Results} folder. */
final class ResultsJob implements Job {
    private final NpyConverter converter;
    private final ConvertRunner.Conversion task;
    private final ConvertRunner.Results results;

    ResultsJob(NpyConverter converter, ConvertRunner.Conversion task, ConvertRunner.Results results) {
        this.converter = converter;
        this.task = task;
        this.results = results;
    }

    @Override
    public List<Input> inputs(ObjectNode record) {
        return converter.inputs(record);
    }

    @Override
    public ObjectNode run(ObjectNode record, int index, VolumeReader reader) throws IOException {
        return task.convert(record, index, reader);
    }

    @Override
    public String sampleId(ObjectNode record, int index) {
        return SampleId.of(record, index);
    }

    @Override
    public Path manifest(ObjectNode record, int index) {
        return results.manifest(new SampleRecord(record).dataset(), sampleId(record, index));
    }

    @Override
    public List<Path> outputs(ObjectNode result) {
        return results.files().apply(result);
    }

    /** The recipe and the task's format: a new format redoes every sample. */
    @Override
    public String rules(ObjectNode record) {
        try {
            // in one order: Map.of's changes from one JVM to the next, and with it the stamp, so a rerun redid samples
            Map<String, Object> rules = new LinkedHashMap<>();
            rules.put("format", results.format());
            rules.put("recipe", converter.recipe(record));
            return Jsonl.MAPPER.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rules of " + record, e);
        }
    }

    /** A task keeps its files beside the manifest, named after the sample id. */
    @Override
    public void clean(ObjectNode record, int index) throws IOException {
        AtomicFiles.deleteTemporaries(manifest(record, index).getParent(), "." + sampleId(record, index) + ".");
    }
}
