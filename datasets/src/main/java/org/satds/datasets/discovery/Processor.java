package org.satds.datasets.discovery;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.satds.core.io.AtomicFiles;

/**
 * Turns a dataset's raw download into {@code <out>/<Dataset>.jsonl} by applying its {@link DiscoveryRule}.
 * Record paths are the given root (or option folder) joined with the relative paths found, so a relative root
 * gives relative paths.
 */
public final class Processor {
    /** One record per line, spaced like Python's json.dumps, so lines can be compared with the published files. */
    private static final ObjectWriter JSONL = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter())
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")));

    private final DiscoveryRules rules;
    private final Map<String, Conversion> conversions;

    /** Built-in rules and conversions ({@link Converters#builtIn()}): processes raw downloads end to end. */
    public Processor() {
        this(DiscoveryRules.builtIn(), Converters.builtIn());
    }

    /**
     * @param conversions converters by {@link ConversionStep#kind()}; a sample needing one that is not given is
     *                    skipped as {@code CONVERSION_UNAVAILABLE}
     */
    public Processor(DiscoveryRules rules, Map<String, Conversion> conversions) {
        this.rules = rules;
        this.conversions = Map.copyOf(conversions);
    }

    public DiscoveryRules rules() {
        return rules;
    }

    /**
     * @param options folders the rule reads outside {@code root} (see {@link DiscoveryRule#options()}); a missing
     *                option takes its default, relative to {@code root}
     */
    public ProcessReport run(String dataset, Path root, Path jsonlOut, Map<String, Path> options) throws IOException {
        return run(dataset, root, jsonlOut, options, null);
    }

    /**
     * As {@link #run(String, Path, Path, Map)}, the conversions run by {@code executor} (null: one after another,
     * as samples are found); the records and outcomes are the same either way.
     */
    public ProcessReport run(String dataset, Path root, Path jsonlOut, Map<String, Path> options, ConversionExecutor executor)
            throws IOException {
        DiscoveryRule rule = rules.get(dataset);
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, dataset + ": dataset folder not found");
        }
        Map<String, Path> optionFolders = optionFolders(rule, root, options);
        for (SampleRule sample : rule.samples()) {
            if (sample.in() != null && !Files.isDirectory(optionFolders.get(sample.in()))) {
                throw new NoSuchFileException(optionFolders.get(sample.in()).toString(), null,
                        dataset + ": folder of option '" + sample.in() + "' not found");
            }
        }
        Discovery discovery = new Discovery(rule, root, optionFolders, conversions);
        if (executor == null) {
            discovery.run();
        } else {
            try {
                discovery.run(executor);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException(dataset + ": interrupted");
            }
        }
        Path jsonl = jsonlOut.resolve(rule.dataset() + ".jsonl");
        if (!discovery.outcomes().isEmpty()) write(jsonl, discovery.records()); // finding nothing writes no empty jsonl
        return new ProcessReport(rule.dataset(), jsonl, discovery.outcomes());
    }

    /**
     * Processes every dataset whose folder ({@link DiscoveryRule#folder()}) exists under {@code niiRoot}, a tree laid
     * out as the published paths ({@code data/nii/<folder>/...}).
     */
    public AllReport runAll(Path niiRoot, Path jsonlOut, Map<String, Path> options) throws IOException {
        return runAll(niiRoot, jsonlOut, options, null);
    }

    /** As {@link #runAll(Path, Path, Map)}, the conversions run by {@code executor} (see {@link #run}). */
    public AllReport runAll(Path niiRoot, Path jsonlOut, Map<String, Path> options, ConversionExecutor executor) throws IOException {
        List<ProcessReport> processed = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (DiscoveryRule rule : rules.all()) {
            Path root = niiRoot.resolve(rule.folder());
            if (!Files.isDirectory(root)) {
                notFound.add(rule.dataset() + " (" + root + ")");
                continue;
            }
            Map<String, Path> own = new HashMap<>(options);
            own.keySet().retainAll(rule.options().keySet());
            try {
                processed.add(run(rule.dataset(), root, jsonlOut, own, executor));
            } catch (NoSuchFileException e) {
                notFound.add(rule.dataset() + " (" + e.getMessage() + ")");
            }
        }
        return new AllReport(processed, notFound);
    }

    /**
     * The folder the user probably meant when {@code root} holds none of the dataset's samples: the rule's folder
     * below it (the collection's root was given), the rest of the rule's folder (a part was given), else a folder one
     * level down or up in which the rule's patterns match a file.
     */
    public Optional<Path> likelyRoot(String dataset, Path root) {
        DiscoveryRule rule = rules.get(dataset);
        Path folder = Path.of(rule.folder());
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.isDirectory(root.resolve(folder))) return Optional.of(root.resolve(folder));
        for (int k = folder.getNameCount() - 1; k >= 1; k--) // root ends with the folder's first k parts
            if (absolute.endsWith(folder.subpath(0, k)) && Files.isDirectory(root.resolve(folder.subpath(k, folder.getNameCount()))))
                return Optional.of(root.resolve(folder.subpath(k, folder.getNameCount())));
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (var children = Files.list(root)) {
                children.filter(Files::isDirectory).sorted().forEach(candidates::add);
            } catch (IOException e) {
                // unreadable: nothing to suggest below it
            }
        }
        for (Path child : candidates) // the collection's root is one level down (data/ given for data/nii/)
            if (Files.isDirectory(child.resolve(folder))) return Optional.of(child.resolve(folder));
        if (absolute.getParent() != null) candidates.add(absolute.getParent());
        return candidates.stream().filter(c -> Discovery.matchesAny(rule, c)).findFirst();
    }

    /** @param notFound datasets not processed because their folder (or an option folder) is missing, with the path */
    public record AllReport(List<ProcessReport> processed, List<String> notFound) {}

    private static Map<String, Path> optionFolders(DiscoveryRule rule, Path root, Map<String, Path> given) {
        for (String name : given.keySet()) {
            if (!rule.options().containsKey(name)) {
                throw new IllegalArgumentException(rule.dataset() + " has no option '" + name + "'; it has "
                        + rule.options().keySet());
            }
        }
        Map<String, Path> folders = new HashMap<>();
        rule.options().forEach((name, defaultFolder) ->
                // normalize: defaults climb out of the root ("../autoPET/autoPET_nii")
                folders.put(name, given.getOrDefault(name, root.resolve(defaultFolder).normalize())));
        return folders;
    }

    private static void write(Path jsonl, List<JsonlRecord> records) throws IOException {
        AtomicFiles.write(jsonl, out -> {
            for (JsonlRecord record : records) {
                out.write(JSONL.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        });
    }
}
