package org.satds.pipeline.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.Npy;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;

class NpyCheckTest {
    /** Every golden reference passes, except the two whose record names a label twice. */
    @Test
    void goldenReferencesPass() throws IOException {
        for (Path dir : Golden.cases()) {
            List<NpyIssue> issues = NpyCheck.check(Jsonl.read(dir.resolve("reference.jsonl")), dir);
            String name = dir.getFileName().toString();
            if (Golden.DUPLICATE_LABEL.contains(name)) {
                assertEquals(1, issues.size(), name);
                assertTrue(issues.get(0).reason().contains("is named twice"), issues.get(0).line());
            } else {
                assertEquals(List.of(), issues, name);
            }
        }
    }

    /** A copy of one golden case (labels liver, kidney, spleen, pancreas) to plant faults in. */
    private static ObjectNode copyCase(Path to) throws IOException {
        Path from = TestData.file("golden/geometry/ct_lps_int16");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return Jsonl.read(to.resolve("reference.jsonl")).get(0);
    }

    private static Path mask(Path dir, ObjectNode r, String label) {
        return dir.resolve(r.get("renorm_segmentation_dir").textValue()).resolve(label + ".npy");
    }

    private static NpyIssue issue(ObjectNode r, Path dir) {
        Optional<NpyIssue> i = NpyCheck.check(r, dir);
        assertTrue(i.isPresent(), "a planted fault must be reported");
        assertEquals("AbdomenCT1K", i.get().dataset());
        assertEquals("ct_lps_int16", i.get().patientId());
        return i.get();
    }

    @Test
    void missingFile(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        Files.delete(mask(dir, r, "kidney"));
        NpyIssue i = issue(r, dir);
        assertEquals(mask(dir, r, "kidney").toString(), i.file());
        assertEquals("missing file", i.reason());
        assertEquals("AbdomenCT1K\tct_lps_int16\t" + mask(dir, r, "kidney") + "\tmissing file", i.line());
    }

    @Test
    void emptyFile(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        Files.write(mask(dir, r, "spleen"), new byte[0]);
        NpyIssue i = issue(r, dir);
        assertEquals(mask(dir, r, "spleen").toString(), i.file());
        assertEquals("empty file", i.reason());
    }

    @Test
    void truncatedImage(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        Path image = dir.resolve(r.get("renorm_image").textValue());
        byte[] bytes = Files.readAllBytes(image);
        Files.write(image, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        NpyIssue i = issue(r, dir);
        assertEquals(image.toString(), i.file());
        assertTrue(i.reason().startsWith("unreadable npy: "), i.reason());
    }

    @Test
    void wrongChwd(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        ((ArrayNode) r.get("chwd")).set(3, 29);
        NpyIssue i = issue(r, dir);
        assertEquals(dir.resolve(r.get("renorm_image").textValue()).toString(), i.file());
        assertEquals("image shape [1, 62, 63, 28] != chwd [1, 62, 63, 29]", i.reason());
    }

    @Test
    void boxOfWrongSize(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        ((ArrayNode) r.get("renorm_y1x1z1_y2x2z2").get(2)).set(3, 50); // spleen [31, 15, 6, 51, 30, 15]
        NpyIssue i = issue(r, dir);
        assertEquals(mask(dir, r, "spleen").toString(), i.file());
        assertEquals("box mismatch: mask shape [20, 15, 9] != box [31, 15, 6, 50, 30, 15]", i.reason());
    }

    @Test
    void boxOutsideTheVolume(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        ArrayNode box = (ArrayNode) r.get("renorm_y1x1z1_y2x2z2").get(3); // pancreas [37, 32, 12, 54, 52, 25]
        box.set(2, 20);
        box.set(5, 33); // same size, but past D = 28
        NpyIssue i = issue(r, dir);
        assertTrue(i.reason().contains("lies outside chwd"), i.reason());
    }

    /** A crop with an empty border: same size as its box, but the box is not the mask's non-zero extent. */
    @Test
    void boxLargerThanMask(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        Path liver = mask(dir, r, "liver"); // box [19, 8, 4, 49, 25, 13]
        Npy.Array crop = Npy.read(liver);
        int[] s = crop.shape();
        byte[] padded = new byte[(s[0] + 1) * s[1] * s[2]];
        System.arraycopy(crop.bools(), 0, padded, 0, crop.bools().length); // a new all-zero last row in y
        Npy.writeBool(liver, new int[] {s[0] + 1, s[1], s[2]}, padded);
        ((ArrayNode) r.get("renorm_y1x1z1_y2x2z2").get(0)).set(3, 50);
        NpyIssue i = issue(r, dir);
        assertEquals(liver.toString(), i.file());
        assertEquals("box mismatch: box [19, 8, 4, 50, 25, 13] != non-zero extent [19, 8, 4, 49, 25, 13]", i.reason());
    }

    @Test
    void roiNotUnionOfBoxes(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        ((ArrayNode) r.get("roi_y1x1z1_y2x2z2")).set(0, 17);
        NpyIssue i = issue(r, dir);
        assertEquals("", i.file());
        assertEquals("roi [17, 8, 4, 54, 52, 25] != union of boxes [16, 8, 4, 54, 52, 25]", i.reason());
    }

    @Test
    void notConverted(@TempDir Path dir) throws IOException {
        ObjectNode r = copyCase(dir);
        r.remove("renorm_image");
        assertEquals("no 'renorm_image' field (not a converted record?)", issue(r, dir).reason());
    }

    /** One line per failing sample, in record order; passing samples give none. */
    @Test
    void oneIssuePerFailingSample(@TempDir Path dir) throws IOException {
        ObjectNode good = copyCase(dir);
        ObjectNode badChwd = good.deepCopy(), badRoi = good.deepCopy();
        ((ArrayNode) badChwd.get("chwd")).set(1, 1);
        badRoi.put("roi_y1x1z1_y2x2z2", false);
        List<NpyIssue> issues = NpyCheck.check(List.of(good, badChwd, good, badRoi), dir);
        assertEquals(2, issues.size());
        assertTrue(issues.get(0).reason().startsWith("image shape"), issues.get(0).reason());
        assertEquals("roi false != union of boxes [16, 8, 4, 54, 52, 25]", issues.get(1).reason());
    }

    /** A dataset whose every class is empty in every converted sample is reported once, naming it. */
    @Test
    void datasetWithEveryClassEmptyIsReported() throws IOException {
        ObjectNode r = Jsonl.read(TestData.file("golden/geometry/ct_lps_int16/reference.jsonl")).get(0);
        assertEquals(List.of(), NpyCheck.emptyDatasets(List.of(r)));
        ObjectNode empty = r.deepCopy();
        empty.put("dataset", "TotalSegmentator_Ribs");
        ArrayNode boxes = empty.putArray("renorm_y1x1z1_y2x2z2");
        for (int i = 0; i < r.get("label").size(); i++) boxes.add(false);
        assertEquals(List.of("TotalSegmentator_Ribs: every class is empty in all 2 samples: are the masks the right files?"),
                NpyCheck.emptyDatasets(List.of(r, empty, empty)));
    }
}
