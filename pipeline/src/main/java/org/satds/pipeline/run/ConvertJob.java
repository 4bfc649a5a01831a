package org.satds.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.VolumeReader;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.ConvertedRecord;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.record.SatLayout;

/** Converting to SAT's npy layout as a runner job: manifests under the npy root, the recipe as the rules. */
final class ConvertJob implements Job {
    private final NpyConverter converter;

    ConvertJob(NpyConverter converter) {
        this.converter = converter;
    }

    @Override
    public List<Input> inputs(ObjectNode record) {
        return converter.inputs(record);
    }

    @Override
    public ObjectNode run(ObjectNode record, int index, VolumeReader reader) throws IOException {
        return converter.convert(record, index, reader);
    }

    @Override
    public String sampleId(ObjectNode record, int index) {
        return SampleId.of(record, index);
    }

    @Override
    public Path manifest(ObjectNode record, int index) {
        return Path.of(converter.layout().manifest(new SampleRecord(record).dataset(), sampleId(record, index)));
    }

    @Override
    public List<Path> outputs(ObjectNode result) {
        return ConvertedRecord.outputFiles(result);
    }

    @Override
    public ObjectNode relocated(ObjectNode stored, ObjectNode record, int index) {
        ConvertedRecord.putPaths(stored, converter.layout(), new SampleRecord(record).dataset(), sampleId(record, index));
        return stored;
    }

    /** The recipe (an image-only record has none: what decides its outputs is the orientation override). */
    @Override
    public String rules(ObjectNode record) {
        try {
            Object rules = new SampleRecord(record).imageOnly()
                    ? Map.of("image-only", String.valueOf(converter.orientationOverride())) : converter.recipe(record);
            return Jsonl.MAPPER.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rules of " + record, e);
        }
    }

    @Override
    public void clean(ObjectNode record, int index) throws IOException {
        String dataset = new SampleRecord(record).dataset(), id = sampleId(record, index);
        SatLayout layout = converter.layout();
        AtomicFiles.deleteTemporaries(manifest(record, index).getParent(), "." + id + ".json.");
        AtomicFiles.deleteTemporaries(Path.of(layout.image(dataset, id)).getParent(), "." + id + ".npy.");
        AtomicFiles.deleteTemporaries(Path.of(layout.unionMask(dataset, id)).getParent(), "." + id + ".npy.");
        AtomicFiles.deleteTemporaries(Path.of(layout.segmentationDir(dataset, id)), ".");
    }
}
