package org.satds.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.satds.datasets.catalog.Catalog;
import org.satds.datasets.catalog.DatasetNames;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the datasets SAT-DS covers, or show one: its classes, merged classes and BibTeX.")
final class DatasetsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "a dataset name, as in the records' 'dataset' field")
    String name;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() {
        Catalog catalog = Catalog.builtIn();
        if (name == null) {
            System.out.println(json ? catalog.json() : table(catalog.list()));
            return 0;
        }
        List<String> names = catalog.list().stream().map(Catalog.Entry::name).toList();
        String given = name;
        name = DatasetNames.ignoringCase(given, names).orElseThrow(() -> new IllegalArgumentException(
                "no dataset '" + given + "'" + DatasetNames.didYouMean(given, names) + "; 'satds datasets' lists them"));
        Catalog.Entry e = catalog.get(name);
        Recipe recipe = RecipeBook.builtIn().get(name);
        List<String> merges = merges(recipe);
        String bibtex = catalog.bibtex(name);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", e);
            out.put("labels", SampleLoader.outputNames(recipe));
            out.put("merges", merges);
            out.put("recipe_notes", recipe.notes());
            out.put("published", e.records() != null);
            out.put("layout", layout(name));
            out.put("bibtex", bibtex);
            System.out.println(Catalog.toJson(out));
            return 0;
        }
        StringBuilder s = new StringBuilder();
        s.append(e.name()).append(" (").append(e.modality()).append(", ").append(e.region()).append(")\n");
        s.append("SAT-DS:   ").append(e.records() == null ? "added here: not among the 72 datasets of the published SAT-DS"
                : "one of the 72 datasets of the published SAT-DS").append('\n');
        s.append("scans:    ").append(e.records() == null ? "no published jsonl"
                : e.images() + " images, " + e.masks() + " masks, " + e.records() + " records").append('\n');
        s.append("download: ").append(orUnknown(e.download())).append('\n');
        s.append("licence:  ").append(orUnknown(e.licence())).append('\n');
        if (e.notes() != null) s.append("notes:    ").append(e.notes()).append('\n');
        if (recipe.notes() != null) s.append("recipe:   ").append(recipe.notes()).append('\n');
        s.append("\nclasses (").append(e.classes()).append("):\n");
        for (Recipe.Label l : recipe.labels()) s.append("  ").append(l.name()).append('\n');
        if (!merges.isEmpty()) {
            s.append("\nmerged classes:\n");
            merges.forEach(m -> s.append("  ").append(m).append('\n'));
        }
        s.append("\nprocess (satds process --dataset ").append(name).append(" --root DIR) looks for\n");
        layout(name).forEach(l -> s.append("  ").append(l).append('\n'));
        if (!bibtex.isEmpty()) s.append("\n").append(bibtex).append('\n');
        System.out.print(s);
        return 0;
    }

    /** What the discovery rule looks for in the download, or a note that there is none. */
    private static List<String> layout(String dataset) {
        DiscoveryRules rules = DiscoveryRules.builtIn();
        return rules.all().stream().anyMatch(r -> r.dataset().equals(dataset)) ? rules.get(dataset).layout()
                : List.of("(no discovery rule: write its jsonl by hand, docs/adding-a-dataset.md)");
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    /**
     * Labels summed from more than one source, each source shown as the single-source label that reads it
     * ("kidney = left kidney + right kidney"), or as the raw value / channel when no label reads it alone.
     */
    static List<String> merges(Recipe recipe) {
        Map<Double, String> single = new LinkedHashMap<>();
        for (Recipe.Label l : recipe.labels())
            if (l.sources().size() == 1 && l.sources().get(0) instanceof Number n) single.putIfAbsent(n.doubleValue(), l.name());
        String unit = recipe.channelMask() ? "channel " : "value ";
        List<String> out = new ArrayList<>();
        for (Recipe.Label l : recipe.labels()) {
            if (l.sources().size() < 2) continue;
            List<String> parts = new ArrayList<>();
            for (Object src : l.sources())
                parts.add(src instanceof Number n ? single.getOrDefault(n.doubleValue(), unit + n.intValue()) : "the raw map");
            out.add(l.name() + " = " + String.join(" + ", parts));
        }
        return out;
    }

    static String table(List<Catalog.Entry> entries) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Dataset", "SAT-DS", "Modality", "Region", "Classes", "Images", "Records", "Licence", "Citation", "Download"});
        for (Catalog.Entry e : entries)
            rows.add(new String[] {e.name(), e.records() == null ? "added" : "paper", e.modality(), e.region(), Integer.toString(e.classes()), dash(e.images()),
                    dash(e.records()), e.licence() == null ? "-" : e.licence(),
                    e.cite() == null || e.cite().isEmpty() ? "-" : String.join(",", e.cite()), e.download() == null ? "-" : e.download()});
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder s = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) line.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
            s.append(line.toString().stripTrailing()).append('\n');
        }
        long published = entries.stream().filter(e -> e.records() != null).count();
        s.append(entries.size()).append(" datasets: the ").append(published).append(" of the published SAT-DS (SAT-DS: paper) and ")
                .append(entries.size() - published).append(" added here (SAT-DS: added; no published jsonl); 'satds datasets NAME' shows one "
                        + "with its classes, folder layout and BibTeX.");
        return s.toString();
    }

    private static String dash(Integer n) {
        return n == null ? "-" : n.toString();
    }
}
