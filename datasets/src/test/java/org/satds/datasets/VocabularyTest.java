package org.satds.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.satds.datasets.catalog.Vocabulary;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;

/** Every class a recipe outputs is a term of SAT's vocabulary (terminology_list.json), or a listed exception. */
class VocabularyTest {
    @Test
    void everyOutputLabelIsAVocabularyTerm() throws Exception {
        Vocabulary vocabulary = Vocabulary.builtIn();
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Recipe r : RecipeBook.builtIn().all().values())
            for (String name : SampleLoader.outputNames(r))
                if (!vocabulary.contains(r.modality(), name))
                    missing.computeIfAbsent(r.dataset(), k -> new java.util.TreeSet<>()).add(name);
        assertEquals(new TreeMap<>(Vocabulary.EXCEPTIONS), missing);
        assertTrue(vocabulary.size() > 400);
    }
}
