package org.satds.pipeline.convert;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.sample.SampleLoader.Compat;
import org.satds.pipeline.TestData;

/**
 * Parity with the original loader function of every dataset (one golden case each), byte for byte. In
 * Compat.ORIGINAL mode the labels whose default sources fix a defect that changes published data (WMH, VerSe) are
 * built as the original built them, so only the labels the original names twice are left out; by default those
 * labels must differ as documented ({@link GoldenComparison#ALLOWANCES}). RecipeDefectsTest tests our sources.
 */
class GoldenRecipesTest {
    static Stream<Path> cases() throws Exception {
        return TestData.goldenCases("recipes").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        GoldenComparison.assertConvertsLikeTheOriginal(caseDir, out.resolve("npy"), Compat.ORIGINAL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginalByDefaultButForTheDocumentedFixes(Path caseDir, @TempDir Path out) throws Exception {
        GoldenComparison.assertConvertsLikeTheOriginal(caseDir, out.resolve("npy"), Compat.DEFAULT);
    }
}
