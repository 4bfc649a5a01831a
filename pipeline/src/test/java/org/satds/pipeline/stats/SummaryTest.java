package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;

/** The flags and per-dataset figures on fingerprints made up to hold one oddity each. */
class SummaryTest {
    static ObjectNode sample(int id, double sliceMm, double median, long liver, int liverPieces, long tumour) {
        ObjectNode s = Jsonl.MAPPER.createObjectNode().put("dataset", "MSD_Liver").put("patient_id", "p" + id).put("image", "i" + id);
        s.put("sample_id", id);
        ObjectNode nat = s.putObject("native");
        nat.putArray("shape").add(512).add(512).add(100);
        nat.putArray("spacing").add(0.8).add(0.8).add(sliceMm);
        nat.put("axcodes", "LPS");
        float[] values = {(float) median - 10, (float) median, (float) median + 10};
        s.set("intensity", Intensities.of(values));
        s.put(Intensities.POOL_FIELD, Intensities.poolOf(values));
        ObjectNode norm = s.putObject("normalized");
        norm.putArray("shape").add(300).add(280).add(90 + id);
        ObjectNode classes = norm.putObject("classes");
        classes.putObject("liver").put("voxels", liver).put("volume_ml", liver * 0.003).put("components", liverPieces);
        classes.putObject("liver tumor").put("voxels", tumour).put("volume_ml", tumour * 0.003).put("components", tumour > 0 ? 1 : 0);
        return s;
    }

    @Test
    void flagsEachOddity() {
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 21; i++) samples.add(sample(i, 2.5, 60 + i % 3, 500_000, 1, 0));
        samples.set(3, sample(3, 5, 61, 500_000, 1, 0));          // 5 mm slices among 2.5 mm ones
        samples.set(4, sample(4, 2.5, 900, 500_000, 1, 0));       // a bright foreground
        samples.set(5, sample(5, 2.5, 60, 500_000, 40, 0));       // a liver in 40 pieces
        samples.set(6, sample(6, 2.5, 60, 0, 0, 0));              // nothing labelled
        samples.set(7, sample(7, 2.5, 60, 500_000, 1, 1_000));    // the only tumour: 1 of 21 samples, < 5 %
        JsonNode stats = Summary.of(samples, Jsonl.MAPPER.createArrayNode(), RecipeBook.builtIn());
        List<String> flags = new ArrayList<>();
        for (JsonNode f : stats.get("flags")) flags.add(f.get("kind").asText() + " " + f.path("patient_id").asText("-"));
        assertEquals(List.of("rare class -", "spacing outlier p3", "intensity outlier p4", "many components p5", "empty mask p6"), flags);
        JsonNode d = stats.at("/datasets/MSD_Liver");
        assertEquals(21, d.get("samples").asInt());
        assertEquals("CT", d.get("modality").asText());
        assertEquals(20, d.at("/classes/liver/present").asInt());
        assertEquals(20 * 500_000L, d.at("/classes/liver/voxels").asLong());
        assertEquals(1500.0, d.at("/classes/liver/volume_ml/median").asDouble(), 1e-9);
        assertEquals(40, d.at("/classes/liver/components/max").asInt());
        assertEquals(2.5, d.at("/native/spacing/median").get(2).asDouble());
        assertEquals(5.0, d.at("/native/spacing/max").get(2).asDouble());
        assertEquals(100.0, d.at("/normalized/shape/median").get(2).asDouble());
        assertEquals(21, d.at("/native/axcodes/LPS").asInt());
        assertEquals(63, d.at("/intensity/voxels").asInt());
    }
}
