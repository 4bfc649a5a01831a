package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.TestData;

/**
 * Parity with the original loader function of every dataset (one golden case each), in Compat.ORIGINAL mode: the
 * labels whose default sources fix a defect that changes published data (WMH, VerSe) are built as the original
 * built them. The default sources are tested by RecipeDefectsTest.
 */
class GoldenRecipesTest {
    /**
     * Datasets whose original names one label twice (docs/deviations.md): we emit it once, so the reference, which
     * holds whichever file was written last, is not compared for it; RecipeDefectsTest tests it.
     */
    static final Map<String, String> NAMED_TWICE = Map.of("DAP_Atlas", "kidney", "VerSe", "cervical vertebrae");

    static Stream<Path> cases() throws Exception {
        return TestData.goldenCases("recipes").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), new SampleLoader(RecipeBook.builtIn(), SampleLoader.Compat.ORIGINAL));
        String twice = NAMED_TWICE.get(caseDir.getFileName().toString());
        if (twice == null) {
            GoldenComparison.assertMatches(caseDir, ours);
            return;
        }
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        List<String> distinct = GoldenComparison.strings(ref.get("label")).stream().distinct().toList();
        assertEquals(distinct, GoldenComparison.strings(ours.get("label")), "labels, the duplicate named once");
        GoldenComparison.assertMasks(caseDir, ref, ours, 0.9999, Set.of(twice));
    }
}
