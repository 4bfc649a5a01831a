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
import org.satds.pipeline.Jsonl;
import org.satds.pipeline.Shared;

/** Parity with the original loader function of every dataset (one golden case each). */
class GoldenRecipesTest {
    /**
     * Datasets whose original names one label twice (docs/deviations.md): we emit it once. These labels, and the
     * merges the original fed with the wrong channel, are tested by RecipeDefectsTest, not against the reference.
     */
    static final Map<String, Set<String>> NAMED_TWICE = Map.of(
            "DAP_Atlas", Set.of("kidney"),
            "VerSe", Set.of("cervical vertebrae", "thoracic vertebrae", "vertebrae"));

    static Stream<Path> cases() throws Exception {
        return Shared.goldenCases("recipes").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), RecipeBook.builtIn());
        Set<String> fixed = NAMED_TWICE.get(caseDir.getFileName().toString());
        if (fixed == null) {
            GoldenComparison.assertMatches(caseDir, ours);
            return;
        }
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        List<String> distinct = GoldenComparison.strings(ref.get("label")).stream().distinct().toList();
        assertEquals(distinct, GoldenComparison.strings(ours.get("label")), "labels, the duplicate named once");
        GoldenComparison.assertMasks(caseDir, ref, ours, 0.9999, fixed);
    }
}
