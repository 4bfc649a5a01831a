package org.satds.datasets.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Dataset names as people type them: the same name in another case is that name, and a near miss
 * ("AbdomenCT-1K", "BraTS23_GLI") gets a "did you mean" with the closest known name.
 */
public final class DatasetNames {
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();

    private DatasetNames() {}

    /** The known name equal to {@code name} ignoring case, if any. */
    public static Optional<String> ignoringCase(String name, Collection<String> known) {
        if (known.contains(name)) return Optional.of(name);
        return known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
    }

    /** The known name closest to {@code name}: equal but for case and punctuation, else within a few edits. */
    public static Optional<String> closest(String name, Collection<String> known) {
        String n = squeeze(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = LEVENSHTEIN.apply(n, squeeze(k));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, n.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** " (did you mean 'X'?)" for the closest known name, or "" when none is close. */
    public static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private static String squeeze(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
