package org.satds.pipeline.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.Shared;

/** Parity with the original pipeline on the geometry and real-MRI golden cases, by the golden README's rules. */
class GoldenGeometryTest {
    static Stream<Path> cases() throws Exception {
        return Stream.concat(Shared.goldenCases("geometry").stream(), Shared.goldenCases("real").stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), RecipeBook.builtIn());
        GoldenComparison.assertMatches(caseDir, ours);
    }
}
