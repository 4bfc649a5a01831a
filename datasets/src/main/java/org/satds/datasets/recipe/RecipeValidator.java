package org.satds.datasets.recipe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.satds.core.geom.AxisCodes;

/** Rejects a recipe that could not be applied, with a one-line reason naming its source. */
final class RecipeValidator {
    private RecipeValidator() {}

    static void validate(Recipe r, String source) {
        String where = source + ": ";
        if (r.dataset() == null || r.dataset().isBlank()) throw new IllegalArgumentException(where + "recipe has no dataset name");
        if (r.modality() == null) throw new IllegalArgumentException(where + "recipe has no modality");
        if (!"values".equals(r.mask()) && !"channels".equals(r.mask()))
            throw new IllegalArgumentException(where + "mask must be 'values' or 'channels', not " + r.mask());
        if (r.axisCodes() != null) AxisCodes.fromCodes(r.axisCodes());
        if (r.labels() == null || r.labels().isEmpty()) throw new IllegalArgumentException(where + "recipe has no labels");
        Set<String> names = new HashSet<>();
        for (Recipe.Label l : r.labels()) {
            if (l.name() == null || l.sources() == null || l.sources().isEmpty())
                throw new IllegalArgumentException(where + "every label needs a name and sources");
            if (!names.add(l.name())) throw new IllegalArgumentException(where + "label '" + l.name() + "' is named twice");
            List<Object> all = new ArrayList<>(l.sources());
            if (l.original() != null) all.addAll(l.original());
            for (Object s : all)
                if (!(s instanceof Number) && !"raw".equals(s))
                    throw new IllegalArgumentException(where + "label '" + l.name() + "': source " + s + " is neither a number nor 'raw'");
        }
    }
}
