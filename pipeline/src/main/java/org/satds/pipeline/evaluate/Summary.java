package org.satds.pipeline.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.satds.datasets.catalog.Catalog;

/**
 * The aggregate tables of an evaluation. {@link #sat} is evaluator.py's avg_df; {@link #byClass} and
 * {@link #byRegion} follow merge_after_evaluate.py's idea (one class = one modality and label name, across
 * datasets), with the regions of our catalog.
 */
final class Summary {
    /** A row of a table: its name, the mean Dice and NSD (NaN when not computed) and how many values it averages. */
    record Row(String name, double dice, double nsd, int count) {}

    /** A class merged across datasets: "{modality}_{label}", the "dataset(modality), label" rows it merges, its region. */
    record ClassRow(String modalityLabel, double dice, double nsd, List<String> merged, String region) {}

    /** Scores of one label of one "dataset(modality)", in input order. */
    record Label(String dataset, String datasetKey, String label, List<double[]> scores) {
        double mean(int metric) {
            double sum = 0;
            for (double[] s : scores) sum += s[metric];
            return sum / scores.size();
        }
    }

    private Summary() {}

    /** Labels of each "dataset(modality)" in order of first appearance (evaluator.py's dict order). */
    static Map<String, List<Label>> labels(List<Evaluation.Score> scores) {
        Map<String, Map<String, Label>> byDataset = new LinkedHashMap<>();
        for (Evaluation.Score s : scores) {
            String key = datasetKey(s.dataset(), s.modality());
            byDataset.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.label(), l -> new Label(s.dataset(), key, l, new ArrayList<>()))
                    .scores().add(new double[] {s.dice(), s.nsd()});
        }
        Map<String, List<Label>> out = new LinkedHashMap<>();
        byDataset.forEach((k, v) -> out.put(k, List.copyOf(v.values())));
        return out;
    }

    static String datasetKey(String dataset, String modality) {
        return dataset + "(" + modality + ")";
    }

    /**
     * avg_df: for each "dataset(modality)" a row with the mean over its labels of each label's mean, followed by a
     * row "dataset(modality), label" per label.
     */
    static List<Row> sat(List<Evaluation.Score> scores) {
        List<Row> rows = new ArrayList<>();
        labels(scores).forEach((dataset, labels) -> {
            double dice = 0, nsd = 0;
            int n = 0;
            for (Label l : labels) {
                dice += l.mean(0);
                nsd += l.mean(1);
                n += l.scores().size();
            }
            rows.add(new Row(dataset, dice / labels.size(), nsd / labels.size(), n));
            for (Label l : labels) rows.add(new Row(dataset + ", " + l.label(), l.mean(0), l.mean(1), l.scores().size()));
        });
        return rows;
    }

    /** merge_after_evaluate.py's label merge: the mean over datasets of each dataset's mean for the class. */
    static List<ClassRow> byClass(List<Evaluation.Score> scores, Catalog catalog) {
        Map<String, List<Label>> classes = new LinkedHashMap<>();
        for (List<Label> labels : labels(scores).values())
            for (Label l : labels) {
                String modality = l.datasetKey().substring(l.dataset().length() + 1, l.datasetKey().length() - 1);
                classes.computeIfAbsent(modality + "_" + l.label().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(l);
            }
        List<ClassRow> rows = new ArrayList<>();
        classes.forEach((name, labels) -> {
            Set<String> regions = new LinkedHashSet<>();
            for (Label l : labels) regions.add(region(catalog, l.dataset()));
            rows.add(new ClassRow(name, labels.stream().mapToDouble(l -> l.mean(0)).average().orElse(Double.NaN),
                    labels.stream().mapToDouble(l -> l.mean(1)).average().orElse(Double.NaN),
                    labels.stream().map(l -> l.datasetKey() + ", " + l.label()).toList(), String.join(" / ", regions)));
        });
        return rows;
    }

    /** For each catalog region: the mean over its datasets' labels of each label's mean; the count is of pairs. */
    static List<Row> byRegion(List<Evaluation.Score> scores, Catalog catalog) {
        Map<String, List<Label>> regions = new LinkedHashMap<>();
        for (List<Label> labels : labels(scores).values())
            for (Label l : labels) regions.computeIfAbsent(region(catalog, l.dataset()), k -> new ArrayList<>()).add(l);
        List<Row> rows = new ArrayList<>();
        regions.forEach((region, labels) -> rows.add(new Row(region, labels.stream().mapToDouble(l -> l.mean(0)).average().orElse(Double.NaN),
                labels.stream().mapToDouble(l -> l.mean(1)).average().orElse(Double.NaN),
                labels.stream().mapToInt(l -> l.scores().size()).sum())));
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }

    private static String region(Catalog catalog, String dataset) {
        return catalog.has(dataset) ? catalog.get(dataset).region() : "unknown";
    }
}
