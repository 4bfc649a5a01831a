package org.satds.datasets.discovery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.satds.core.io.IoErrors;

/** The known discovery rules: the built-in ones, optionally overridden or extended by a user folder of rule files. */
public final class DiscoveryRules {
    /** Lists the built-in rule files; a resource folder cannot be listed portably inside a jar. */
    static final String INDEX = "INDEX";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, DiscoveryRule> byDataset;

    private DiscoveryRules(Map<String, DiscoveryRule> byDataset) {
        this.byDataset = Collections.unmodifiableMap(byDataset);
    }

    public static DiscoveryRules builtIn() {
        Map<String, DiscoveryRule> rules = new TreeMap<>();
        for (String file : resourceLines(INDEX)) {
            try (InputStream in = openResource(file)) {
                add(rules, read(in, file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DiscoveryRules(rules);
    }

    /** These rules plus every {@code *.yaml} in {@code folder}; a user rule replaces the built-in one of its dataset. */
    public DiscoveryRules withFolder(Path folder) throws IOException {
        Map<String, DiscoveryRule> rules = new TreeMap<>(byDataset);
        Map<String, DiscoveryRule> user = new TreeMap<>();
        List<Path> ruleFiles;
        try (Stream<Path> files = Files.list(folder)) {
            ruleFiles = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IOException("cannot read rule folder " + folder + ": " + IoErrors.whyNotListed(folder, e), e);
        }
        for (Path file : ruleFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                add(user, read(in, file.toString()));
            }
        }
        rules.putAll(user);
        return new DiscoveryRules(rules);
    }

    public boolean has(String dataset) {
        return byDataset.containsKey(dataset);
    }

    public DiscoveryRule get(String dataset) {
        DiscoveryRule rule = byDataset.get(dataset);
        if (rule == null) {
            throw new IllegalArgumentException("no discovery rule for dataset '" + dataset + "'; known: " + byDataset.keySet());
        }
        return rule;
    }

    public Collection<DiscoveryRule> all() {
        return byDataset.values();
    }

    static DiscoveryRule read(InputStream in, String source) throws IOException {
        try {
            return YAML.readValue(in, DiscoveryRule.class);
        } catch (IOException e) { // Jackson also wraps the rule records' own checks in an IOException
            throw new IOException("bad discovery rule " + source + ": " + e.getMessage(), e);
        }
    }

    private static void add(Map<String, DiscoveryRule> rules, DiscoveryRule rule) {
        if (rules.put(rule.dataset(), rule) != null) {
            throw new IllegalArgumentException("two rule files for dataset " + rule.dataset());
        }
    }

    private static InputStream openResource(String name) throws IOException {
        InputStream in = DiscoveryRules.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing built-in resource " + name);
        }
        return in;
    }

    private static List<String> resourceLines(String name) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(openResource(name), StandardCharsets.UTF_8))) {
            return r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
