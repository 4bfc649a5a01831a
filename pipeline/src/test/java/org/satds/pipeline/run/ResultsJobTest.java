package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * A results task's rules are written in one order, so that its stamp is the same in every JVM: written from a
 * Map.of, whose order changes from one JVM to the next, about every other rerun of stats redid all its samples.
 */
class ResultsJobTest {
    @Test
    void rulesInOneOrder() {
        ConvertRunner.Results results = new ConvertRunner.Results("stats", Path.of("samples"), 7, r -> List.of());
        ResultsJob job = new ResultsJob(new NpyConverter(new SampleLoader(RecipeBook.builtIn()), "", null), (r, i, reader) -> r, results);
        ObjectNode record = Jsonl.MAPPER.createObjectNode().put("dataset", "AbdomenCT1K").put("image", "i.nii.gz").put("mask", "m.nii.gz");
        String rules = job.rules(record);
        assertTrue(rules.startsWith("{\"format\":7,\"recipe\":{"), rules);
    }
}
