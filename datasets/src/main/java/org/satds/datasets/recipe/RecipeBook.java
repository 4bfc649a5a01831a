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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.satds.core.io.IoErrors;

/**
 * All known recipes: the built-in ones (resources org/satds/datasets/recipes/*.yaml, listed in index.txt) plus
 * any user folder of *.yaml files, which override built-ins of the same dataset name.
 */
public final class RecipeBook {
    private static final String BASE = "/org/satds/datasets/recipes/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, Recipe> recipes;

    private RecipeBook(Map<String, Recipe> recipes) {
        this.recipes = recipes;
    }

    public static RecipeBook builtIn() {
        return withUserFolder(null);
    }

    /** Built-in recipes, overridden and extended by the *.yaml files of {@code folder} (may be null). */
    public static RecipeBook withUserFolder(Path folder) {
        Map<String, Recipe> all = new TreeMap<>();
        for (String name : index()) {
            try (InputStream in = RecipeBook.class.getResourceAsStream(BASE + name)) {
                if (in == null) throw new IllegalStateException("recipe resource missing: " + name);
                add(all, YAML.readValue(in, Recipe.class), name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in recipe " + name + ": " + e.getMessage(), e);
            }
        }
        if (folder != null) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList())
                    add(all, read(f), f.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read recipe folder " + folder + ": " + IoErrors.whyNotListed(folder, e), e);
            }
        }
        return new RecipeBook(all);
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
        Recipe r = recipes.get(dataset);
        if (r == null) throw new IllegalArgumentException("no recipe for dataset '" + dataset + "'");
        return r;
    }

    public boolean has(String dataset) {
        return recipes.containsKey(dataset);
    }

    public Map<String, Recipe> all() {
        return java.util.Collections.unmodifiableMap(recipes);
    }
}
