package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.satds.datasets.catalog.DatasetNames;
import org.satds.datasets.sample.RecordCheck;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;

/**
 * The checks a command makes before its run starts, so that a mistake is one message with its place (the option,
 * the lines) instead of one failure per sample, or a failure at the end of a long run.
 */
final class Preflight {
    private Preflight() {}

    /** Refuses two options naming one file, e.g. --out the same as --jsonl, which would overwrite the input. */
    static void distinct(String optionA, Path a, String optionB, Path b) throws IOException {
        if (a == null || b == null) return;
        boolean same = Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        if (same) throw new IllegalArgumentException(optionA + " and " + optionB + " are the same file (" + a + "); writing "
                + optionA + " would overwrite " + optionB + ": give another " + optionA);
    }

    /** The records of a jsonl, refusing an empty one: finding nothing to do is a mistake, not a success. */
    static List<Jsonl.Line> records(Path jsonl) throws IOException {
        List<Jsonl.Line> lines = Jsonl.readNumbered(jsonl);
        if (lines.isEmpty()) throw new IllegalArgumentException(jsonl + " holds no records");
        return lines;
    }

    /** As {@link #records}, the records alone. */
    static List<ObjectNode> recordsOf(Path jsonl) throws IOException {
        return records(jsonl).stream().map(Jsonl.Line::record).toList();
    }

    /**
     * The records of the datasets asked for (any case), each with the sample_id its position in the whole file gives,
     * so that a selection names its samples as converting the whole file would. Null or empty: all of them.
     */
    static List<Jsonl.Line> select(Path jsonl, List<Jsonl.Line> lines, List<String> datasets) {
        if (datasets == null || datasets.isEmpty()) return lines;
        Map<String, Integer> present = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Jsonl.Line l : lines) present.merge(l.record().path("dataset").asText(), 1, Integer::sum);
        Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String d : datasets) {
            if (!present.containsKey(d))
                throw new IllegalArgumentException(jsonl + " has no records of dataset '" + d + "'"
                        + DatasetNames.didYouMean(d, present.keySet()) + " (it has " + present + ")");
            wanted.add(d);
        }
        List<Jsonl.Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode r = lines.get(i).record();
            if (!wanted.contains(r.path("dataset").asText())) continue;
            ObjectNode copy = r.deepCopy();
            SampleId.set(copy, SampleId.of(r, i));
            out.add(new Jsonl.Line(lines.get(i).number(), copy));
        }
        return out;
    }

    /**
     * Checks every record before any is loaded: all its problems in one message, one line per distinct problem
     * with the jsonl lines that have it. A dataset name in another case is taken as the recipe's spelling.
     */
    static List<ObjectNode> valid(Path jsonl, List<Jsonl.Line> lines, RecordCheck check) {
        Map<String, List<Integer>> problems = new LinkedHashMap<>();
        List<ObjectNode> records = new ArrayList<>();
        for (Jsonl.Line l : lines) {
            ObjectNode r = l.record();
            for (String p : check.problems(r)) problems.computeIfAbsent(p, k -> new ArrayList<>()).add(l.number());
            String dataset = r.path("dataset").asText();
            String canonical = check.canonicalDataset(dataset).orElse(dataset);
            if (!canonical.equals(dataset)) {
                r = r.deepCopy();
                r.put("dataset", canonical);
            }
            records.add(r);
        }
        if (problems.isEmpty()) return records;
        StringBuilder m = new StringBuilder(jsonl + ": records that cannot be used, nothing was run:");
        problems.forEach((p, at) -> m.append("\n  ").append(at.size() == 1 ? "line " : "lines ").append(lineList(at)).append(": ").append(p));
        throw new IllegalArgumentException(m.toString());
    }

    /**
     * Refuses a run none of whose files exist, the sign of relative paths started from the wrong folder, naming
     * the folder --data-root should be when the first missing file is found below the jsonl's folder or its parents.
     * (When only some are missing, those samples fail in the run and the others go on.)
     */
    static void someFilesExist(Path jsonl, List<ObjectNode> records, SampleLoader loader, Path base) {
        Path missing = null;
        for (ObjectNode r : records) {
            Path image = loader.inputs(new SampleRecord(r), base).get(0).file();
            if (Files.exists(image)) return;
            if (missing == null) missing = image;
        }
        if (missing == null) return;
        StringBuilder m = new StringBuilder("none of the " + records.size() + " records' images exist, e.g. " + missing.toAbsolutePath());
        if (!Path.of(records.get(0).get("image").asText()).isAbsolute()) {
            Path relative = base.relativize(missing);
            m.append("; relative record paths start from ").append(dataRootOrWorkingDirectory(base));
            for (Path dir = jsonl.toAbsolutePath().getParent(); dir != null; dir = dir.getParent())
                if (Files.exists(dir.resolve(relative))) {
                    m.append(": give --data-root ").append(dir);
                    break;
                }
        }
        throw new IllegalArgumentException(m.toString());
    }

    private static String dataRootOrWorkingDirectory(Path base) {
        return base.toString().isEmpty() ? "the working directory " + base.toAbsolutePath() : "--data-root " + base;
    }

    /** "1-4, 7, 9" for sorted line numbers, the first ten runs only. */
    static String lineList(List<Integer> lines) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int j = i;
            while (j + 1 < lines.size() && lines.get(j + 1) == lines.get(j) + 1) j++;
            runs.add(i == j ? String.valueOf(lines.get(i)) : lines.get(i) + "-" + lines.get(j));
            i = j + 1;
        }
        String shown = String.join(", ", runs.subList(0, Math.min(10, runs.size())));
        return runs.size() > 10 ? shown + " and " + (runs.size() - 10) + " more runs" : shown;
    }
}
