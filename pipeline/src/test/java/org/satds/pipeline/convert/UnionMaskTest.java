package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.Npy;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.TestData;

/** The union mask SAT's training loader reads: every label's voxels, cropped to the roi box. */
class UnionMaskTest {
    @Test
    void unionIsTheOrOfAllLabelsInsideTheRoi(@TempDir Path out) throws Exception {
        Path caseDir = TestData.file("golden/recipes/WORD");
        ObjectNode rec = GoldenComparison.convert(caseDir, out.resolve("npy"), RecipeBook.builtIn());
        int[] roi = GoldenComparison.ints(rec.get("roi_y1x1z1_y2x2z2"));
        int[] chwd = GoldenComparison.ints(rec.get("chwd"));
        int[] shape = {chwd[1], chwd[2], chwd[3]};
        byte[] expected = new byte[shape[0] * shape[1] * shape[2]];
        var labels = GoldenComparison.strings(rec.get("label"));
        for (int l = 0; l < labels.size(); l++) {
            if (rec.get("renorm_y1x1z1_y2x2z2").get(l).isBoolean()) continue;
            byte[] full = GoldenComparison.paste(Path.of(rec.get("renorm_segmentation_dir").asText(), labels.get(l) + ".npy"),
                    GoldenComparison.ints(rec.get("renorm_y1x1z1_y2x2z2").get(l)), shape);
            for (int i = 0; i < full.length; i++) expected[i] |= full[i];
        }
        Npy.Array union = Npy.read(Path.of(rec.get("renorm_segmentation_dir").asText() + ".npy"));
        assertEquals("|b1", union.descr());
        assertArrayEquals(new int[] {roi[3] - roi[0], roi[4] - roi[1], roi[5] - roi[2]}, union.shape());
        assertArrayEquals(GoldenComparison.paste(Path.of(rec.get("renorm_segmentation_dir").asText() + ".npy"), roi, shape), expected);
    }
}
