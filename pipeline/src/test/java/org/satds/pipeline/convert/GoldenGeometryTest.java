package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.TestData;

/** Parity with the original pipeline on the geometry and real-MRI golden cases, by the golden README's rules. */
class GoldenGeometryTest {
    static Stream<Path> cases() throws Exception {
        return Stream.concat(TestData.goldenCases("geometry").stream(), TestData.goldenCases("real").stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), RecipeBook.builtIn());
        GoldenComparison.assertMatches(caseDir, ours);
    }

    /** With --compat original, class names come from the record as in the original, so they equal the reference's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compatOriginalKeepsTheRecordsNames(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), new SampleLoader(RecipeBook.builtIn(), SampleLoader.Compat.ORIGINAL));
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        assertEquals(GoldenComparison.strings(ref.get("label")), GoldenComparison.strings(ours.get("label")));
        GoldenComparison.assertMasks(caseDir, ref, ours, 0.9999, java.util.Set.of());
    }
}
