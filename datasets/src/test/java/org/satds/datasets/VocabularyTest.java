package org.satds.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;

/** Every class a recipe outputs is a term of SAT's vocabulary (terminology_list.json), or a listed exception. */
class VocabularyTest {
    /**
     * Classes of the datasets the original published no jsonl for; the vocabulary predates them
     * (docs/deviations.md, "Vocabulary").
     */
    static final Map<String, Set<String>> NOT_IN_VOCABULARY = Map.of(
            "AbdomenAtlas", Set.of("postcava"),
            "ATM22", Set.of("trachea and bronchie"),
            "Adrenal_ACC_Ki67", Set.of("Adrenocortical carcinoma"),
            "LNQ2023", Set.of("mediastinal lymph node"),
            "RibFrac", Set.of("Rib fracture"));

    @Test
    void everyOutputLabelIsAVocabularyTerm() throws Exception {
        Set<String> terms;
        try (InputStream in = getClass().getResourceAsStream("/org/satds/datasets/terminology_list.json")) {
            terms = new HashSet<>((List<String>) new ObjectMapper().readValue(in, Map.class).get("all"));
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Recipe r : RecipeBook.builtIn().all().values())
            for (String name : SampleLoader.outputNames(r))
                // the vocabulary prefixes each term with its modality and writes it in lower case: 'ct_liver'
                if (!terms.contains(r.modality().toLowerCase() + "_" + name.toLowerCase()))
                    missing.computeIfAbsent(r.dataset(), k -> new java.util.TreeSet<>()).add(name);
        assertEquals(new TreeMap<>(NOT_IN_VOCABULARY), missing);
        assertTrue(terms.size() > 400);
    }
}
