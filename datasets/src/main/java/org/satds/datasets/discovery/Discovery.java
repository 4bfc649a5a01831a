package org.satds.datasets.discovery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.satds.core.io.Volumes;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;

/** Applies one {@link DiscoveryRule} to one download: the generic engine behind {@link Processor}. */
final class Discovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiscoveryRule rule;
    private final Path root;
    private final Map<String, Path> optionFolders;
    private final Map<String, Conversion> conversions;

    private final Map<Path, List<String>> filesByFolder = new HashMap<>();
    private final Map<Path, List<String>> foldersByFolder = new HashMap<>();
    private final Map<Path, Map<String, List<String>>> splitLists = new HashMap<>();
    private final Set<JsonlRecord> records = new LinkedHashSet<>();
    /** patient id and modality to the first sample rule that gave a record for them */
    private final Map<List<String>, Integer> sourceOfPatient = new HashMap<>();
    private final List<SampleOutcome> outcomes = new ArrayList<>();
    /** While planning: the conversions found missing, by output (each made once however many samples need it). */
    private Map<Path, ConversionTask> planned;
    /** Conversions an executor ran that failed, by output, with their reason. */
    private final Map<Path, String> failed = new HashMap<>();

    Discovery(DiscoveryRule rule, Path root, Map<String, Path> optionFolders, Map<String, Conversion> conversions) {
        this.rule = rule;
        this.root = root;
        this.optionFolders = optionFolders;
        this.conversions = conversions;
    }

    /** Scans the download; afterwards {@link #records()} and {@link #outcomes()} hold the result. */
    void run() {
        scan();
    }

    /**
     * As {@link #run()}, with the conversions handed to {@code executor}: scans to find the missing outputs, has
     * them made (in parallel), and scans again, until no sample needs one it has not tried (a conversion reading
     * another's output waits for the next round); the last scan gives the same result as {@link #run()} would.
     * Folder listings are kept from the first scan, so outputs made meanwhile are not found as samples.
     */
    void run(ConversionExecutor executor) throws InterruptedException {
        while (true) {
            planned = new LinkedHashMap<>();
            scan();
            List<ConversionTask> tasks = List.copyOf(planned.values());
            planned = null;
            if (tasks.isEmpty()) break;
            executor.runAll(tasks);
            for (ConversionTask t : tasks) if (t.failure() != null) failed.put(t.output(), t.failure());
        }
        scan();
    }

    private void scan() {
        records.clear();
        outcomes.clear();
        sourceOfPatient.clear();
        for (int i = 0; i < rule.samples().size(); i++) {
            SampleRule sampleRule = rule.samples().get(i);
            Path folder = sampleRule.in() == null ? root : optionFolders.get(sampleRule.in());
            Pattern pattern = Pattern.compile(sampleRule.match());
            Set<String> groups = Template.groupNames(sampleRule.match());
            for (String relative : sampleRule.folders() ? folders(folder) : files(folder)) {
                Matcher m = pattern.matcher(relative);
                if (!m.matches()) {
                    continue; // stray files (README.txt, other modalities, ...) are not samples
                }
                Map<String, String> matched = new HashMap<>();
                for (String group : groups) {
                    matched.put(group, m.group(group) == null ? "" : m.group(group));
                }
                for (Map<String, String> variant : sampleRule.variants()) {
                    Map<String, String> variables = new HashMap<>(matched);
                    variables.putAll(variant);
                    outcomes.add(sample(i, sampleRule, folder.resolve(relative).toString(), variables));
                }
            }
        }
    }

    /** Entries a search for the folder a user meant looks at, at most, in each candidate (a big tree is not walked whole). */
    static final int SEARCH_LIMIT = 200_000;

    /** Whether a file (or folder) under {@code folder} matches one of the rule's patterns read from its root. */
    static boolean matchesAny(DiscoveryRule rule, Path folder) {
        List<SampleRule> rootRules = rule.samples().stream().filter(r -> r.in() == null).toList();
        List<Pattern> patterns = rootRules.stream().map(r -> Pattern.compile(r.match())).toList();
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return walk.limit(SEARCH_LIMIT).filter(p -> !p.equals(folder)).anyMatch(p -> {
                String relative = folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                for (int i = 0; i < patterns.size(); i++)
                    if (rootRules.get(i).folders() == Files.isDirectory(p) && patterns.get(i).matcher(relative).matches()) return true;
                return false;
            });
        } catch (IOException | UncheckedIOException e) {
            return false; // an unreadable candidate is not the folder meant
        }
    }

    List<JsonlRecord> records() {
        return List.copyOf(records);
    }

    List<SampleOutcome> outcomes() {
        return outcomes;
    }

    private SampleOutcome sample(int source, SampleRule sampleRule, String found, Map<String, String> variables) {
        String image = path(sampleRule.image(), variables).toString();
        String patientId = Template.render(sampleRule.patientId(), variables);
        String modality = Template.render(sampleRule.modality() != null ? sampleRule.modality() : rule.modality(), variables);
        List<String> patientScan = List.of(patientId, modality);
        Integer earlier = sourceOfPatient.get(patientScan);
        if (rule.firstSourceWins() && earlier != null && earlier < source) {
            return new SampleOutcome(found, image, SkipReason.PATIENT_TAKEN_BY_EARLIER_SOURCE,
                    "patient " + patientId + " (" + modality + ") already taken from sample rule " + (earlier + 1));
        }
        Set<Path> made = new HashSet<>();
        for (ConversionStep step : sampleRule.convert()) made.add(path(step.to(), variables));
        for (Path file : List.of(Path.of(image), path(sampleRule.mask(), variables))) {
            if (!made.contains(file) && InputStamp.outdated(file)) {
                return new SampleOutcome(found, image, SkipReason.OUTDATED_CONVERSION, file + " was converted from inputs that changed since");
            }
        }
        for (ConversionStep step : sampleRule.convert()) {
            SampleOutcome failed = convert(step, variables, found, image);
            if (failed != null) {
                return failed;
            }
        }
        for (String required : sampleRule.requires()) {
            Path file = path(required, variables);
            if (!Files.isRegularFile(file)) {
                return new SampleOutcome(found, image, SkipReason.MISSING_FILE, "missing " + file);
            }
            if (size(file) == 0) {
                return new SampleOutcome(found, image, SkipReason.EMPTY_FILE, "empty (damaged or incomplete) " + file);
            }
        }
        if (!sampleRule.sameShape().isEmpty()) {
            SampleOutcome mismatch = sameShape(sampleRule, variables, found, image);
            if (mismatch != null) {
                return mismatch;
            }
        }
        String split;
        try {
            split = split(sampleRule, variables);
        } catch (IllegalStateException e) {
            return new SampleOutcome(found, image, SkipReason.NO_SPLIT, e.getMessage());
        }
        JsonlRecord record = new JsonlRecord(image, path(sampleRule.mask(), variables).toString(), rule.labels(),
                modality, rule.dataset(), split, patientId);
        if (!records.add(record)) {
            return new SampleOutcome(found, image, SkipReason.DUPLICATE_RECORD, "same record as an earlier file");
        }
        sourceOfPatient.putIfAbsent(patientScan, source);
        return new SampleOutcome(found, image, null, null);
    }

    /** Returns null when the volumes named by {@code same_shape} all have the first one's shape. */
    private SampleOutcome sameShape(SampleRule sampleRule, Map<String, String> variables, String found, String image) {
        int[] first = null;
        Path firstFile = null;
        for (String template : sampleRule.sameShape()) {
            Path file = path(template, variables);
            int[] shape;
            try {
                shape = shape(file);
            } catch (IOException | RuntimeException e) {
                return new SampleOutcome(found, image, SkipReason.UNREADABLE_FILE, "unreadable " + file + ": " + e.getMessage());
            }
            if (first == null) {
                first = shape;
                firstFile = file;
            } else if (!Arrays.equals(first, shape)) {
                return new SampleOutcome(found, image, SkipReason.SHAPE_MISMATCH, "shape " + Arrays.toString(shape)
                        + " of " + file + " is not " + Arrays.toString(first) + " of " + firstFile);
            }
        }
        return null;
    }

    /** A volume's full shape from its header, as nibabel's {@code img.shape} (NIfTI: dim[1..dim[0]]). */
    static int[] shape(Path file) throws IOException {
        return Volumes.header(file).shape();
    }

    /** Returns null when the step's output is there (already, or made now). */
    private SampleOutcome convert(ConversionStep step, Map<String, String> variables, String found, String image) {
        Path output = path(step.to(), variables);
        List<Path> from = step.from().stream().map(t -> path(t, variables)).toList();
        for (Path input : from) {
            if (!Files.exists(input)) {
                if (Files.isRegularFile(output) && size(output) > 0) {
                    return null; // an output kept after its raw input was cleaned up
                }
                return new SampleOutcome(found, image, SkipReason.MISSING_FILE, "missing " + input);
            }
        }
        List<Path> inputs = new ArrayList<>(from); // a channel's file is in from[0], whose files the stamp covers
        for (String file : step.channels().values()) inputs.add(from.get(0).resolve(Template.render(file, variables)));
        String stamp;
        try {
            stamp = InputStamp.of(from, output, step.kind() + " " + step.channels());
            if (Files.isRegularFile(output) && size(output) > 0 && InputStamp.current(output, stamp)) {
                return null;
            }
        } catch (IOException e) {
            return new SampleOutcome(found, image, SkipReason.UNREADABLE_FILE, "unreadable input of " + output + ": " + e.getMessage());
        }
        Conversion conversion = conversions.get(step.kind());
        if (conversion == null) {
            return new SampleOutcome(found, image, SkipReason.CONVERSION_UNAVAILABLE,
                    "conversion " + step.kind() + " not available (needed to make " + output + " from " + inputs + ")");
        }
        if (failed.containsKey(output)) {
            return new SampleOutcome(found, image, SkipReason.CONVERSION_FAILED, failed.get(output));
        }
        if (planned != null) {
            // the sample waits for this output before its next step, which a later round plans (a failure here
            // stops the sample, as it does one after another); the planning scan's outcomes are discarded
            String made = stamp;
            planned.computeIfAbsent(output, o -> new ConversionTask(step.kind(), conversion, inputs, o, made));
            return new SampleOutcome(found, image, SkipReason.CONVERSION_FAILED, "planned");
        }
        try {
            conversion.convert(inputs, output);
            InputStamp.write(output, stamp);
            return null;
        } catch (IOException | RuntimeException e) {
            return new SampleOutcome(found, image, SkipReason.CONVERSION_FAILED, ConversionTask.reason(step.kind(), output, e));
        }
    }

    private String split(SampleRule sampleRule, Map<String, String> variables) {
        String split;
        if (rule.splitByList() != null) {
            Path file = path(rule.splitByList().file(), variables);
            String id = Template.render(rule.splitByList().id(), variables);
            split = splitLists(file).entrySet().stream()
                    .filter(e -> e.getValue().contains(id)).map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException(id + " is in no list of " + file));
        } else {
            split = Template.render(sampleRule.split() != null ? sampleRule.split() : rule.split(), variables);
        }
        if (rule.splitNames().isEmpty()) {
            return split;
        }
        String named = rule.splitNames().get(split);
        if (named == null) {
            throw new IllegalStateException("split '" + split + "' is not one of " + rule.splitNames().keySet());
        }
        return named;
    }

    private Map<String, List<String>> splitLists(Path file) {
        return splitLists.computeIfAbsent(file, f -> {
            if (!Files.isRegularFile(f)) {
                throw new IllegalStateException("missing split list " + f);
            }
            try {
                return JSON.readValue(Files.readAllBytes(f), new TypeReference<LinkedHashMap<String, List<String>>>() {});
            } catch (IOException e) {
                throw new IllegalStateException("unreadable split list " + f + ": " + e.getMessage());
            }
        });
    }

    /**
     * A path template is relative to the dataset root, or to an option's folder when it starts with
     * {@code {option}}; record paths are therefore the root (or option folder) joined with what was found.
     */
    private Path path(String template, Map<String, String> variables) {
        for (String option : rule.options().keySet()) {
            String prefix = "{" + option + "}";
            if (template.startsWith(prefix)) {
                String rest = Template.render(template.substring(prefix.length()), variables).replaceFirst("^/+", "");
                return optionFolders.get(option).resolve(rest);
            }
        }
        return root.resolve(Template.render(template, variables));
    }

    /** Regular files under {@code folder}, '/'-separated and sorted; hidden entries (.DS_Store, ._x) are never samples. */
    private List<String> files(Path folder) {
        return filesByFolder.computeIfAbsent(folder, f -> walk(f, Files::isRegularFile));
    }

    /** Sub-folders of {@code folder}, like {@link #files}: samples that are folders, e.g. DICOM series. */
    private List<String> folders(Path folder) {
        return foldersByFolder.computeIfAbsent(folder, f -> walk(f, p -> !p.equals(f) && Files.isDirectory(p)));
    }

    private static List<String> walk(Path folder, Predicate<Path> kind) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(kind)
                    .map(folder::relativize)
                    .filter(relative -> !hidden(relative))
                    .map(relative -> relative.toString().replace(relative.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The file's size, 0 when it cannot be read. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
