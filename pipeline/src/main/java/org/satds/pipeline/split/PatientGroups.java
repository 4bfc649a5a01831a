package org.satds.pipeline.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.datasets.discovery.PatientKey;

/**
 * The records grouped by real patient, so that a new split never puts one patient on both sides. Who the patient is
 * comes from each dataset's discovery rule ({@code patient:} in its YAML): ACDC's patient_id names a cardiac frame,
 * the TotalSegmentator subsets share their CTs. Records also stay together when they share a patient_id (the split
 * file lists patient_ids, so two groups with one id could not be told apart), which only ever merges groups.
 * Records without a patient_id form no group (a split reports them as unclassified).
 */
final class PatientGroups {
    private PatientGroups() {}

    /** Groups of patient_ids (each id once, in order of first appearance); groups in order of first appearance. */
    static List<List<JsonNode>> of(List<ObjectNode> records, DiscoveryRules rules) {
        Map<Object, Integer> node = new HashMap<>();
        List<Integer> parent = new ArrayList<>();
        Map<Object, JsonNode> ids = new LinkedHashMap<>();
        for (ObjectNode r : records) {
            if (!r.has("patient_id")) continue;
            JsonNode id = r.get("patient_id");
            Object idKey = SplitSpec.key(id);
            ids.putIfAbsent(idKey, id);
            union(parent, node(node, parent, List.of("id", idKey)), node(node, parent, patient(r, rules)));
        }
        Map<Integer, List<JsonNode>> groups = new LinkedHashMap<>();
        for (Map.Entry<Object, JsonNode> e : ids.entrySet()) {
            int root = find(parent, node.get(List.of("id", e.getKey())));
            groups.computeIfAbsent(root, k -> new ArrayList<>()).add(e.getValue());
        }
        return new ArrayList<>(groups.values());
    }

    /** (cohort, real patient) of a record; a patient_id the rule cannot read fails naming both. */
    static List<Object> patient(ObjectNode r, DiscoveryRules rules) {
        String dataset = r.path("dataset").asText("");
        PatientKey key = rules.has(dataset) ? rules.get(dataset).patient() : new PatientKey(null, null);
        JsonNode id = r.get("patient_id");
        String patient = key.patient(id.isTextual() ? id.textValue() : id.toString());
        if (patient == null)
            throw new IllegalArgumentException(dataset + ": patient_id " + id + " does not have the form " + key.fromId()
                    + " of its discovery rule, so its patient is unknown");
        return List.of("patient", key.cohortOf(dataset), patient);
    }

    private static int node(Map<Object, Integer> node, List<Integer> parent, Object key) {
        return node.computeIfAbsent(key, k -> {
            parent.add(parent.size());
            return parent.size() - 1;
        });
    }

    private static int find(List<Integer> parent, int i) {
        while (parent.get(i) != i) i = parent.get(i);
        return i;
    }

    private static void union(List<Integer> parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        if (ra != rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
    }
}
