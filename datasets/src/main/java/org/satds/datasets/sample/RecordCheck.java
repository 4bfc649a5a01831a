package org.satds.datasets.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.satds.datasets.catalog.DatasetNames;
import org.satds.datasets.recipe.RecipeBook;

/**
 * What a record needs before it can be loaded, in one place: checked for every record before a run starts, so a
 * mistake is reported once with its lines instead of once per sample in the middle of the run.
 */
public final class RecordCheck {
    private final RecipeBook recipes;
    private final boolean maskRequired;

    /** @param maskRequired whether the command builds label channels, so every record must name its mask */
    public RecordCheck(RecipeBook recipes, boolean maskRequired) {
        this.recipes = recipes;
        this.maskRequired = maskRequired;
    }

    /** The record's problems, each a sentence without its place; empty when it can be loaded. */
    public List<String> problems(ObjectNode record) {
        List<String> out = new ArrayList<>();
        text(record, "image").ifPresent(out::add);
        boolean imageOnly = !record.hasNonNull("mask");
        if (maskRequired && imageOnly) out.add("no 'mask': this command builds the label channels from one");
        else if (!imageOnly) text(record, "mask").ifPresent(out::add);
        Optional<String> noDataset = text(record, "dataset");
        if (noDataset.isPresent()) out.add(noDataset.get());
        else if (!imageOnly && canonicalDataset(record.get("dataset").asText()).isEmpty()) { // an inference record needs no recipe
            String name = record.get("dataset").asText();
            out.add("no recipe for dataset '" + name + "'" + DatasetNames.didYouMean(name, recipes.datasets())
                    + "; a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)");
        }
        return out;
    }

    /** The recipe book's spelling of a dataset name given in any case, if it has one. */
    public Optional<String> canonicalDataset(String name) {
        return DatasetNames.ignoringCase(name, recipes.datasets());
    }

    private static Optional<String> text(ObjectNode record, String field) {
        JsonNode n = record.get(field);
        if (n == null || n.isNull()) return Optional.of("no '" + field + "'");
        if (!n.isTextual() || n.asText().isBlank()) return Optional.of("'" + field + "' is not a non-empty string: " + n);
        return Optional.empty();
    }
}
