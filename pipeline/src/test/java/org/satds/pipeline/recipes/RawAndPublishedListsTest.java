package org.satds.pipeline.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.LabelLists;
import org.satds.pipeline.Synthetic;

/**
 * A record written by the original processor.py (raw label list) and a published record (the loader's final
 * list) give the same sample for every dataset: the published names, and the same masks.
 */
class RawAndPublishedListsTest {
    static final RecipeBook BOOK = RecipeBook.builtIn();

    static Stream<String> datasets() {
        return BOOK.all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void sameOutput(String dataset, @TempDir Path dir) throws Exception {
        Recipe recipe = BOOK.get(dataset);
        List<String> names = SampleLoader.outputNames(recipe);
        List<String> raw = LabelLists.raw(dataset), published = LabelLists.published(dataset);
        assertNotNull(raw, "processor_spec.json has no list for this dataset (the original had no processor for it)");
        // VerSe's published list names 'cervical vertebrae' twice (docs/deviations.md); we name it once
        if (published != null) assertEquals(published.stream().distinct().toList(), names, "published names");
        else assertEquals(raw, names.subList(0, raw.size()), "no published jsonl: the raw classes come first");

        Files.createDirectories(dir.resolve("raw"));
        Map<String, BitSet> fromRaw = Synthetic.voxels(Synthetic.load(BOOK, dataset, raw, dir.resolve("raw")));
        assertEquals(names, List.copyOf(fromRaw.keySet()));
        if (published == null) return;
        Files.createDirectories(dir.resolve("published"));
        assertEquals(fromRaw, Synthetic.voxels(Synthetic.load(BOOK, dataset, published, dir.resolve("published"))));
    }

    /** The rewording the brief names: processor.py's 'intervertebral discs between ...' is published as 'disc'. */
    @Test
    void mrSpineSegRawWordingGivesThePublishedNames(@TempDir Path dir) throws Exception {
        List<String> raw = LabelLists.raw("MRSpineSeg");
        assertNotEquals(raw, LabelLists.published("MRSpineSeg").subList(0, raw.size()));
        assertEquals(LabelLists.published("MRSpineSeg"), Synthetic.load(BOOK, "MRSpineSeg", raw, dir).labels());
    }
}
