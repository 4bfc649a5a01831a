package org.satds.viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The scored pairs of an evaluation ({@code satds evaluate}'s samples.csv), worst first. */
final class Scores {
    /** One pair; NaN where the score is missing (an empty field, or NSD left out). */
    record Row(String dataset, String modality, String sampleId, String label, double dice, double nsd) {}

    /** Lowest Dice first, then lowest NSD; a missing score counts as the worst. */
    static final Comparator<Row> WORST_FIRST = Comparator.comparingDouble((Row r) -> worst(r.dice())).thenComparingDouble(r -> worst(r.nsd()));

    private Scores() {}

    static List<Row> read(Path evaluateDir) throws IOException {
        Path file = evaluateDir.resolve("samples.csv");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no samples.csv here (is this the --out folder of satds evaluate?)");
        List<String> lines = Files.readAllLines(file);
        List<String> header = fields(lines.get(0));
        int dataset = column(header, "dataset", file), modality = column(header, "modality", file), id = column(header, "sample_id", file),
                label = column(header, "label", file), dice = column(header, "dice", file), nsd = header.indexOf("nsd");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            List<String> f = fields(line);
            rows.add(new Row(f.get(dataset), f.get(modality), f.get(id), f.get(label), number(f.get(dice)), nsd < 0 ? Double.NaN : number(f.get(nsd))));
        }
        rows.sort(WORST_FIRST);
        return rows;
    }

    private static double worst(double score) {
        return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
    }

    private static int column(List<String> header, String name, Path file) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) throw new IOException(file + ": no column '" + name + "'");
        return i;
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** One CSV line as EvaluationReport writes it: fields quoted when they hold a comma or a quote. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { f.append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { out.add(f.toString()); f.setLength(0); }
            else f.append(c);
        }
        out.add(f.toString());
        return out;
    }
}
