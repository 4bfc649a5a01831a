package org.satds.pipeline.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.satds.datasets.catalog.Catalog;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.TestData;

/** The shipped catalog against the recipes, the published jsonl files and the shipped citation.bib. */
class CatalogTest {
    static final Catalog CATALOG = Catalog.builtIn();

    @Test
    void oneEntryPerRecipeWithItsModalityAndClassCount() {
        RecipeBook book = RecipeBook.builtIn();
        assertEquals(new TreeSet<>(book.all().keySet()), new TreeSet<>(CATALOG.list().stream().map(Catalog.Entry::name).toList()));
        for (Catalog.Entry e : CATALOG.list()) {
            Recipe r = book.get(e.name());
            assertEquals(r.modality(), e.modality(), e.name());
            assertEquals(r.labels().size(), e.classes(), e.name());
            assertFalse(e.region() == null || e.region().isBlank(), e.name());
        }
    }

    @Test
    void countsAreThoseOfThePublishedJsonl() throws Exception {
        for (Catalog.Entry e : CATALOG.list()) {
            Path f = TestData.file("published").resolve(e.name() + ".jsonl");
            if (!Files.exists(f)) {
                assertNull(e.records(), e.name());
                assertNull(e.images(), e.name());
                continue;
            }
            List<ObjectNode> records = Jsonl.read(f);
            Set<String> images = new HashSet<>(), masks = new HashSet<>();
            for (JsonNode r : records) {
                images.add(r.get("image").asText());
                masks.add(r.get("mask").asText());
                assertTrue(r.get("modality").asText().startsWith(e.modality()), e.name() + ": " + r.get("modality"));
            }
            assertEquals(records.size(), e.records(), e.name() + " records");
            assertEquals(images.size(), e.images(), e.name() + " images");
            assertEquals(masks.size(), e.masks(), e.name() + " masks");
        }
    }

    @Test
    void everyCitationKeyIsInTheShippedBibtex() throws Exception {
        for (Catalog.Entry e : CATALOG.list()) {
            String bib = CATALOG.bibtex(e.name());
            for (String key : e.cite()) assertTrue(bib.contains("{" + key + ","), e.name() + ": " + key);
            if (!e.cite().isEmpty()) assertTrue(bib.endsWith("}"), e.name());
        }
        assertTrue(CATALOG.bibtex("VerSe").startsWith("@article{VerSe,"));
    }

    @Test
    void jsonListsEveryEntry() throws Exception {
        JsonNode json = Jsonl.MAPPER.readTree(CATALOG.json());
        assertEquals(CATALOG.list().size(), json.size());
        assertEquals("ACDC", json.get(0).get("name").asText());
    }
}
