package org.satds.datasets.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in rule, run over a tree rebuilt from its published jsonl (tiny placeholder files at the published
 * paths, plus stray files), must give the published records. Deviations are documented in docs/deviations.md.
 */
class PublishedJsonlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLISHED_ROOT = "data/nii/";

    /** Published official_split values that do not come from the download (docs/deviations.md, "Processors"). */
    private static final Set<String> SPLIT_NOT_FROM_DOWNLOAD = Set.of("MSD_Liver", "MSD_Lung", "FLARE22",
            "TotalSegmentator_Organs", "TotalSegmentator_Vertebrae", "TotalSegmentator_Cardiac",
            "TotalSegmentator_Muscles", "TotalSegmentator_Ribs");

    /** The loader drops the mask's overlap channels here before appending merged classes. */
    private static final Set<String> LABELS_REWORKED_BY_LOADER = Set.of("SegRap2023_Task1");

    /** Catalog datasets with a rule but no published jsonl (checked on raw trees in RawLayoutsTest). */
    static final Set<String> NOT_PUBLISHED = Set.of("AbdomenAtlas", "ATM22", "Adrenal_ACC_Ki67", "LIDC_IDRI",
            "LNQ2023", "LiQA", "RibFrac");

    /**
     * The published tree holds every conversion's output but no stamps, and its files are placeholders: each
     * conversion only checks that its output is there, so the records are discovered as from a converted tree.
     */
    private static final Map<String, Conversion> PUBLISHED_OUTPUTS = Converters.builtIn().keySet().stream()
            .collect(Collectors.toMap(kind -> kind, kind -> (in, out) -> {
                if (!Files.isRegularFile(out)) throw new IOException("not in the published tree: " + out);
            }));

    static Stream<String> datasets() {
        return DiscoveryRules.builtIn().all().stream().map(DiscoveryRule::dataset).filter(d -> !NOT_PUBLISHED.contains(d));
    }

    @Test
    void everyPublishedDatasetHasARule() throws IOException {
        Set<String> published;
        try (Stream<Path> files = Files.list(published())) {
            published = files.map(f -> f.getFileName().toString().replaceFirst("\\.jsonl$", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(published, datasets().collect(Collectors.toCollection(TreeSet::new)));
        Set<String> all = DiscoveryRules.builtIn().all().stream().map(DiscoveryRule::dataset).collect(Collectors.toSet());
        assertTrue(all.containsAll(NOT_PUBLISHED), "a rule for every catalog dataset without a published jsonl");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void recordsEqualThePublishedOnes(String dataset, @TempDir Path tmp) throws IOException {
        DiscoveryRule rule = DiscoveryRules.builtIn().get(dataset);
        List<Map<String, Object>> published = readJsonl(published().resolve(dataset + ".jsonl"));
        buildTree(tmp, rule, published);

        Path out = tmp.resolve("out");
        ProcessReport report = new Processor(DiscoveryRules.builtIn(), PUBLISHED_OUTPUTS).run(dataset, tmp.resolve(PUBLISHED_ROOT + rule.folder()), out, Map.of());
        List<Map<String, Object>> written = readJsonl(out.resolve(dataset + ".jsonl"));
        for (Map<String, Object> record : written) {
            record.put("image", tmp.relativize(Path.of((String) record.get("image"))).toString());
            record.put("mask", tmp.relativize(Path.of((String) record.get("mask"))).toString());
        }

        assertEquals(published.size(), written.size(), dataset + " record count; " + report.summary());
        assertEquals(report.paired(), written.size());
        List<String> compared = new ArrayList<>(List.of("image", "mask", "patient_id", "modality", "dataset"));
        if (!SPLIT_NOT_FROM_DOWNLOAD.contains(dataset)) {
            compared.add("official_split");
        }
        assertEquals(project(published, compared), project(written, compared), dataset + ": " + compared);
        assertEquals(new ArrayList<>(published.get(0).keySet()), new ArrayList<>(written.get(0).keySet()), "key order");
        assertTrue(written.stream().allMatch(r -> rule.labels().equals(r.get("label"))), dataset + " labels");
        checkLabels(dataset, rule, published);
    }

    /**
     * The processor writes the mask's classes; the published lists continue with the classes the loader merges,
     * and for SegRap2023_Task1 lack the overlap channels the loader drops.
     */
    private static void checkLabels(String dataset, DiscoveryRule rule, List<Map<String, Object>> published) {
        List<String> kept = LABELS_REWORKED_BY_LOADER.contains(dataset)
                ? rule.labels().stream().filter(l -> !l.endsWith(" overlap")).toList()
                : rule.labels();
        for (Map<String, Object> record : published) {
            List<?> label = (List<?>) record.get("label");
            assertTrue(label.size() >= kept.size(), dataset + " labels");
            assertEquals(kept, label.subList(0, kept.size()), dataset + " labels");
        }
    }

    /**
     * Placeholder files at the published paths (a channel selector after a file name, ".nii.gz/T2", names the
     * file), files the rule reads besides (ToothFairy's splits.json), and strays that must not become samples.
     */
    private static void buildTree(Path tmp, DiscoveryRule rule, List<Map<String, Object>> published) throws IOException {
        Set<Path> files = new HashSet<>();
        for (Map<String, Object> record : published) {
            for (String key : List.of("image", "mask")) {
                files.add(tmp.resolve(((String) record.get(key)).replaceFirst("(\\.nii\\.gz)/[^/]+$", "$1")));
            }
        }
        // hard links to one placeholder: creating thousands of files is the slow part of this test
        Path placeholder = Files.writeString(tmp.resolve("placeholder"), "placeholder");
        Set<Path> folders = new HashSet<>();
        for (Path file : files) {
            if (folders.add(file.getParent())) {
                Files.createDirectories(file.getParent());
            }
            Files.createLink(file, placeholder);
        }
        // strays next to one sample's files only, for the same reason
        Path sample = files.iterator().next();
        Files.writeString(sample.resolveSibling(".DS_Store"), "stray");
        Files.writeString(sample.resolveSibling("._" + sample.getFileName()), "macOS resource fork");
        Files.writeString(sample.resolveSibling(sample.getFileName() + ".txt"), "stray");
        Path root = tmp.resolve(PUBLISHED_ROOT + rule.folder());
        Files.writeString(root.resolve("README.txt"), "stray");
        Files.writeString(root.resolve(".DS_Store"), "stray");
        if (rule.splitByList() != null) {
            writeSplitLists(root.resolve(rule.splitByList().file()), rule, published);
        }
    }

    /** Inverts the rule's split_names over the published splits; ids are the published patient ids. */
    private static void writeSplitLists(Path file, DiscoveryRule rule, List<Map<String, Object>> published)
            throws IOException {
        Map<String, String> listOfSplit = rule.splitNames().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Map<String, Object> record : published) {
            lists.computeIfAbsent(listOfSplit.get((String) record.get("official_split")), k -> new ArrayList<>())
                    .add((String) record.get("patient_id"));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(lists));
    }

    private static Set<String> project(List<Map<String, Object>> records, List<String> keys) {
        Function<Map<String, Object>, String> key = r -> keys.stream().map(k -> String.valueOf(r.get(k)))
                .collect(Collectors.joining(" | "));
        return records.stream().map(key).collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readJsonl(Path file) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    records.add(JSON.readValue(line, LinkedHashMap.class));
                }
            }
        }
        return records;
    }

    /** The published jsonl files, in the repository's testdata/published (surefire sets satds.testdata). */
    static Path published() {
        String testdata = System.getProperty("satds.testdata");
        if (testdata == null) fail("system property satds.testdata (the repository's testdata/, set by surefire) is not set");
        Path dir = Path.of(testdata, "published");
        if (!Files.isDirectory(dir)) fail("test data missing: " + dir);
        return dir;
    }
}
