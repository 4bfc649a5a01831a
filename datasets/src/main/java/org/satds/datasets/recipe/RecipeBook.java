package org.satds.datasets.recipe;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.satds.core.io.IoErrors;

/**
 * All known recipes: the built-in ones (resources org/satds/datasets/recipes/*.yaml, listed in index.txt, each file
 * named after its dataset) plus any user folder of *.yaml files, which override built-ins of the same dataset name.
 * A built-in recipe is parsed when it is first asked for: a run over one dataset reads one file, not all of them,
 * which is a good part of a one-scan convert's start (docs/performance.md).
 */
public final class RecipeBook {
    private static final String BASE = "/org/satds/datasets/recipes/";
    private static final String SUFFIX = ".yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The recipes parsed so far (a user folder's from the start); samples of a run may ask at once. */
    private final Map<String, Recipe> recipes;
    /** Every dataset a recipe is known for, parsed or not. */
    private final Set<String> datasets;

    private RecipeBook(Map<String, Recipe> parsed, Set<String> datasets) {
        this.recipes = new ConcurrentHashMap<>(parsed);
        this.datasets = Collections.unmodifiableSet(datasets);
    }

    public static RecipeBook builtIn() {
        return withUserFolder(null);
    }

    /** Built-in recipes, overridden and extended by the *.yaml files of {@code folder} (may be null). */
    public static RecipeBook withUserFolder(Path folder) {
        Set<String> datasets = new TreeSet<>();
        for (String name : index()) {
            if (!name.endsWith(SUFFIX)) throw new IllegalStateException("built-in recipe not named <dataset>.yaml: " + name);
            datasets.add(name.substring(0, name.length() - SUFFIX.length()));
        }
        Map<String, Recipe> user = new TreeMap<>();
        if (folder != null) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList())
                    add(user, read(f), f.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read recipe folder " + folder + ": " + IoErrors.whyNotListed(folder, e), e);
            }
        }
        datasets.addAll(user.keySet());
        return new RecipeBook(user, datasets);
    }

    public static Recipe read(Path file) throws IOException {
        try {
            return YAML.readValue(file.toFile(), Recipe.class);
        } catch (IOException e) {
            throw new IOException(file + ": invalid recipe: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static void add(Map<String, Recipe> all, Recipe r, String source) {
        RecipeValidator.validate(r, source);
        all.put(r.dataset(), r);
    }

    private static Recipe builtIn(String dataset) {
        String name = dataset + SUFFIX;
        try (InputStream in = RecipeBook.class.getResourceAsStream(BASE + name)) {
            if (in == null) throw new IllegalStateException("recipe resource missing: " + name);
            Recipe r = YAML.readValue(in, Recipe.class);
            RecipeValidator.validate(r, name);
            if (!r.dataset().equals(dataset))
                throw new IllegalStateException(name + ": names dataset '" + r.dataset() + "', not the one of its file name");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in recipe " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<String> index() {
        try (InputStream in = RecipeBook.class.getResourceAsStream(BASE + "index.txt")) {
            if (in == null) return List.of();
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n"))
                if (!line.isBlank()) names.add(line.trim());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Recipe get(String dataset) {
        if (!datasets.contains(dataset)) throw new IllegalArgumentException("no recipe for dataset '" + dataset + "'");
        return recipes.computeIfAbsent(dataset, RecipeBook::builtIn);
    }

    public boolean has(String dataset) {
        return datasets.contains(dataset);
    }

    /** The dataset names, sorted, without parsing a recipe. */
    public Set<String> datasets() {
        return datasets;
    }

    /** Every recipe by dataset name, sorted (parses those not asked for yet). */
    public Map<String, Recipe> all() {
        Map<String, Recipe> all = new TreeMap<>();
        for (String d : datasets) all.put(d, get(d));
        return Collections.unmodifiableMap(all);
    }
}
