package org.satds.viewer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;

/**
 * The samples the viewer shows, by dataset and sample id, from any mix of jsonl files: raw (processed) records,
 * converted records and restored ones ({@code restore}'s restored.jsonl). The records of one sample from different
 * files are kept together, so its page offers every space they allow. A sample is found by its dataset and id only;
 * nothing a request says is ever taken as a path.
 */
public final class Collection {
    /**
     * One sample's records.
     *
     * @param labelled  a record with image and mask (a raw or converted record), or null
     * @param converted a converted record (renorm_image), or null
     * @param restored  a restored record (restored, restored_label_map), or null
     * @param image     a record with the native scan (any of them), or null
     */
    public record Sample(String dataset, String id, ObjectNode labelled, ObjectNode converted, ObjectNode restored, ObjectNode image) {
        Sample with(ObjectNode r) {
            return new Sample(dataset, id, labelled == null && r.hasNonNull("mask") ? r : labelled,
                    converted == null && r.has("renorm_image") ? r : converted,
                    restored == null && r.has("restored") ? r : restored,
                    image == null && r.hasNonNull("image") ? r : image);
        }

        /** The spaces this sample can be shown in, in the order the page offers them. */
        public List<String> spaces() {
            List<String> s = new ArrayList<>();
            if (converted != null) s.add("normalized");
            if (image != null) s.add("native");
            if (restored != null) s.add("restored");
            return s;
        }

        /** Its class names: the converted record's, else the labelled or restored record's. */
        public List<String> labels() {
            ObjectNode r = converted != null ? converted : labelled != null ? labelled : restored != null ? restored : image;
            List<String> l = new ArrayList<>();
            r.path("label").forEach(n -> l.add(n.asText()));
            return l;
        }

        public String modality() {
            return (converted != null ? converted : image != null ? image : restored).path("modality").asText("");
        }
    }

    private final Map<String, Map<String, Sample>> datasets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /**
     * The samples of the jsonl files. A restored record also joins the labelled samples of its scan (the same file,
     * resolved against {@code base}) under their own ids: restore names inference records after their image, while
     * labelled records are named by position, and {@code evaluate --native} pairs them by the scan, as here.
     */
    public static Collection read(List<Path> jsonls, Path base) throws IOException {
        Collection c = new Collection();
        Map<String, ObjectNode> restoredByScan = new HashMap<>();
        for (Path f : jsonls) {
            List<ObjectNode> records = Jsonl.read(f);
            for (int i = 0; i < records.size(); i++) {
                c.add(records.get(i), SampleId.of(records.get(i), i));
                if (records.get(i).has("restored") && records.get(i).hasNonNull("image"))
                    restoredByScan.putIfAbsent(scan(records.get(i), base), records.get(i));
            }
        }
        for (Map<String, Sample> samples : c.datasets.values())
            samples.replaceAll((id, s) -> s.restored() == null && s.labelled() != null && restoredByScan.containsKey(scan(s.labelled(), base))
                    ? s.with(restoredByScan.get(scan(s.labelled(), base))) : s);
        return c;
    }

    private static String scan(ObjectNode record, Path base) {
        return record.path("dataset").asText("") + "\n" + base.resolve(record.get("image").asText()).toAbsolutePath().normalize();
    }

    private void add(ObjectNode record, String id) {
        String dataset = record.path("dataset").asText("");
        Map<String, Sample> samples = datasets.computeIfAbsent(dataset, d -> new TreeMap<>(Collection::naturalOrder));
        Sample s = samples.getOrDefault(id, new Sample(dataset, id, null, null, null, null));
        samples.put(id, s.with(record));
    }

    public Map<String, Map<String, Sample>> datasets() {
        return datasets;
    }

    public Optional<Sample> sample(String dataset, String id) {
        Map<String, Sample> samples = datasets.get(dataset);
        return Optional.ofNullable(samples == null ? null : samples.get(id));
    }

    /** Ids as numbers where both are numbers (0, 1, ..., 10), else as text. */
    static int naturalOrder(String a, String b) {
        if (a.matches("\\d{1,9}") && b.matches("\\d{1,9}")) return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        return a.compareTo(b);
    }
}
