package org.satds.datasets.discovery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one dataset's download is turned into jsonl records, read from a YAML rule file
 * (format: docs/discovery-rules.md).
 *
 * @param dataset         the value of the records' {@code dataset} field and the jsonl file name
 * @param folder          where the download lives under {@code data/nii/} (the published layout), for {@code --all};
 *                        default: the dataset name
 * @param labels          the names of the mask's classes, in mask order
 * @param modality        default modality template for every sample rule
 * @param split           default official_split template for every sample rule
 * @param splitNames      optional translation of a rendered split (e.g. {@code training: train})
 * @param splitByList     optional: the split is the name of the list, in a JSON file of the download, holding the sample's id
 * @param options         folders outside the root the rule reads (name to default path relative to the root);
 *                        a path template starting with {@code {name}} is resolved against that folder
 * @param firstSourceWins when true, a patient's scan (patient id and modality) found by an earlier sample rule is not
 *                        taken again from a later one (the fixed copy of a case shadows the original; an already
 *                        converted series shadows its raw DICOM folder)
 * @param patient         optional: how a record's patient_id names the real patient, for splits that keep a
 *                        patient's records together (default: the patient_id itself, within this dataset)
 * @param samples         the sample rules, tried in order
 */
public record DiscoveryRule(
        String dataset,
        String folder,
        List<String> labels,
        String modality,
        String split,
        Map<String, String> splitNames,
        SplitByList splitByList,
        Map<String, String> options,
        boolean firstSourceWins,
        PatientKey patient,
        List<SampleRule> samples) {

    public DiscoveryRule {
        Objects.requireNonNull(dataset, "dataset");
        folder = folder == null ? dataset : folder;
        labels = labels == null ? List.of() : List.copyOf(labels);
        split = split == null ? "train" : split;
        splitNames = splitNames == null ? Map.of() : Map.copyOf(splitNames);
        options = options == null ? Map.of() : Map.copyOf(options);
        patient = patient == null ? new PatientKey(null, null) : patient;
        if (samples == null || samples.isEmpty()) {
            throw new IllegalArgumentException(dataset + ": a rule needs at least one entry under 'samples'");
        }
        samples = List.copyOf(samples);
        for (SampleRule sample : samples) {
            checkTemplates(dataset, sample, modality, split, splitByList, options.keySet());
            for (ConversionStep step : sample.convert()) checkChannels(dataset, step, labels);
        }
    }

    /** A stack's channels are the rule's first labels, in order (merged classes may follow), with a folder to read. */
    private static void checkChannels(String dataset, ConversionStep step, List<String> labels) {
        if (step.channels().isEmpty()) return;
        List<String> named = List.copyOf(step.channels().keySet());
        if (named.size() > labels.size() || !labels.subList(0, named.size()).equals(named)) {
            throw new IllegalArgumentException(dataset + ": the channels of " + step.kind() + " must be the first "
                    + named.size() + " labels in order, " + labels.subList(0, Math.min(named.size(), labels.size())) + "; they are " + named);
        }
        if (step.from().size() < 2) {
            throw new IllegalArgumentException(dataset + ": " + step.kind() + " with channels needs from: [folder, image]");
        }
    }

    /** Catches a mistyped rule file when it is read rather than in the middle of a run. */
    private static void checkTemplates(String dataset, SampleRule sample, String modality, String split,
            SplitByList splitByList, Set<String> options) {
        String where = dataset + ", sample '" + sample.match() + "'";
        if (sample.in() != null && !options.contains(sample.in())) {
            throw new IllegalArgumentException(where + ": 'in: " + sample.in() + "' names no option of " + options);
        }
        Pattern.compile(sample.match());
        for (Map<String, String> variant : sample.variants()) {
            Set<String> known = new HashSet<>(Template.groupNames(sample.match()));
            known.addAll(variant.keySet());
            List<String> paths = new ArrayList<>(List.of(sample.image(), sample.mask()));
            paths.addAll(sample.requires());
            paths.addAll(sample.sameShape());
            for (ConversionStep step : sample.convert()) {
                paths.addAll(step.from());
                paths.add(step.to());
                paths.addAll(step.channels().values());
            }
            List<String> texts = new ArrayList<>(List.of(sample.patientId(),
                    Objects.requireNonNull(sample.modality() != null ? sample.modality() : modality,
                            where + ": no modality"),
                    sample.split() != null ? sample.split() : split));
            if (splitByList != null) {
                paths.add(splitByList.file());
                texts.add(splitByList.id());
            }
            for (String path : paths) {
                // a path may start with {option}: the option's folder
                String relative = options.stream().map(o -> "{" + o + "}").filter(path::startsWith)
                        .findFirst().map(prefix -> path.substring(prefix.length())).orElse(path);
                Template.requireKnown(relative, known, where);
            }
            for (String text : texts) {
                Template.requireKnown(text, known, where);
            }
        }
    }

    /**
     * What the rule looks for, for a person: the dataset's folder in the published layout and, per sample rule, the
     * paths it matches below it (named parts as {@code <name>}, fixed choices as {@code {a|b}}) and the image and
     * mask it makes of them.
     */
    public List<String> layout() {
        List<String> lines = new ArrayList<>();
        lines.add("the download folder of " + dataset + " (data/nii/" + folder + " in the published layout), holding:");
        for (SampleRule s : samples) {
            lines.add("  " + (s.in() != null ? "in option folder '" + s.in() + "' (--option " + s.in() + "=DIR, default "
                    + options.get(s.in()) + "): " : "") + readable(s.match()) + (s.folders() ? "/ (folders)" : ""));
            lines.add("    image " + s.image() + ", mask " + s.mask());
        }
        return lines;
    }

    /** A match regex as a path pattern: named groups become {@code <name>}, or {@code {a|b}} for fixed choices. */
    static String readable(String regex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (regex.startsWith("(?<", i) && regex.indexOf('>', i) > 0) {
                int nameEnd = regex.indexOf('>', i), close = closing(regex, i);
                String name = regex.substring(i + 3, nameEnd), body = regex.substring(nameEnd + 1, close);
                out.append(body.matches("[\\w.-]+(\\|[\\w.-]+)+") ? "{" + body + "}" : body.matches("[\\w-]+") ? body : "<" + name + ">");
                i = close;
            } else if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                out.append(regex.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The position of the parenthesis closing the group that opens at {@code open}. */
    private static int closing(String regex, int open) {
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') i++;
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return i;
        }
        return regex.length() - 1;
    }

    /**
     * @param file JSON file (path template) holding {@code {"<split>": [ids...], ...}}
     * @param id   template of the id looked up in the lists
     */
    public record SplitByList(String file, String id) {
        public SplitByList {
            Objects.requireNonNull(file, "split_by_list.file");
            Objects.requireNonNull(id, "split_by_list.id");
        }
    }
}
