package org.satds.pipeline.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.IoErrors;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * A train/test split by patient id, as the original split json holds it ({"train": [...], "val": [...], "test": [...]};
 * "val" and any other key are ignored, as train_test_split.py ignores them). Ids are kept as JSON values and compared
 * with Python's == (the original tests {@code patient_id in split['train']}): "5" and 5 differ, 5 and 5.0 match.
 */
public record SplitSpec(List<JsonNode> train, List<JsonNode> test) {
    /** The original train ratio (TRAIN_RATIO in train_test_split.py), for new splits. */
    public static final double DEFAULT_TRAIN_RATIO = 0.8;

    /**
     * Datasets published without a split json of their own: TotalSegmentator_v2 has the same patients as the
     * TotalSegmentator_* subsets, which all share TotalSegmentator.json.
     */
    private static final Map<String, String> PAPER_ALIAS = Map.of("TotalSegmentator_v2", "TotalSegmentator");

    public SplitSpec {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** The paper's split for a dataset (shipped copies of the published split_json). */
    public static SplitSpec paper(String dataset) throws IOException {
        String name = PAPER_ALIAS.getOrDefault(dataset, dataset);
        InputStream in = name.matches("[A-Za-z0-9_]+")
                ? SplitSpec.class.getResourceAsStream("/org/satds/pipeline/splits/" + name + ".json") : null;
        if (in == null)
            throw new IOException("no published split for dataset '" + dataset + "': make one by patient with --ratio R (and --seed S), "
                    + "or give yours with --split FILE");
        try (in) {
            return of(Jsonl.MAPPER.readTree(in), "split of " + name);
        }
    }

    /** The paper's split for records that all come from one dataset. */
    public static SplitSpec paperFor(List<ObjectNode> records) throws IOException {
        Set<String> datasets = new TreeSet<>();
        for (ObjectNode r : records) datasets.add(r.path("dataset").asText("?"));
        if (datasets.size() != 1)
            throw new IOException("the paper's split is per dataset, but the records come from " + datasets);
        return paper(datasets.iterator().next());
    }

    /** A custom split json with the same layout as the published ones. */
    public static SplitSpec read(Path json) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (IOException e) {
            throw IoErrors.cannotRead(json, e);
        }
        return of(Jsonl.MAPPER.readTree(bytes), json.toString());
    }

    private static SplitSpec of(JsonNode root, String where) throws IOException {
        if (!root.path("train").isArray() || !root.path("test").isArray())
            throw new IOException(where + ": needs 'train' and 'test' lists of patient ids");
        List<JsonNode> train = new ArrayList<>(), test = new ArrayList<>();
        root.get("train").forEach(train::add);
        root.get("test").forEach(test::add);
        return new SplitSpec(train, test);
    }

    /**
     * A new split of the records' patients: patients (in order of first appearance) are shuffled with the seed and
     * the first round(ratio * patients) go to train, so all samples of a patient land on the same side. A patient is
     * the real one, not the patient_id (ACDC's names a frame; see {@link PatientGroups}), from the built-in
     * discovery rules. With two or more patients and 0 < ratio < 1 each side gets at least one patient, so neither
     * jsonl comes out empty. Records without a patient_id are not assigned; {@link #apply} reports them as
     * unclassified.
     */
    public static SplitSpec random(List<ObjectNode> records, double trainRatio, long seed) {
        return random(records, trainRatio, seed, DiscoveryRules.builtIn());
    }

    /** {@link #random(List, double, long)} with these rules' patient keys. */
    public static SplitSpec random(List<ObjectNode> records, double trainRatio, long seed, DiscoveryRules rules) {
        if (!(trainRatio >= 0 && trainRatio <= 1)) throw new IllegalArgumentException("train ratio must be in [0, 1]");
        List<List<JsonNode>> patients = shuffled(records, seed, rules);
        int n = patients.size();
        int nTrain = (int) Math.round(trainRatio * n);
        if (n >= 2 && trainRatio > 0 && trainRatio < 1) nTrain = Math.max(1, Math.min(n - 1, nTrain));
        return new SplitSpec(flat(patients.subList(0, nTrain)), flat(patients.subList(nTrain, n)));
    }

