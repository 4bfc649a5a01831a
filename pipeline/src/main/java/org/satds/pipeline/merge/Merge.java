package org.satds.pipeline.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Merges jsonl files into one collection (README step 6: "merge the train jsonls of the data you want").
 *
 * <p>A sample's identity is its (dataset, image, mask) strings as written in the record: the same scan annotated by
 * two datasets (the TotalSegmentator subsets) is two samples, while the same image and mask listed twice under one
 * dataset would be trained on twice, so it is refused. Paths are compared as written, not resolved.
 */
public final class Merge {
    private Merge() {}

    /** The merged records in input order and the number of samples per dataset (in order of first appearance). */
    public record Result(List<ObjectNode> records, Map<String, Integer> countsPerDataset) {}

    /** Merges the files; throws {@link DuplicateSampleException} listing every duplicate, before anything is written. */
    public static Result merge(List<Path> jsonls) throws IOException {
        List<ObjectNode> all = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<List<String>, String> firstSeen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Path file : jsonls) {
            List<ObjectNode> records = Jsonl.read(file);
            for (int i = 0; i < records.size(); i++) {
                ObjectNode r = records.get(i);
                String where = file + " record " + (i + 1);
                List<String> id = List.of(field(r, "dataset", where), field(r, "image", where), field(r, "mask", where));
                String earlier = firstSeen.putIfAbsent(id, where);
                if (earlier != null) duplicates.add(String.join(" | ", id) + ": " + earlier + " and " + where);
                all.add(r);
                counts.merge(id.get(0), 1, Integer::sum);
            }
        }
        if (!duplicates.isEmpty()) throw new DuplicateSampleException(duplicates);
        return new Result(all, counts);
    }

    /** Merges and writes the collection atomically; nothing is written when a duplicate is found. */
    public static Result merge(List<Path> jsonls, Path out) throws IOException {
        Result r = merge(jsonls);
        Jsonl.write(out, r.records());
        return r;
    }

    private static String field(ObjectNode r, String name, String where) throws IOException {
        JsonNode v = r.get(name);
        if (v == null || !v.isTextual()) throw new IOException(where + ": no '" + name + "' string, so its identity is unknown");
        return v.textValue();
    }
}
