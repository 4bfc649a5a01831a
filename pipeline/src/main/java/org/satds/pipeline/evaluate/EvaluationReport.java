package org.satds.pipeline.evaluate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.catalog.Catalog;

/**
 * Writes an evaluation's outputs into a folder: samples.csv (one row per scored pair), unscored.csv (the pairs that
 * could not be scored, with the reason), summary.csv (SAT's avg_df), summary.xlsx (SAT's sheets: summary, then
 * "dataset(modality)(dice)" / "(nsd)" per-sample tables; then the class and region merges), by_class.csv,
 * by_region.csv and the charts of {@link EvaluationCharts}. Every file is written atomically.
 */
public final class EvaluationReport {
    /** Sheet names are at most 31 characters; evaluator.py keeps the last 31. */
    private static final int SHEET_NAME = 31;

    private EvaluationReport() {}

    /** @param nsd whether NSD was computed (its columns are left out otherwise, as SAT leaves them out) */
    public static void write(Evaluation.Result r, Path out, boolean nsd) throws IOException {
        Catalog catalog = Catalog.builtIn();
        List<String> metrics = nsd ? List.of("dice", "nsd") : List.of("dice");
        StringBuilder samples = new StringBuilder(line(concat(List.of("dataset", "modality", "sample_id", "label"), metrics)));
        for (Evaluation.Score s : r.scores())
            samples.append(line(concat(List.of(s.dataset(), s.modality(), s.sampleId(), s.label()), values(metrics, s.dice(), s.nsd()))));
        AtomicFiles.writeString(out.resolve("samples.csv"), samples.toString());

        StringBuilder unscored = new StringBuilder(line(List.of("dataset", "modality", "sample_id", "label", "reason")));
        for (Evaluation.Unscored u : r.unscored()) unscored.append(line(List.of(u.dataset(), u.modality(), u.sampleId(), u.label(), u.reason())));
        AtomicFiles.writeString(out.resolve("unscored.csv"), unscored.toString());

        List<Summary.Row> sat = Summary.sat(r.scores());
        StringBuilder summary = new StringBuilder(line(concat(List.of(""), metrics)));
        for (Summary.Row row : sat) summary.append(line(concat(List.of(row.name()), values(metrics, row.dice(), row.nsd()))));
        AtomicFiles.writeString(out.resolve("summary.csv"), summary.toString());

        List<Summary.ClassRow> classes = Summary.byClass(r.scores(), catalog);
        StringBuilder byClass = new StringBuilder(line(concat(concat(List.of("modality_label"), metrics), List.of("merge", "region"))));
        for (Summary.ClassRow c : classes)
            byClass.append(line(concat(concat(List.of(c.modalityLabel()), values(metrics, c.dice(), c.nsd())),
                    List.of(String.join(" / ", c.merged()), c.region()))));
        AtomicFiles.writeString(out.resolve("by_class.csv"), byClass.toString());

        List<Summary.Row> regions = Summary.byRegion(r.scores(), catalog);
        StringBuilder byRegion = new StringBuilder(line(concat(concat(List.of("region"), metrics), List.of("pairs"))));
        for (Summary.Row row : regions)
            byRegion.append(line(concat(concat(List.of(row.name()), values(metrics, row.dice(), row.nsd())), List.of(Integer.toString(row.count())))));
        AtomicFiles.writeString(out.resolve("by_region.csv"), byRegion.toString());

        AtomicFiles.write(out.resolve("summary.xlsx"), o -> workbook(o, r, sat, classes, regions, metrics));
        EvaluationCharts.write(r, sat, out);
    }

    /** evaluator.py's workbook, then merge_after_evaluate.py's "Label Merge" and "Region Merge" sheets. */
    private static void workbook(java.io.OutputStream o, Evaluation.Result r, List<Summary.Row> sat, List<Summary.ClassRow> classes,
                                 List<Summary.Row> regions, List<String> metrics) throws IOException {
        Workbook wb = new Workbook(o, "satds", "1.0");
        Set<String> names = new HashSet<>();
        Worksheet summary = wb.newWorksheet(sheetName("summary", names));
        header(summary, concat(List.of(""), metrics));
        for (int i = 0; i < sat.size(); i++) {
            summary.value(i + 1, 0, sat.get(i).name());
            number(summary, i + 1, 1, sat.get(i).dice());
            if (metrics.size() > 1) number(summary, i + 1, 2, sat.get(i).nsd());
        }
        summary.finish();
        for (Map.Entry<String, List<Summary.Label>> e : Summary.labels(r.scores()).entrySet()) {
            // rows: samples in order of first appearance; columns: the dataset's labels; -1 where a sample lacks one
            List<String> labels = e.getValue().stream().map(Summary.Label::label).toList();
            Map<String, Map<String, double[]>> bySample = new LinkedHashMap<>();
            for (Evaluation.Score s : r.scores())
                if (Summary.datasetKey(s.dataset(), s.modality()).equals(e.getKey()))
                    bySample.computeIfAbsent(s.sampleId(), k -> new LinkedHashMap<>()).put(s.label(), new double[] {s.dice(), s.nsd()});
            for (int m = 0; m < metrics.size(); m++) {
                Worksheet ws = wb.newWorksheet(sheetName(e.getKey() + "(" + metrics.get(m) + ")", names));
                header(ws, concat(List.of(""), labels));
                int row = 1;
                for (Map.Entry<String, Map<String, double[]>> sample : bySample.entrySet()) {
                    ws.value(row, 0, sample.getKey());
                    for (int c = 0; c < labels.size(); c++) {
                        double[] v = sample.getValue().get(labels.get(c));
                        number(ws, row, c + 1, v == null ? -1 : v[m]);
                    }
                    row++;
                }
                ws.finish();
            }
        }
        Worksheet label = wb.newWorksheet(sheetName("Label Merge", names));
        header(label, List.of("Modality_Label", "Dice", "NSD", "Merge", "Region"));
        for (int i = 0; i < classes.size(); i++) {
            Summary.ClassRow c = classes.get(i);
            label.value(i + 1, 0, c.modalityLabel());
            number(label, i + 1, 1, c.dice());
            number(label, i + 1, 2, c.nsd());
            label.value(i + 1, 3, String.join(" / ", c.merged()));
            label.value(i + 1, 4, c.region());
        }
        label.finish();
        Worksheet region = wb.newWorksheet(sheetName("Region Merge", names));
        header(region, List.of("Region", "Dice", "NSD", "Pairs"));
        for (int i = 0; i < regions.size(); i++) {
            region.value(i + 1, 0, regions.get(i).name());
            number(region, i + 1, 1, regions.get(i).dice());
            number(region, i + 1, 2, regions.get(i).nsd());
            region.value(i + 1, 3, regions.get(i).count());
        }
        region.finish();
        wb.finish();
    }

