package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.TestData;

/**
 * Parity with the original pipeline on the geometry and real-scan golden cases, by the golden README's rules; the real
 * scans (four: two MRIs of MONAI's testing data, a coronal T1 of ITK's examples, Colin27 with the Brodmann areas)
 * also byte for byte.
 */
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

    static java.util.List<Path> realCases() throws Exception {
        return TestData.goldenCases("real");
    }

    /**
     * Every npy file the original wrote for a real scan, byte for byte, and the same record fields (with --compat
     * original, so that classes are named as the original names them); a class the mask does not hold has no file.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("realCases")
    void realScansAreTheOriginalsByteForByte(Path caseDir, @TempDir Path out) throws Exception {
        ObjectNode ours = GoldenComparison.convert(caseDir, out.resolve("npy"), new SampleLoader(RecipeBook.builtIn(), SampleLoader.Compat.ORIGINAL));
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        for (String field : new String[] {"label", "chwd", "roi_y1x1z1_y2x2z2", "renorm_y1x1z1_y2x2z2"})
            assertEquals(ref.get(field), ours.get(field), field);
        assertSameBytes(caseDir.resolve(ref.get("renorm_image").asText()), Path.of(ours.get("renorm_image").asText()));
        Path refMasks = caseDir.resolve(ref.get("renorm_segmentation_dir").asText()), masks = Path.of(ours.get("renorm_segmentation_dir").asText());
        for (String label : GoldenComparison.strings(ref.get("label"))) {
            Path expected = refMasks.resolve(label + ".npy"), actual = masks.resolve(label + ".npy");
            if (Files.exists(expected)) assertSameBytes(expected, actual);
            else assertFalse(Files.exists(actual), actual + " written, but the original wrote no file for '" + label + "'");
        }
    }

    private static void assertSameBytes(Path expected, Path actual) throws Exception {
        assertEquals(-1L, Files.mismatch(expected, actual), actual + " differs from the original's " + expected);
    }
}
