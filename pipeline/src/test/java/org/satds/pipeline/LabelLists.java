package org.satds.pipeline;

import org.satds.pipeline.jsonl.Jsonl;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * The two label lists the original produced for a dataset: processor.py's raw list (specs/processor_spec.json,
 * code_labels) and the published one (the first record of reference/jsonl, null when there is no jsonl), and the
 * raw names the published records reword (label_relation.renamed, e.g. ACDC 'left ventricle cavity').
 */
public final class LabelLists {
    private static JsonNode spec;

    private LabelLists() {}

    private static synchronized JsonNode spec() {
        if (spec == null) {
            try {
                spec = Jsonl.MAPPER.readTree(TestData.file("specs/processor_spec.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return spec;
    }

    /** processor.py's list, or null for a dataset the original had no processor for. */
    public static List<String> raw(String dataset) {
        JsonNode d = spec().get(dataset);
        return d == null ? null : strings(d.get("code_labels"));
    }

    /** The published list, or null for the datasets the original published no jsonl for. */
    public static List<String> published(String dataset) throws IOException {
        Path f = TestData.file("published").resolve(dataset + ".jsonl");
        if (!Files.exists(f)) return null;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            return strings(Jsonl.MAPPER.readTree(r.readLine()).get("label"));
        }
    }

    /** Raw processor.py name to the published name, for the names the published records reword. */
    public static Map<String, String> renamed(String dataset) {
        Map<String, String> out = new HashMap<>();
        JsonNode pairs = spec().path(dataset).path("label_relation").path("renamed");
        pairs.forEach(p -> out.put(p.get(0).asText(), p.get(1).asText()));
        return out;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }
}
