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
import org.satds.core.io.Npy;
import org.satds.datasets.sample.SampleLoader.Compat;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * The golden comparison has teeth: a copy of a golden case whose reference differs from the original's output by one
 * mask voxel, one box bound or one image float (one ulp) fails it, also in a label of a case that has an allowance.
 */
class GoldenComparisonTeethTest {
    @Test
    void theUntouchedCopyMatches(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/WORD", dir);
        GoldenComparison.assertConvertsLikeTheOriginal(c, dir.resolve("out"), Compat.DEFAULT);
    }

    @Test
    void oneMaskVoxelFlippedFails(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/WORD", dir);
        flipMiddleVoxel(mask(c, "pancreas"));
        assertFails(c, dir, Compat.DEFAULT, "pancreas.npy differs");
    }

    @Test
    void oneBoxBoundMovedFails(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/WORD", dir);
        ObjectNode ref = Jsonl.read(c.resolve("reference.jsonl")).get(0);
        ArrayNode box = (ArrayNode) ref.get("renorm_y1x1z1_y2x2z2").get(0);
        box.set(3, box.get(3).asInt() - 1);
        Jsonl.write(c.resolve("reference.jsonl"), List.of(ref));
        assertFails(c, dir, Compat.DEFAULT, "liver: box");
    }

    @Test
    void theRoiMovedFails(@TempDir Path dir) throws Exception {
        Path c = copy("geometry/ct_lps_int16", dir);
        ObjectNode ref = Jsonl.read(c.resolve("reference.jsonl")).get(0);
        ArrayNode roi = (ArrayNode) ref.get("roi_y1x1z1_y2x2z2");
        roi.set(0, roi.get(0).asInt() + 1);
        Jsonl.write(c.resolve("reference.jsonl"), List.of(ref));
        assertFails(c, dir, Compat.DEFAULT, "roi_y1x1z1_y2x2z2");
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

    /** VerSe's allowance covers its named labels only: a voxel of another label still fails. */
    @Test
    void anAllowanceCoversOnlyItsLabels(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/VerSe", dir);
        flipMiddleVoxel(mask(c, "lumbar vertebrae"));
        assertFails(c, dir, Compat.DEFAULT, "lumbar vertebrae.npy differs");
    }

    /** Under --compat original the labels our sources fix must be the original's: one voxel fails them. */
    @Test
    void underCompatOriginalTheFixedLabelsAreExact(@TempDir Path dir) throws Exception {
        Path c = copy("recipes/VerSe", dir);
        flipMiddleVoxel(mask(c, "thoracic vertebrae"));
        assertFails(c, dir, Compat.ORIGINAL, "thoracic vertebrae.npy differs");
    }

    private static void assertFails(Path caseDir, Path dir, Compat compat, String expected) {
        AssertionError e = assertThrows(AssertionError.class,
                () -> GoldenComparison.assertConvertsLikeTheOriginal(caseDir, dir.resolve("out"), compat));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Path mask(Path caseDir, String label) throws IOException {
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        return caseDir.resolve(ref.get("renorm_segmentation_dir").asText()).resolve(label + ".npy");
    }

    private static void flipMiddleVoxel(Path npy) throws IOException {
        byte[] b = Files.readAllBytes(npy);
        int at = b.length - (int) (Npy.read(npy).size() / 2);
        b[at] ^= 1;
        Files.write(npy, b);
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
