package org.satds.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/** SAT's own scores (golden/evaluate: calculate_metric_percase and evaluator.py's avg_df) reproduced pair by pair. */
class EvaluationGoldenTest {
    static final double TOLERANCE = 1e-6;

    static Evaluation.Result evaluateGolden() throws Exception {
        Path dir = TestData.file("golden/evaluate");
        return Evaluation.converted(Jsonl.read(dir.resolve("gt.jsonl")), dir, dir.resolve("pred"),
                new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withThreads(2)));
    }

    @Test
    void everyPairScoresAsSat() throws Exception {
        Evaluation.Result r = evaluateGolden();
        assertTrue(r.unscored().isEmpty(), () -> "unscored: " + r.unscored());
        Map<String, Evaluation.Score> ours = new HashMap<>();
        for (Evaluation.Score s : r.scores()) ours.put(s.dataset() + "|" + s.sampleId() + "|" + s.label(), s);
        List<List<String>> ref = Csv.read(TestData.file("golden/evaluate/reference_samples.csv"));
        assertEquals(List.of("dataset", "modality", "sample_id", "label", "dice", "nsd"), ref.get(0));
        assertEquals(ref.size() - 1, r.scores().size(), "pairs scored");
        for (List<String> row : ref.subList(1, ref.size())) {
            String key = row.get(0) + "|" + row.get(2) + "|" + row.get(3);
            Evaluation.Score s = ours.get(key);
            assertNotNull(s, "no score for " + key);
            assertEquals(row.get(1), s.modality(), key);
            assertEquals(Double.parseDouble(row.get(4)), s.dice(), TOLERANCE, key + " dice");
            assertEquals(Double.parseDouble(row.get(5)), s.nsd(), TOLERANCE, key + " nsd");
        }
    }
}
