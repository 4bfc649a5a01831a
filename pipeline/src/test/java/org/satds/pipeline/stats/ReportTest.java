package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;

/** report.html's charts, drawn in parallel, each in its place and the same whichever thread draws it. */
class ReportTest {
    @Test
    void theSamePageOnOneThreadAsOnSeveral() throws Exception {
        List<ObjectNode> samples = new ArrayList<>();
        for (int i = 0; i < 7; i++) samples.add(SummaryTest.sample(i, 2.5 + i % 2, 60 + 5 * i, 400_000 + 1_000 * i, 1 + i % 3, i % 2 * 500));
        for (int i = 7; i < 11; i++) samples.add(SummaryTest.sample(i, 1.5, 100 + i, 300_000, 1, 0).put("dataset", "AbdomenCT1K"));
        JsonNode stats = Summary.of(samples, Jsonl.MAPPER.createArrayNode(), RecipeBook.builtIn());

        // a parallel stream started on a pool's thread runs on that pool: one thread draws every chart in turn
        String oneThread = new ForkJoinPool(1).submit(() -> Report.html(stats)).get();
        assertEquals(oneThread, new ForkJoinPool(4).submit(() -> Report.html(stats)).get());
        assertEquals(oneThread, Report.html(stats));

        // each chart whole, in the page's order: the collection's two, then per dataset (by name) its five
        List<String> ids = new ArrayList<>();
        Matcher svg = Pattern.compile("<div class=\"charts\">((?:<svg id='([^']+)'.*?</svg>)+)</div>", Pattern.DOTALL).matcher(oneThread);
        while (svg.find()) {
            Matcher id = Pattern.compile("<svg id='([^']+)'").matcher(svg.group(1));
            while (id.find()) ids.add(id.group(1));
        }
        assertEquals(List.of("all-s", "all-n", "c0s", "c0z", "c0i", "c0p", "c0v", "c1s", "c1z", "c1i", "c1p", "c1v"), ids);
    }
}
