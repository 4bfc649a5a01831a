package org.satds.pipeline.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The one rule that names a sample, used by every job (convert, restore, evaluate, stats, export, relocate, the
 * viewer): the name of its npy files, of SAT's prediction folder {@code seg_<id>} and of restore's outputs.
 * <ol>
 *   <li>a converted record: its {@code renorm_image} file name without {@code .npy}, as SAT's evaluate_dataset.py
 *       names the predictions it writes (convert writes that file as {@code <id>.npy}, so it is the record's id);</li>
 *   <li>else the record's {@code sample_id};</li>
 *   <li>else an image-only (inference) record: its image's file name without {@code .nii.gz}/{@code .nii}, as SAT's
 *       inference names its outputs;</li>
 *   <li>else the record's position in its jsonl (from 0), as SAT-DS's convert_to_npy.py numbers samples.</li>
 * </ol>
 */
public final class SampleId {
    private SampleId() {}

    public static String of(ObjectNode record, int index) {
        JsonNode image = record.get("renorm_image");
        if (image != null && image.isTextual()) return stem(image.textValue(), ".npy");
        JsonNode id = record.get("sample_id");
        if (id != null && !id.isNull()) return id.asText();
        JsonNode raw = record.get("image");
        if (!record.hasNonNull("mask") && raw != null && raw.isTextual()) return imageStem(raw.textValue());
        return Integer.toString(index);
    }

    /** SAT inference's sample id: the image's file name without .nii.gz or .nii. */
    public static String imageStem(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7) : stem(name, ".nii");
    }

    /** Sets sample_id as the original does: a number when the id is one. */
    public static void set(ObjectNode record, String id) {
        try {
            record.put("sample_id", Integer.parseInt(id));
        } catch (NumberFormatException e) {
            record.put("sample_id", id);
        }
    }

    /**
     * Refuses records that a job would write to one place (two image-only records {@code a/image.nii.gz} and
     * {@code b/image.nii.gz} of one dataset, say): one line per shared place, naming the records by position (from 1)
     * and image, and the fix. Nothing has been written when this throws.
     *
     * @param place where a record's outputs go (a job's manifest, say)
     */
    public static void requireDistinct(List<ObjectNode> records, BiFunction<ObjectNode, Integer, Object> place) {
        Map<Object, List<Integer>> at = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Object where;
            try {
                where = place.apply(records.get(i), i);
            } catch (RuntimeException e) {
                continue; // a record that names no place (no dataset, say) fails alone in the run, with its reason
            }
            at.computeIfAbsent(where, k -> new ArrayList<>()).add(i);
        }
        List<String> clashes = new ArrayList<>();
        at.forEach((where, positions) -> {
            if (positions.size() < 2) return;
            ObjectNode first = records.get(positions.get(0));
            StringBuilder line = new StringBuilder("records");
            for (int p : positions) line.append(p == positions.get(0) ? " " : ", ").append(p + 1)
                    .append(" (").append(records.get(p).path("image").asText("?")).append(')');
            clashes.add(line.append(" are all sample '").append(of(first, positions.get(0))).append("' of ")
                    .append(first.path("dataset").asText("?")).toString());
        });
        if (clashes.isEmpty()) return;
        throw new IllegalArgumentException("samples that would overwrite each other's outputs, nothing was written:\n  "
                + String.join("\n  ", clashes) + "\n  give each of these records a distinct \"sample_id\" field");
    }

    private static String stem(String path, String suffix) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
