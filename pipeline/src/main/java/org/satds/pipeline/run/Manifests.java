package org.satds.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.Freshness;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;

/**
 * A sidecar per sample, written atomically after all of the sample's files: the input record, the inputs'
 * {@link Freshness} stamp under the job's rules, each output's path below the npy root and size, and the converted
 * record. A rerun takes the converted record from it instead of converting again while all of that still holds;
 * anything less (no manifest, a changed record, input or recipe, a missing or resized output) means the sample is
 * converted again.
 *
 * <p>Nothing in it depends on where the folders are: inputs are compared by the stamp (the record, compared as well,
 * names them), outputs by their path from the manifest's folder, and the converted record's paths are rebuilt from the
 * current root. So the npy folder (or the raw data, moved with its times kept) can move: a rerun
 * with the new {@code --npy-root} skips every sample and writes records with the new paths.
 */
final class Manifests {
    /** Bump when the converter writes different files for the same inputs and recipe, so old outputs are redone. */
    static final int FORMAT = 2; // 2: inputs and rules as one Freshness stamp

    private final Job job;

    Manifests(Job job) {
        this.job = job;
    }

    /** The converted record of a complete and current sample, or null when the sample must be converted. */
    ObjectNode current(ObjectNode record, int index, List<Input> inputs) throws IOException {
        JsonNode m;
        try {
            m = Jsonl.MAPPER.readTree(Files.readString(job.manifest(record, index)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonProcessingException e) {
            return null; // unreadable manifest: convert again, which rewrites it
        }
        if (m == null || !Freshness.current(m.path("stamp").textValue(), stamp(record, inputs))
                || !sameJson(identified(record, index), m.get("record")))
            return null;
        Path folder = job.manifest(record, index).toAbsolutePath().getParent();
        Map<String, String> moved = new HashMap<>();
        for (JsonNode out : m.path("outputs")) {
            Path p = folder.resolve(out.path("from_manifest").asText()).normalize(); // where the output is now
            if (!Files.isRegularFile(p) || Files.size(p) != out.path("size").asLong()) return null;
            moved.put(out.path("path").asText(), p.toString());
        }
        if (!(m.get("converted") instanceof ObjectNode converted)) return null;
        renamePaths(converted, moved);
        return job.relocated(converted, record, index);
    }

    /** The output record's fields naming an output where it was written, made to name it where it is now. */
    private static void renamePaths(JsonNode node, Map<String, String> moved) {
        if (node instanceof ObjectNode o) {
            for (var field : o.properties()) {
                String now = field.getValue().isTextual() ? moved.get(field.getValue().asText()) : null;
                if (now != null) o.put(field.getKey(), now);
                else renamePaths(field.getValue(), moved);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String now = a.get(i).isTextual() ? moved.get(a.get(i).asText()) : null;
                if (now != null) a.set(i, now);
                else renamePaths(a.get(i), moved);
            }
        }
    }

    /** The inputs' stamp under the job's rules and this manifest's format. */
    private String stamp(ObjectNode record, List<Input> inputs) throws IOException {
        return Freshness.stamp(inputs.stream().map(Input::file).toList(), "manifest format " + FORMAT + "\n" + job.rules(record));
    }

    /**
     * The record with its sample_id filled in: a record retried from a failures file carries the id its position
     * gave it, and is still the same sample.
     */
    private ObjectNode identified(ObjectNode record, int index) {
        ObjectNode r = record.deepCopy();
        SampleId.set(r, job.sampleId(record, index));
        return r;
    }

    /** Compared as text: a number read back from JSON may be an int node where a long was written. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        return b != null && a.toString().equals(b.toString());
    }

    void write(ObjectNode record, int index, List<Input> inputs, ObjectNode converted) throws IOException {
        ObjectNode m = Jsonl.MAPPER.createObjectNode();
        m.put("stamp", stamp(record, inputs));
        m.set("record", identified(record, index));
        ArrayNode outputs = m.putArray("outputs");
        Path folder = job.manifest(record, index).toAbsolutePath().getParent();
        for (Path p : job.outputs(converted))
            outputs.addObject().put("path", p.toString())
                    .put("from_manifest", folder.relativize(p.toAbsolutePath()).toString().replace('\\', '/'))
                    .put("size", Files.size(p));
        m.set("converted", converted);
        AtomicFiles.writeString(job.manifest(record, index), m.toPrettyString() + "\n");
    }

    /**
     * Before a sample is converted again: removes its manifest, so a crash midway cannot leave outputs that look
     * complete, and the temporary files an interrupted run left behind for this sample.
     */
    void invalidate(ObjectNode record, int index) throws IOException {
        Files.deleteIfExists(job.manifest(record, index));
        job.clean(record, index);
    }
}
