package org.satds.pipeline.npy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fields convert_to_npy.py adds to a record, parsed and with paths resolved against a base folder (the original
 * opens them relative to its working directory). A box is [y1, x1, z1, y2, x2, z2], end-exclusive; null stands for
 * the original's {@code false} (empty label, no file written).
 */
record ConvertedRecord(String dataset, String patientId, String modality, Path image, int[] chwd, List<String> labels,
                       Path segmentationDir, List<int[]> boxes, int[] roi) {

    static ConvertedRecord of(ObjectNode r, Path base) throws IOException {
        if (r.has("renorm_image") && !r.has("renorm_segmentation_dir")) // an image-only (inference) record: no masks
            return new ConvertedRecord(r.path("dataset").asText(""), r.path("patient_id").asText(""), r.path("modality").asText(""),
                    base.resolve(text(r, "renorm_image")), ints(r.get("chwd"), 4, "chwd"), List.of(), null, List.of(), null);
        List<String> labels = new ArrayList<>();
        for (JsonNode l : array(r, "label")) labels.add(l.asText());
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode b : array(r, "renorm_y1x1z1_y2x2z2")) boxes.add(box(b, "renorm_y1x1z1_y2x2z2"));
        if (boxes.size() != labels.size())
            throw new IOException(labels.size() + " labels but " + boxes.size() + " boxes");
        return new ConvertedRecord(r.path("dataset").asText(""), r.path("patient_id").asText(""),
                r.path("modality").asText(""), base.resolve(text(r, "renorm_image")), ints(r.get("chwd"), 4, "chwd"),
                labels, base.resolve(text(r, "renorm_segmentation_dir")), boxes,
                box(required(r, "roi_y1x1z1_y2x2z2"), "roi_y1x1z1_y2x2z2"));
    }

    /** {seg_dir}/{label}.npy, the file the original writes a label's cropped mask to. */
    Path maskFile(int label) {
        return segmentationDir.resolve(labels.get(label) + ".npy");
    }

    private static JsonNode required(ObjectNode r, String name) throws IOException {
        JsonNode v = r.get(name);
        if (v == null) throw new IOException("no '" + name + "' field (not a converted record?)");
        return v;
    }

    private static String text(ObjectNode r, String name) throws IOException {
        JsonNode v = required(r, name);
        if (!v.isTextual()) throw new IOException("'" + name + "' is not a string");
        return v.textValue();
    }

    private static JsonNode array(ObjectNode r, String name) throws IOException {
        JsonNode v = required(r, name);
        if (!v.isArray()) throw new IOException("'" + name + "' is not a list");
        return v;
    }

    private static int[] box(JsonNode v, String name) throws IOException {
        return v.isBoolean() && !v.booleanValue() ? null : ints(v, 6, name);
    }

    private static int[] ints(JsonNode v, int n, String name) throws IOException {
        if (v == null || !v.isArray() || v.size() != n) throw new IOException("'" + name + "' is not a list of " + n + " integers: " + v);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            if (!v.get(i).canConvertToInt() || !v.get(i).isIntegralNumber())
                throw new IOException("'" + name + "' is not a list of " + n + " integers: " + v);
            a[i] = v.get(i).intValue();
        }
        return a;
    }

    static String str(int[] a) {
        return a == null ? "false" : Arrays.toString(a);
    }
}
