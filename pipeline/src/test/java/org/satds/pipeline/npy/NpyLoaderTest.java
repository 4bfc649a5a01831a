package org.satds.pipeline.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.satds.core.io.Npy;
import org.satds.pipeline.jsonl.Jsonl;

class NpyLoaderTest {
    /**
     * Every golden case reads back with image and mask shapes equal to chwd, and each label's mask is exactly its
     * reference cropped npy pasted at its box (set voxels inside the box agree, none are set outside; a false box
     * gives an empty mask).
     */
    @Test
    void rebuildsGoldenMasksFromCropsAndBoxes() throws IOException {
        List<Path> cases = Golden.cases();
        assertEquals(95, cases.size());
        int checked = 0;
        for (Path dir : cases) {
            ObjectNode record = Jsonl.read(dir.resolve("reference.jsonl")).get(0);
            String name = dir.getFileName().toString();
            if (Golden.DUPLICATE_LABEL.contains(name)) continue;
            ConvertedSample s = NpyLoader.load(record, dir);
            int[] chwd = ints(record.get("chwd"));
            int h = chwd[1], w = chwd[2], d = chwd[3];
            assertArrayEquals(new int[] {h, w, d}, s.hwd(), name);
            Npy.Array image = Npy.read(dir.resolve(record.get("renorm_image").textValue()));
            assertArrayEquals(chwd, image.shape(), name);
            assertArrayEquals(image.floats(), s.image(), name);
            assertEquals(labels(record), s.labels(), name);
            assertEquals(s.labels().size(), s.masks().length, name);
            for (int i = 0; i < s.masks().length; i++) {
                byte[] mask = s.masks()[i];
                assertEquals(h * w * d, mask.length, name);
                JsonNode box = record.get("renorm_y1x1z1_y2x2z2").get(i);
                if (box.isBoolean()) {
                    assertEquals(0, count(mask), name + " " + s.labels().get(i));
                    continue;
                }
                int[] b = ints(box);
                Npy.Array crop = Npy.read(dir.resolve(record.get("renorm_segmentation_dir").textValue())
                        .resolve(s.labels().get(i) + ".npy"));
                assertArrayEquals(new int[] {b[3] - b[0], b[4] - b[1], b[5] - b[2]}, crop.shape(), name);
                int inside = 0, k = 0;
                for (int y = b[0]; y < b[3]; y++)
                    for (int x = b[1]; x < b[4]; x++)
                        for (int z = b[2]; z < b[5]; z++, k++) {
                            assertEquals(crop.bools()[k], mask[(y * w + x) * d + z], name);
                            inside += crop.bools()[k];
                        }
                assertEquals(inside, count(mask), name + ": nothing set outside the box");
                assertTrue(inside > 0, name);
            }
            checked++;
        }
        assertEquals(93, checked);
    }

    /** Where a label is named twice, the file holds the later label, which does not fit the earlier label's box. */
    @Test
    void refusesCropThatDoesNotFitItsBox() throws IOException {
        for (Path dir : Golden.cases()) {
            if (!Golden.DUPLICATE_LABEL.contains(dir.getFileName().toString())) continue;
            ObjectNode record = Jsonl.read(dir.resolve("reference.jsonl")).get(0);
            IOException e = assertThrows(IOException.class, () -> NpyLoader.load(record, dir));
            assertTrue(e.getMessage().contains("does not fit box"), e.getMessage());
        }
    }

    private static int count(byte[] m) {
        int n = 0;
        for (byte b : m) n += b;
        return n;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).intValue();
        return r;
    }

    private static List<String> labels(ObjectNode record) {
        List<String> l = new ArrayList<>();
        record.get("label").forEach(x -> l.add(x.textValue()));
        return l;
    }
}
