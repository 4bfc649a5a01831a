package org.satds.pipeline.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fields convert_to_npy.py adds to a record ({@code renorm_image}, {@code chwd}, {@code roi_y1x1z1_y2x2z2},
 * {@code renorm_segmentation_dir}, {@code renorm_y1x1z1_y2x2z2}, the labels written), read with paths resolved
 * against a base folder (the original opens them relative to its working directory) and written in the original's
 * order; our {@link NormalizationTrace} follows them. A box is [y1, x1, z1, y2, x2, z2], end-exclusive; null stands
 * for the original's {@code false} (empty label, no file written).
 */
public record ConvertedRecord(String dataset, String patientId, String modality, Path image, int[] chwd, List<String> labels,
                              Path segmentationDir, List<int[]> boxes, int[] roi) {

    /** Whether the record has been converted (names its normalized image). */
    public static boolean isConverted(ObjectNode r) {
        return r.hasNonNull("renorm_image");
    }

    public static ConvertedRecord of(ObjectNode r, Path base) throws IOException {
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
    public Path maskFile(int label) {
        return segmentationDir.resolve(labels.get(label) + ".npy");
    }

    /** Sets the paths of a sample's files under {@code layout}: renorm_image, and renorm_segmentation_dir when it has masks. */
    public static void putPaths(ObjectNode record, SatLayout layout, String dataset, String id) {
        record.put("renorm_image", layout.image(dataset, id));
        if (!record.hasNonNull("mask") && !record.has("renorm_segmentation_dir")) return; // image-only: no masks
        record.put("renorm_segmentation_dir", layout.segmentationDir(dataset, id));
    }

    /**
     * Writes the converted fields in the original's order (renorm_image, chwd, roi, label, renorm_segmentation_dir,
     * boxes; an image-only record: renorm_image and chwd), then the trace.
     *
     * @param boxes each label's box, null when empty; null for an image-only record
     * @param roi   the union of the boxes, null when every label is empty
     */
    public static void put(ObjectNode record, SatLayout layout, String dataset, String id, int[] hwd, List<String> labels,
                           List<int[]> boxes, int[] roi, ObjectNode trace) {
        record.put("renorm_image", layout.image(dataset, id));
        record.putArray("chwd").add(1).add(hwd[0]).add(hwd[1]).add(hwd[2]);
        if (boxes != null) {
            record.set("roi_y1x1z1_y2x2z2", box(roi));
            ArrayNode names = record.putArray("label");
            labels.forEach(names::add);
            record.put("renorm_segmentation_dir", layout.segmentationDir(dataset, id));
            ArrayNode b = record.putArray("renorm_y1x1z1_y2x2z2");
            boxes.forEach(x -> b.add(box(x)));
        }
        record.set(NormalizationTrace.FIELD, trace);
    }

    private static JsonNode box(int[] b) {
        if (b == null) return BooleanNode.FALSE;
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int v : b) a.add(v);
        return a;
    }

    /**
     * The files a converted record names: one npy per non-empty label, the union mask if any, and the image (an
     * image-only record: the image).
     */
    public static List<Path> outputFiles(ObjectNode converted) {
        List<Path> files = new ArrayList<>();
        if (!converted.has("renorm_segmentation_dir")) return List.of(Path.of(converted.get("renorm_image").asText()));
        String dir = converted.get("renorm_segmentation_dir").asText();
        JsonNode labels = converted.get("label"), boxes = converted.get("renorm_y1x1z1_y2x2z2");
        for (int i = 0; i < labels.size(); i++)
            if (boxes.get(i).isArray()) files.add(Path.of(dir, labels.get(i).asText() + ".npy"));
        if (converted.get("roi_y1x1z1_y2x2z2").isArray()) files.add(Path.of(dir + ".npy"));
        files.add(Path.of(converted.get("renorm_image").asText()));
        return files;
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

    public static String str(int[] a) {
        return a == null ? "false" : Arrays.toString(a);
    }
}
