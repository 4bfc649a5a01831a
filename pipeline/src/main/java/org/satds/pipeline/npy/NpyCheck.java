package org.satds.pipeline.npy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.satds.core.io.Npy;
import org.satds.pipeline.record.ConvertedRecord;

/**
 * {@code check --npy}: verifies a converted jsonl against the files convert_to_npy.py wrote. Per sample: the image npy
 * exists, reads, and has shape chwd; each non-empty label's cropped mask exists, reads, has its box's size, and
 * the box is exactly the mask's non-zero extent; roi is the union of the boxes (false when all labels are empty).
 * A label named twice is reported too: both would read one file, which holds only the later label.
 */
public final class NpyCheck {
    private NpyCheck() {}

    /** A failed check, with the file it concerns. */
    private static final class Problem extends Exception {
        final Path file;

        Problem(Path file, String reason) {
            super(reason);
            this.file = file;
        }
    }

    /** One issue per failing sample, in record order; empty when all pass. */
    public static List<NpyIssue> check(List<ObjectNode> records, Path base) {
        List<NpyIssue> issues = new ArrayList<>();
        for (ObjectNode r : records) check(r, base).ifPresent(issues::add);
        return issues;
    }

    /**
     * Datasets whose every class is empty in every converted sample (all boxes false), one message each: masks that
     * are the wrong files, or a recipe that reads values the masks do not hold.
     */
    public static List<String> emptyDatasets(List<ObjectNode> records) {
        Map<String, int[]> samplesAndNonEmpty = new LinkedHashMap<>();
        for (ObjectNode r : records) {
            int[] n = samplesAndNonEmpty.computeIfAbsent(r.path("dataset").asText(""), d -> new int[2]);
            n[0]++;
            for (JsonNode box : r.path("renorm_y1x1z1_y2x2z2")) if (box.isArray()) n[1]++;
        }
        List<String> out = new ArrayList<>();
        samplesAndNonEmpty.forEach((dataset, n) -> {
            if (n[1] == 0) out.add(dataset + ": every class is empty in all " + n[0] + " samples: are the masks the right files?");
        });
        return out;
    }

    /** The sample's first problem, if any. */
    public static Optional<NpyIssue> check(ObjectNode record, Path base) {
        String dataset = record.path("dataset").asText(""), patient = record.path("patient_id").asText("");
        try {
            checkFiles(ConvertedRecord.of(record, base));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new NpyIssue(dataset, patient, "", e.getMessage()));
        } catch (Problem p) {
            return Optional.of(new NpyIssue(dataset, patient, p.file == null ? "" : p.file.toString(), p.getMessage()));
        }
    }

    private static void checkFiles(ConvertedRecord r) throws Problem {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.labels().size(); i++)
            if (!seen.add(r.labels().get(i)))
                throw new Problem(r.maskFile(i), "label '" + r.labels().get(i) + "' is named twice, so both read one file");
        Npy.Array image = read(r.image());
        if (!Arrays.equals(image.shape(), r.chwd()))
            throw new Problem(r.image(), "image shape " + Arrays.toString(image.shape()) + " != chwd " + ConvertedRecord.str(r.chwd()));
        int[] union = null;
        for (int i = 0; i < r.labels().size(); i++) {
            int[] box = r.boxes().get(i);
            if (box == null) continue;
            Path file = r.maskFile(i);
            if (!NpyLoader.inside(box, r.chwd()))
                throw new Problem(file, "box " + ConvertedRecord.str(box) + " lies outside chwd " + ConvertedRecord.str(r.chwd()));
            Npy.Array crop = read(file);
            int[] size = {box[3] - box[0], box[4] - box[1], box[5] - box[2]};
            if (!Arrays.equals(crop.shape(), size))
                throw new Problem(file, "box mismatch: mask shape " + Arrays.toString(crop.shape()) + " != box " + ConvertedRecord.str(box));
            int[] extent = extent(NpyLoader.binary(crop), size);
            if (extent == null) throw new Problem(file, "box mismatch: mask is empty but has box " + ConvertedRecord.str(box));
            for (int k = 0; k < 6; k++) extent[k] += box[k % 3];
            if (!Arrays.equals(extent, box))
                throw new Problem(file, "box mismatch: box " + ConvertedRecord.str(box) + " != non-zero extent " + ConvertedRecord.str(extent));
            union = union == null ? box.clone() : union(union, box);
        }
        if (!Arrays.equals(union, r.roi()))
            throw new Problem(null, "roi " + ConvertedRecord.str(r.roi()) + " != union of boxes " + ConvertedRecord.str(union));
    }

    private static Npy.Array read(Path file) throws Problem {
        if (!Files.isRegularFile(file)) throw new Problem(file, "missing file");
        try {
            if (Files.size(file) == 0) throw new Problem(file, "empty file");
            return NpyLoader.read(file);
        } catch (IOException e) {
            throw new Problem(file, "unreadable npy: " + e.getMessage());
        }
    }

    /** [y1, x1, z1, y2, x2, z2] (end-exclusive) of the set voxels of a C-order volume, or null when none is set. */
    static int[] extent(byte[] m, int[] size) {
        int[] e = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        int i = 0;
        for (int y = 0; y < size[0]; y++)
            for (int x = 0; x < size[1]; x++)
                for (int z = 0; z < size[2]; z++, i++)
                    if (m[i] != 0) {
                        e[0] = Math.min(e[0], y);
                        e[1] = Math.min(e[1], x);
                        e[2] = Math.min(e[2], z);
                        e[3] = Math.max(e[3], y + 1);
                        e[4] = Math.max(e[4], x + 1);
                        e[5] = Math.max(e[5], z + 1);
                    }
        return e[3] < 0 ? null : e;
    }

    private static int[] union(int[] a, int[] b) {
        int[] u = new int[6];
        for (int k = 0; k < 3; k++) {
            u[k] = Math.min(a[k], b[k]);
            u[k + 3] = Math.max(a[k + 3], b[k + 3]);
        }
        return u;
    }
}
