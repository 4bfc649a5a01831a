package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satds.datasets.sample.NativeSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Records of one case that differ only in their sequence (BraTS's t1n/t1c/t2w/t2f files with one mask, MSD_Prostate's
 * T2/ADC channels of one 4D file) made one nnU-Net case with a channel per sequence. Records belong to one case when
 * everything but image, modality and sample_id is the same (dataset, patient_id, mask, label ...). A record's
 * sequence is the channel its image names ({@code file.nii.gz/T2}), else the last part of its file name split at
 * -, _ or . ({@code BraTS-GLI-00000-000-t1c.nii.gz} gives t1c). Channels are numbered in the order given, else in
 * the order the sequences first appear in the records.
 */
public final class Channels {
    private final List<String> order;

    /** @param order the sequences in channel order (_0000, _0001, ...), or empty for their order of first appearance */
    public Channels(List<String> order) {
        this.order = List.copyOf(order);
    }

    /** One case's records, channel by channel (the first holds the case's name and its classes). */
    record Group(List<ObjectNode> records) {}

    /** The groups, in the order of their first records, and the channel names; refusals name the incomplete ones. */
    record Grouping(List<Group> groups, List<String> names) {}

    Grouping group(List<ObjectNode> records, SampleLoader loader, List<String> refusals) {
        Map<String, Map<String, ObjectNode>> byCase = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>(order);
        for (ObjectNode r : records) {
            String sequence = sequence(r, loader);
            seen.add(sequence);
            ObjectNode rest = r.deepCopy();
            rest.remove(List.of("image", "modality", "sample_id"));
            Map<String, ObjectNode> group = byCase.computeIfAbsent(Jsonl.dumps(rest), k -> new LinkedHashMap<>());
            ObjectNode before = group.putIfAbsent(sequence, r);
            if (before != null)
                refusals.add(caseName(before) + ": sequence '" + sequence + "' twice (" + before.path("image").asText() + " and "
                        + r.path("image").asText() + "); give the records distinct file names or channels");
        }
        List<String> names = List.copyOf(order.isEmpty() ? seen : order);
        List<Group> groups = new ArrayList<>();
        for (Map<String, ObjectNode> group : byCase.values()) {
            List<String> missing = names.stream().filter(n -> !group.containsKey(n)).toList();
            List<String> extra = group.keySet().stream().filter(n -> !names.contains(n)).toList();
            String name = caseName(group.values().iterator().next());
            if (!missing.isEmpty()) refusals.add(name + ": no " + String.join(", ", missing) + " sequence (has " + String.join(", ", group.keySet())
                    + "); nnU-Net needs every channel in every case");
            else if (!extra.isEmpty()) refusals.add(name + ": sequence " + String.join(", ", extra) + " is not one of the channels " + names);
            else groups.add(new Group(names.stream().map(group::get).toList()));
        }
        return new Grouping(groups, names);
    }

    private static String caseName(ObjectNode r) {
        return r.path("dataset").asText() + " " + r.path("patient_id").asText(r.path("image").asText());
    }

    static String sequence(ObjectNode record, SampleLoader loader) {
        String channel = NativeSample.channelName(loader, new SampleRecord(record));
        if (channel != null) return channel;
        String file = Path.of(record.path("image").asText()).getFileName().toString();
        String stem = file.replaceFirst("(?i)\\.(nii\\.gz|nii|mha|mhd|nrrd|nhdr|npy)$", "");
        String[] parts = stem.split("[-_.]");
        return parts.length == 0 ? stem : parts[parts.length - 1];
    }
}