    /**
     * k folds of the records' patients for cross-validation, as nnU-Net's splits_final.json holds them: fold i
     * validates on the i-th part of the shuffled patients and trains on the rest; the first (patients mod k) parts
     * are one patient larger (scikit-learn's KFold sizes, which nnU-Net uses). Patients as in {@link #random}.
     */
    public static List<SplitSpec> folds(List<ObjectNode> records, int k, long seed, DiscoveryRules rules) {
        List<List<JsonNode>> patients = shuffled(records, seed, rules);
        if (k < 2 || k > patients.size())
            throw new IllegalArgumentException(k + " folds need at least 2 and at most as many patients as there are ("
                    + patients.size() + ")");
        List<SplitSpec> folds = new ArrayList<>();
        for (int i = 0, start = 0; i < k; i++) {
            int size = patients.size() / k + (i < patients.size() % k ? 1 : 0);
            List<List<JsonNode>> train = new ArrayList<>(patients.subList(0, start));
            train.addAll(patients.subList(start + size, patients.size()));
            folds.add(new SplitSpec(flat(train), flat(patients.subList(start, start + size))));
            start += size;
        }
        return folds;
    }

    /** Writes folds as nnU-Net's splits_final.json: a list of {"train": [ids], "val": [ids]}, one per fold. */
    public static void writeFolds(List<SplitSpec> folds, Path json) throws IOException {
        ArrayNode root = Jsonl.MAPPER.createArrayNode();
        for (SplitSpec f : folds) {
            ObjectNode fold = root.addObject();
            fold.putArray("train").addAll(f.train);
            fold.putArray("val").addAll(f.test);
        }
        AtomicFiles.writeString(json, Jsonl.dumps(root));
    }

    /** Reads folds as {@link #writeFolds} writes them (nnU-Net's splits_final.json layout). */
    public static List<SplitSpec> readFolds(Path json) throws IOException {
        JsonNode root;
        try {
            root = Jsonl.MAPPER.readTree(Files.readAllBytes(json));
        } catch (IOException e) {
            throw IoErrors.cannotRead(json, e);
        }
        List<SplitSpec> folds = new ArrayList<>();
        if (root.isArray()) for (JsonNode fold : root) {
            if (!fold.path("train").isArray() || !fold.path("val").isArray()) break;
            List<JsonNode> train = new ArrayList<>(), val = new ArrayList<>();
            fold.get("train").forEach(train::add);
            fold.get("val").forEach(val::add);
            folds.add(new SplitSpec(train, val));
        }
        if (folds.isEmpty() || folds.size() != root.size())
            throw new IOException(json + ": needs a list of folds {\"train\": [patient ids], \"val\": [...]}, as satds split --folds writes");
        return folds;
    }

    private static List<List<JsonNode>> shuffled(List<ObjectNode> records, long seed, DiscoveryRules rules) {
        List<List<JsonNode>> patients = PatientGroups.of(records, rules);
        Collections.shuffle(patients, new Random(seed));
        return patients;
    }

    private static List<JsonNode> flat(List<List<JsonNode>> patients) {
        List<JsonNode> ids = new ArrayList<>();
        patients.forEach(ids::addAll);
        return ids;
    }

    /**
     * Assigns each record as train_test_split.py does: train if its patient is listed in train, else test if listed in
     * test, else unclassified (the original prints those and drops them; here they are returned for reporting). A
     * record without patient_id, on which the original stops with a KeyError, is unclassified as well.
     */
    public SplitResult apply(List<ObjectNode> records) {
        Set<Object> trainKeys = keys(train), testKeys = keys(test);
        List<ObjectNode> tr = new ArrayList<>(), te = new ArrayList<>(), none = new ArrayList<>();
        for (ObjectNode r : records) {
            Object k = r.has("patient_id") ? key(r.get("patient_id")) : null;
            if (k != null && trainKeys.contains(k)) tr.add(r);
            else if (k != null && testKeys.contains(k)) te.add(r);
            else none.add(r);
        }
        return new SplitResult(tr, te, none);
    }

    /** Ids listed in both train and test; {@link #apply} puts their samples in train, as the original does. */
    public List<JsonNode> listedInBoth() {
        Set<Object> testKeys = keys(test);
        List<JsonNode> both = new ArrayList<>();
        for (JsonNode id : train) if (testKeys.contains(key(id))) both.add(id);
        return both;
    }

    /** Writes the split in the published layout, so a new split can be reused and shared. */
    public void write(Path json) throws IOException {
        ObjectNode root = Jsonl.MAPPER.createObjectNode();
        root.putArray("train").addAll(train);
        root.putArray("val");
        root.putArray("test").addAll(test);
        AtomicFiles.writeString(json, Jsonl.dumps(root));
    }

    private static Set<Object> keys(List<JsonNode> ids) {
        Set<Object> s = new HashSet<>();
        for (JsonNode id : ids) s.add(key(id));
        return s;
    }

    /** A value whose equals is Python's == for JSON scalars: numbers by value, everything else by its JSON text. */
    static Object key(JsonNode id) {
        boolean finite = id.isNumber() && Double.isFinite(id.doubleValue());
        return finite ? id.decimalValue().stripTrailingZeros() : id.toString();
    }
}
