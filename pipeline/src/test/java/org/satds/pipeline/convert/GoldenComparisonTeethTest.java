package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.satds.core.io.Npy;
import org.satds.datasets.sample.SampleLoader.Compat;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * The golden comparison has teeth: a copy of a golden case whose reference differs from the original's output by one
 * mask voxel, one box or roi bound, or one image float (one ulp) fails it, also in a label of a case that has an
 * allowance.
 */
class GoldenComparisonTeethTest {
    @Test
    void theUntouchedCopyMatches(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/WORD", dir);
        GoldenComparison.assertConvertsLikeTheOriginal(c, dir.resolve("out"), Compat.DEFAULT);
    }

    /**
     * One mask voxel flipped fails: in a plain case, in a label of a case with an allowance (VerSe's covers only its
     * named labels), and in a label the default sources fix when it is built as the original built it.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"recipes/WORD, pancreas, DEFAULT", "recipes/VerSe, lumbar vertebrae, DEFAULT", "recipes/VerSe, thoracic vertebrae, ORIGINAL"})
    void oneMaskVoxelFlippedFails(String goldenCase, String label, Compat compat, @TempDir Path dir) throws Exception {
        Path c = copy(goldenCase, dir);
        ObjectNode ref = Jsonl.read(c.resolve("reference.jsonl")).get(0);
        Path npy = c.resolve(ref.get("renorm_segmentation_dir").asText()).resolve(label + ".npy");
        byte[] b = Files.readAllBytes(npy);
        b[b.length - (int) (Npy.read(npy).size() / 2)] ^= 1;
        Files.write(npy, b);
        assertFails(c, dir, compat, label + ".npy differs");
    }

    /** A box bound (the first label's y2) or the roi's y1 moved by one fails. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"recipes/WORD, /renorm_y1x1z1_y2x2z2/0, 3, liver: box", "geometry/ct_lps_int16, /roi_y1x1z1_y2x2z2, 0, roi_y1x1z1_y2x2z2"})
    void oneBoundMovedFails(String goldenCase, String box, int bound, String expected, @TempDir Path dir) throws Exception {
        Path c = copy(goldenCase, dir);
        ObjectNode ref = Jsonl.read(c.resolve("reference.jsonl")).get(0);
        ArrayNode a = (ArrayNode) ref.at(box);
        a.set(bound, a.get(bound).asInt() + 1);
        Jsonl.write(c.resolve("reference.jsonl"), List.of(ref));
        assertFails(c, dir, Compat.DEFAULT, expected);
    }

    @Test
    void oneImageFloatOneUlpOffFails(@TempDir Path dir) throws Exception {
        Path c = copy("geometry/ct_lps_int16", dir);
        Path image = c.resolve(Jsonl.read(c.resolve("reference.jsonl")).get(0).get("renorm_image").asText());
        byte[] b = Files.readAllBytes(image);
        int at = b.length - 4 * (int) (Npy.read(image).size() / 2);
        ByteBuffer f = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        f.putFloat(at, Math.nextUp(f.getFloat(at)));
        Files.write(image, b);
        assertFails(c, dir, Compat.DEFAULT, "renorm_image/0.npy differs");
    }

    private static void assertFails(Path caseDir, Path dir, Compat compat, String expected) {
        AssertionError e = assertThrows(AssertionError.class,
                () -> GoldenComparison.assertConvertsLikeTheOriginal(caseDir, dir.resolve("out"), compat));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The golden case copied to dir/&lt;its name&gt; (allowances are looked up by the folder's name). */
    private static Path copy(String goldenCase, Path dir) throws IOException {
        Path from = TestData.file("golden/" + goldenCase), to = dir.resolve(from.getFileName());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
        return to;
    }
}
