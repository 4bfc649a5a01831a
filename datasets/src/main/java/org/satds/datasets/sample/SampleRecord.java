package org.satds.datasets.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/** One jsonl record (image, mask, label, modality, dataset, official_split, patient_id, ...), key order kept. */
public record SampleRecord(ObjectNode json) {
    public String text(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) throw new IllegalArgumentException("record has no '" + field + "'");
        return n.asText();
    }

    public String dataset() {
        return text("dataset");
    }

    public String image() {
        return text("image");
    }

    /** A record without a mask: SAT's inference jsonl (image, label, modality, dataset, optional orientation_code). */
    public boolean imageOnly() {
        return !json.hasNonNull("mask");
    }

    public String mask() {
        return text("mask");
    }

    public String patientId() {
        JsonNode n = json.get("patient_id");
        return n == null ? "" : n.asText();
    }

    /** The record's class names ("label"), empty when it has none. */
    public java.util.List<String> labels() {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode n = json.get("label");
        if (n != null) n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** A record path resolved against the folder the jsonl file lives in (absolute paths stay as they are). */
    public static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }
}