    /** The last 31 characters as evaluator.py keeps them; a name taken already gets a "~n" prefix (Excel forbids repeats). */
    static String sheetName(String name, Set<String> taken) {
        String n = name.length() > SHEET_NAME ? name.substring(name.length() - SHEET_NAME) : name;
        for (int k = 2; !taken.add(n.toLowerCase(Locale.ROOT)); k++) {
            String prefix = "~" + k;
            n = prefix + (name.length() > SHEET_NAME - prefix.length() ? name.substring(name.length() - SHEET_NAME + prefix.length()) : name);
        }
        return n;
    }

    private static void header(Worksheet ws, List<String> names) {
        for (int c = 0; c < names.size(); c++) ws.value(0, c, names.get(c));
    }

    private static void number(Worksheet ws, int row, int col, double v) {
        if (!Double.isNaN(v)) ws.value(row, col, v);
    }

    /**
     * The table printed at the end of a run: each dataset's Dice and NSD (SAT's dataset rows), the regions, and
     * the overall means over datasets.
     */
    public static String table(Evaluation.Result r, boolean nsd) {
        List<Summary.Row> datasets = Summary.sat(r.scores()).stream().filter(row -> !row.name().contains(", ")).toList();
        List<Summary.Row> regions = Summary.byRegion(r.scores(), Catalog.builtIn());
        int width = "mean of datasets".length();
        for (Summary.Row row : datasets) width = Math.max(width, row.name().length());
        for (Summary.Row row : regions) width = Math.max(width, row.name().length());
        StringBuilder t = new StringBuilder();
        String format = "%-" + width + "s  %6s  %6s  %5s%n";
        t.append(String.format(Locale.ROOT, format, "dataset", "dice", nsd ? "nsd" : "", "pairs"));
        for (Summary.Row row : datasets) t.append(row(format, row, nsd));
        t.append(String.format(Locale.ROOT, format, "-".repeat(width), "------", nsd ? "------" : "", "-----"));
        for (Summary.Row row : regions) t.append(row(format, row, nsd));
        double dice = datasets.stream().mapToDouble(Summary.Row::dice).average().orElse(Double.NaN);
        double nsdMean = datasets.stream().mapToDouble(Summary.Row::nsd).average().orElse(Double.NaN);
        t.append(row(format, new Summary.Row("mean of datasets", dice, nsdMean, r.scores().size()), nsd));
        t.append(String.format(Locale.ROOT, "%d pairs scored, %d not scored, in %.1f s%n", r.scores().size(), r.unscored().size(), r.seconds()));
        return t.toString();
    }

    private static String row(String format, Summary.Row row, boolean nsd) {
        return String.format(Locale.ROOT, format, row.name(), String.format(Locale.ROOT, "%.4f", row.dice()),
                nsd ? String.format(Locale.ROOT, "%.4f", row.nsd()) : "", row.count());
    }

    private static List<String> values(List<String> metrics, double dice, double nsd) {
        return metrics.size() > 1 ? List.of(repr(dice), repr(nsd)) : List.of(repr(dice));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** One CSV line as pandas' to_csv writes it: a field is quoted only when it holds a comma, a quote or a newline. */
    static String line(List<String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) b.append(',');
            b.append(f.contains(",") || f.contains("\"") || f.contains("\n") ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return b.append('\n').toString();
    }

    /** A float as Python's repr writes it (pandas' to_csv): "1.0", "0.925...", "1e-05"; NaN as an empty field. */
    static String repr(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a == 0 || (a >= 1e-4 && a < 1e16)) {
            String plain = new BigDecimal(Double.toString(v)).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String s = Double.toString(v); // d.dddE±n
        int e = s.indexOf('E');
        String mantissa = s.substring(0, e).endsWith(".0") ? s.substring(0, e - 2) : s.substring(0, e);
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
}
