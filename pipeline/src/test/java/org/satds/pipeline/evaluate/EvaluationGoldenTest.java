package org.satds.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/**
 * SAT's own scores (golden/evaluate: calculate_metric_percase per pair, evaluator.py's avg_df) reproduced from the
 * converted records and the predictions, and read back from the files the report writes.
 */
class EvaluationGoldenTest {
    static final double TOLERANCE = 1e-6;
    static Evaluation.Result result;

    @TempDir
    static Path out;

    @BeforeAll
    static void evaluateGolden() throws Exception {
        Path dir = TestData.file("golden/evaluate");
        result = Evaluation.converted(Jsonl.read(dir.resolve("gt.jsonl")), dir, dir.resolve("pred"),
                new Evaluation.Options(true, false, 1, ConvertRunner.Options.defaults().withThreads(2)));
        EvaluationReport.write(result, out, true);
    }

    @Test
    void everyPairScoresAsSat() throws Exception {
        assertTrue(result.unscored().isEmpty(), () -> "unscored: " + result.unscored());
        Map<String, Evaluation.Score> ours = new HashMap<>();
        for (Evaluation.Score s : result.scores()) ours.put(s.dataset() + "|" + s.sampleId() + "|" + s.label(), s);
        List<List<String>> ref = Csv.read(TestData.file("golden/evaluate/reference_samples.csv"));
        assertEquals(ref.size() - 1, result.scores().size(), "pairs scored");
        for (List<String> row : ref.subList(1, ref.size())) {
            String key = row.get(0) + "|" + row.get(2) + "|" + row.get(3);
            Evaluation.Score s = ours.get(key);
            assertNotNull(s, "no score for " + key);
            assertEquals(row.get(1), s.modality(), key);
            assertEquals(Double.parseDouble(row.get(4)), s.dice(), TOLERANCE, key + " dice");
            assertEquals(Double.parseDouble(row.get(5)), s.nsd(), TOLERANCE, key + " nsd");
        }
    }

    @Test
    void samplesCsvIsSatsTable() throws Exception {
        assertSameTable(TestData.file("golden/evaluate/reference_samples.csv"), out.resolve("samples.csv"), 4);
    }

    @Test
    void summaryCsvIsSatsAvgDf() throws Exception {
        assertSameTable(TestData.file("golden/evaluate/reference_summary.csv"), out.resolve("summary.csv"), 1);
    }

    @Test
    void workbookAndChartsAreWritten() throws Exception {
        for (String f : List.of("summary.xlsx", "datasets.png", "classes.png", "by_class.csv", "by_region.csv", "unscored.csv"))
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        List<List<String>> regions = Csv.read(out.resolve("by_region.csv"));
        assertEquals(List.of("region", "dice", "nsd", "pairs"), regions.get(0));
        int pairs = regions.subList(1, regions.size()).stream().mapToInt(r -> Integer.parseInt(r.get(3))).sum();
        assertEquals(result.scores().size(), pairs, "every pair counted in one region");

        // SAT's sheets: summary, then (dice) and (nsd) per dataset; then the merges
        String workbook;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(out.resolve("summary.xlsx").toFile())) {
            workbook = new String(zip.getInputStream(zip.getEntry("xl/workbook.xml")).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> sheets = java.util.regex.Pattern.compile("<sheet name=\"([^\"]*)\"").matcher(workbook).results().map(m -> m.group(1)).toList();
        long datasets = Csv.read(out.resolve("summary.csv")).stream().skip(1).filter(r -> !r.get(0).contains(", ")).count();
        assertEquals(1 + 2 * datasets + 2, sheets.size(), sheets.toString());
        assertEquals(List.of("summary", "ACDC(mri)(dice)", "ACDC(mri)(nsd)"), sheets.subList(0, 3));
        assertEquals(List.of("Label Merge", "Region Merge"), sheets.subList(sheets.size() - 2, sheets.size()));
        assertTrue(sheets.stream().allMatch(n -> n.length() <= 31), "sheet names of at most 31 characters");
    }

    /** Same rows in the same order, text columns equal, numeric columns within the tolerance. */
    static void assertSameTable(Path expected, Path actual, int textColumns) throws Exception {
        List<List<String>> e = Csv.read(expected), a = Csv.read(actual);
        assertEquals(e.get(0), a.get(0), "header");
        assertEquals(e.size(), a.size(), "rows of " + actual.getFileName());
        for (int i = 1; i < e.size(); i++) {
            assertEquals(e.get(i).subList(0, textColumns), a.get(i).subList(0, textColumns), "row " + i);
            for (int c = textColumns; c < e.get(i).size(); c++)
                assertEquals(Double.parseDouble(e.get(i).get(c)), Double.parseDouble(a.get(i).get(c)), TOLERANCE, "row " + i + " " + e.get(i));
        }
    }
}
