package org.satds.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.satds.pipeline.record.SampleId;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * A sidecar per sample, written atomically after all of the sample's files: the input record, the recipe's hash,
 * each input's size and modification time, each output's path below the npy root and size, and the converted
 * record. A rerun takes the converted record from it instead of converting again while all of that still holds;
 * anything less (no manifest, a changed record, input or recipe, a missing or resized output) means the sample is
 * converted again.
 *
 * <p>Nothing in it depends on where the folders are: inputs are compared by size and modification time (the record,
 * compared as well, names them), outputs by their path below the npy root, and the converted record's paths are
 * rebuilt from the current root. So the npy folder (or the raw data, moved with its times kept) can move: a rerun
 * with the new {@code --npy-root} skips every sample and writes records with the new paths.
 */
final class Manifests {
    /** Bump when the converter writes different files for the same inputs and recipe, so old outputs are redone. */
    static final int FORMAT = 1;

    private final Job job;
    private final Map<String, String> ruleHashes = new ConcurrentHashMap<>();

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
        if (m == null || m.path("format").asInt() != FORMAT || !rulesHash(record).equals(m.path("recipe").asText())
                || !sameJson(identified(record, index), m.get("record")) || !sameInputs(stat(inputs), m.get("inputs")))
            return null;
        for (JsonNode out : m.path("outputs")) {
            // "below_root": where the output is now; "path" alone: a manifest written before the root could move
            Path p = out.has("below_root") && job.outputRoot() != null ? job.outputRoot().resolve(out.get("below_root").asText())
                    : Path.of(out.path("path").asText());
            if (!Files.isRegularFile(p) || Files.size(p) != out.path("size").asLong()) return null;
        }
        return m.get("converted") instanceof ObjectNode converted ? job.relocated(converted, record, index) : null;
    }

    /** Inputs by size and modification time, in order; their paths may differ (the data root moved). */
    private static boolean sameInputs(ArrayNode now, JsonNode then) {
        if (then == null || then.size() != now.size()) return false;
        for (int i = 0; i < now.size(); i++)
            if (now.get(i).path("size").asLong() != then.get(i).path("size").asLong()
                    || now.get(i).path("mtime").asLong() != then.get(i).path("mtime").asLong()) return false;
        return true;
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
        m.put("format", FORMAT);
        m.put("recipe", rulesHash(record));
        m.set("record", identified(record, index));
        m.set("inputs", stat(inputs));
        ArrayNode outputs = m.putArray("outputs");
        Path root = job.outputRoot();
        for (Path p : job.outputs(converted)) {
            ObjectNode out = outputs.addObject().put("path", p.toString());
            if (root != null) out.put("below_root", root.relativize(p).toString().replace('\\', '/'));
            out.put("size", Files.size(p));
        }
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

    private static ArrayNode stat(List<Input> inputs) throws IOException {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (Input in : inputs)
            a.addObject().put("path", in.file().toString()).put("size", Files.size(in.file()))
                    .put("mtime", Files.getLastModifiedTime(in.file()).toMillis());
        return a;
    }

    private String rulesHash(ObjectNode record) {
        return ruleHashes.computeIfAbsent(job.rules(record), rules -> {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rules.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256", e);
            }
        });
    }
}
