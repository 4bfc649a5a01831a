package org.satds.datasets.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** SAT's label vocabulary (terminology_list.json): terms are the modality and the class, lower case ("ct_liver"). */
public final class Vocabulary {
    private static final String RESOURCE = "/org/satds/datasets/terminology_list.json";

    /**
     * Classes of the datasets the original published no jsonl for; the vocabulary predates them
     * (docs/deviations.md, "Vocabulary").
     */
    public static final Map<String, Set<String>> EXCEPTIONS = Map.of(
            "AbdomenAtlas", Set.of("postcava"),
            "ATM22", Set.of("trachea and bronchie"),
            "Adrenal_ACC_Ki67", Set.of("Adrenocortical carcinoma"),
            "LNQ2023", Set.of("mediastinal lymph node"),
            "RibFrac", Set.of("Rib fracture"));
    private final Set<String> terms;

    private Vocabulary(Set<String> terms) {
        this.terms = terms;
    }

    @SuppressWarnings("unchecked")
    public static Vocabulary builtIn() {
        try (InputStream in = Vocabulary.class.getResourceAsStream(RESOURCE)) {
            return new Vocabulary(new HashSet<>((List<String>) new ObjectMapper().readValue(in, Map.class).get("all")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vocabulary: " + e.getMessage(), e);
        }
    }

    public boolean contains(String modality, String label) {
        return terms.contains(modality.toLowerCase(Locale.ROOT) + "_" + label.toLowerCase(Locale.ROOT));
    }

    /** In the vocabulary, or a listed exception of that dataset. */
    public boolean accepts(String dataset, String modality, String label) {
        return contains(modality, label) || EXCEPTIONS.getOrDefault(dataset, Set.of()).contains(label);
    }

    public int size() {
        return terms.size();
    }
}
