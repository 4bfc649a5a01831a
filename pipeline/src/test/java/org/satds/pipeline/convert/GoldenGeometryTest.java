package org.satds.pipeline.convert;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.sample.SampleLoader.Compat;
import org.satds.pipeline.TestData;

/** Parity with the original pipeline on the geometry and real-MRI golden cases, byte for byte. */
class GoldenGeometryTest {
    static Stream<Path> cases() throws Exception {
        return Stream.concat(TestData.goldenCases("geometry").stream(), TestData.goldenCases("real").stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOriginal(Path caseDir, @TempDir Path out) throws Exception {
        GoldenComparison.assertConvertsLikeTheOriginal(caseDir, out.resolve("npy"), Compat.DEFAULT);
    }

    /** With --compat original, class names come from the record as in the original, so they equal the reference's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void compatOriginalKeepsTheRecordsNames(Path caseDir, @TempDir Path out) throws Exception {
        GoldenComparison.assertConvertsLikeTheOriginal(caseDir, out.resolve("npy"), Compat.ORIGINAL);
    }
}
