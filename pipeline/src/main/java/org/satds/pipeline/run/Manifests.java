package org.satds.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.convert.SatLayout;

/**
 * A sidecar per sample, written atomically after all of the sample's files: the input record, the recipe's hash,
 * each input's size and modification time, each output's size, and the converted record. A rerun takes the
 * converted record from it instead of converting again while all of that still holds; anything less (no
 * manifest, a changed input or recipe, a missing or resized output) means the sample is converted again.
 */
final class Manifests {
    /** Bump when the converter writes different files for the same inputs and recipe, so old outputs are redone. */
    static final int FORMAT = 1;

    private final NpyConverter converter;
    private final int format;
    /** Null: beside convert's outputs, in the npy layout; else a task's result folder (see ConvertRunner.Results). */
    private final ConvertRunner.Results results;
    private final Map<String, String> recipeHashes = new ConcurrentHashMap<>();

    Manifests(NpyConverter converter) {
        this.converter = converter;
        this.format = FORMAT;
        this.results = null;
    }

    Manifests(NpyConverter converter, ConvertRunner.Results results) {
        this.converter = converter;
        this.format = results.format();
        this.results = results;
    }

    /** The converted record of a complete and current sample, or null when the sample must be converted. */
    /** The name of the task whose results these are. */
    String task() {
        return results == null ? "convert" : results.task();
    }

    ObjectNode current(ObjectNode record, int index, List<Input> inputs) throws IOException {
        JsonNode m;
        try {
            m = Jsonl.MAPPER.readTree(Files.readString(path(record, index)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (JsonProcessingException e) {
            return null; // unreadable manifest: convert again, which rewrites it
        }
        if (m == null || m.path("format").asInt() != format || !recipeHash(record).equals(m.path("recipe").asText())
                || !sameJson(identified(record, index), m.get("record")) || !sameJson(stat(inputs), m.get("inputs")))
            return null;
        for (JsonNode out : m.path("outputs")) {
            Path p = Path.of(out.path("path").asText());
            if (!Files.isRegularFile(p) || Files.size(p) != out.path("size").asLong()) return null;
        }
        return m.get("converted") instanceof ObjectNode converted ? converted : null;
    }

    /**
     * The record with its sample_id filled in: a record retried from a failures file carries the id its position
     * gave it, and is still the same sample.
     */
    private static ObjectNode identified(ObjectNode record, int index) {
        ObjectNode r = record.deepCopy();
        NpyConverter.setSampleId(r, NpyConverter.sampleId(record, index));
        return r;
    }

    /** Compared as text: a number read back from JSON may be an int node where a long was written. */
    private static boolean sameJson(JsonNode a, JsonNode b) {
        return b != null && a.toString().equals(b.toString());
    }

    void write(ObjectNode record, int index, List<Input> inputs, ObjectNode converted) throws IOException {
        ObjectNode m = Jsonl.MAPPER.createObjectNode();
        m.put("format", format);
        m.put("recipe", recipeHash(record));
        m.set("record", identified(record, index));
        m.set("inputs", stat(inputs));
        ArrayNode outputs = m.putArray("outputs");
        for (Path p : results == null ? NpyConverter.outputFiles(converted) : results.files().apply(converted))
            outputs.addObject().put("path", p.toString()).put("size", Files.size(p));
        m.set("converted", converted);
        AtomicFiles.writeString(path(record, index), m.toPrettyString() + "\n");
    }

    /**
     * Before a sample is converted again: removes its manifest, so a crash midway cannot leave outputs that look
     * complete, and the temporary files an interrupted run left behind for this sample.
     */
    void invalidate(ObjectNode record, int index) throws IOException {
        String dataset = new SampleRecord(record).dataset(), id = NpyConverter.sampleId(record, index);
        SatLayout layout = converter.layout();
        Path manifest = path(record, index);
        Files.deleteIfExists(manifest);
        if (results != null) {
            deleteTemporaries(manifest.getParent(), "." + id + "."); // a task keeps its files beside the manifest
            return;
        }
        deleteTemporaries(manifest.getParent(), "." + id + ".json.");
        deleteTemporaries(Path.of(layout.image(dataset, id)).getParent(), "." + id + ".npy.");
        deleteTemporaries(Path.of(layout.unionMask(dataset, id)).getParent(), "." + id + ".npy.");
        deleteTemporaries(Path.of(layout.segmentationDir(dataset, id)), ".");
    }

    /** AtomicFiles names its temporaries "." + name + "." + pid + "." + thread + ".tmp". */
    private static void deleteTemporaries(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : s) Files.deleteIfExists(p);
        }
    }

    private Path path(ObjectNode record, int index) {
        String dataset = new SampleRecord(record).dataset(), id = NpyConverter.sampleId(record, index);
        return results == null ? Path.of(converter.layout().manifest(dataset, id)) : results.manifest(dataset, id);
    }

    private static ArrayNode stat(List<Input> inputs) throws IOException {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (Input in : inputs)
            a.addObject().put("path", in.file().toString()).put("size", Files.size(in.file()))
                    .put("mtime", Files.getLastModifiedTime(in.file()).toMillis());
        return a;
    }

    private String recipeHash(ObjectNode record) {
        Recipe recipe = converter.recipe(record);
        return recipeHashes.computeIfAbsent(recipe.dataset(), d -> {
            try {
                byte[] json = Jsonl.MAPPER.writeValueAsString(recipe).getBytes(StandardCharsets.UTF_8);
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
            } catch (JsonProcessingException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot hash recipe " + d, e);
            }
        });
    }
}
