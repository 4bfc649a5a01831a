package org.satds.pipeline.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * stats.json from the samples' fingerprints: the samples themselves, per dataset the ranges of geometry, pooled
 * foreground intensities and per class presence, voxels, volumes and components; the oddities worth a look
 * (flags: classes absent from every sample or present in fewer than 5 % of them, samples whose spacing or
 * foreground intensity is an outlier for their dataset, masks in many pieces, samples without any class voxel, masks
 * convert warns of: off their image or holding values the recipe does not read); and
 * the samples that could not be read (failures).
 */
final class Summary {
    /** A class present in fewer samples of its dataset than this fraction is rare. */
    static final double RARE = 0.05;
    /** A voxel side at least this many times larger or smaller than its dataset's median is an outlier. */
    static final double SPACING_RATIO = 2;
    /** A foreground median further than this many robust standard deviations (1.4826 MAD) from its dataset's. */
    static final double INTENSITY_MADS = 5;
    /** Datasets with fewer samples have no meaningful spread to be an outlier of. */
    static final int MIN_SAMPLES_FOR_OUTLIERS = 5;
    /** A mask of this many disconnected pieces or more. */
    static final int MANY_COMPONENTS = 20;

    private Summary() {}

    static ObjectNode of(List<ObjectNode> samples, ArrayNode failures, RecipeBook recipes) {
        ObjectNode out = Jsonl.MAPPER.createObjectNode();
        Map<String, List<ObjectNode>> byDataset = new TreeMap<>();
        for (ObjectNode s : samples) byDataset.computeIfAbsent(s.get("dataset").asText(), d -> new ArrayList<>()).add(s);
        Map<String, Integer> failed = new TreeMap<>();
        for (JsonNode f : failures) {
            failed.merge(f.get("dataset").asText(), 1, Integer::sum);
            byDataset.computeIfAbsent(f.get("dataset").asText(), d -> new ArrayList<>());
        }
        ArrayNode flags = Jsonl.MAPPER.createArrayNode();
        ObjectNode datasets = Jsonl.MAPPER.createObjectNode();
        byDataset.forEach((name, list) -> datasets.set(name, dataset(name, list, failed.getOrDefault(name, 0), recipes, flags)));
        ArrayNode sampleArray = out.putArray("samples");
        for (ObjectNode s : samples) {
            ObjectNode copy = s.deepCopy();
            copy.remove(Intensities.POOL_FIELD);
            sampleArray.add(copy);
        }
        out.set("datasets", datasets);
        out.set("flags", flags);
        out.set("failures", failures);
        return out;
    }

    private static ObjectNode dataset(String name, List<ObjectNode> samples, int failed, RecipeBook recipes, ArrayNode flags) {
        ObjectNode d = Jsonl.MAPPER.createObjectNode();
        String modality;
        try {
            modality = recipes.get(name).modality();
        } catch (RuntimeException e) {
            modality = null; // no recipe: every sample of it failed, saying so
        }
        d.put("modality", modality).put("samples", samples.size()).put("failed", failed);
        if (samples.isEmpty()) return d;
        ObjectNode nat = d.putObject("native");
        nat.set("spacing", ranges(samples, "native", "spacing"));
        nat.set("shape", ranges(samples, "native", "shape"));
        Map<String, Integer> codes = new TreeMap<>();
        for (ObjectNode s : samples) codes.merge(s.at("/native/axcodes").asText(), 1, Integer::sum);
        ObjectNode axcodes = nat.putObject("axcodes");
        codes.forEach(axcodes::put);
        d.putObject("normalized").set("shape", ranges(samples, "normalized", "shape"));
        List<JsonNode> figures = new ArrayList<>();
        List<String> pools = new ArrayList<>();
        for (ObjectNode s : samples)
            if (s.get("intensity").isObject()) {
                figures.add(s.get("intensity"));
                pools.add(s.get(Intensities.POOL_FIELD).asText());
            }
        ObjectNode pooled = Intensities.pooled(figures, pools);
        if (pooled == null) d.putNull("intensity");
        else d.set("intensity", pooled);
        d.set("classes", classes(name, samples, flags));
        flagSamples(name, samples, flags);
        return d;
    }

    /** Per class: samples where it is present, total voxels, and the spread of volumes and components where present. */
    private static ObjectNode classes(String dataset, List<ObjectNode> samples, ArrayNode flags) {
        Map<String, List<JsonNode>> present = new LinkedHashMap<>();
        for (ObjectNode s : samples)
            s.at("/normalized/classes").properties().forEach(e -> {
                List<JsonNode> list = present.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                if (e.getValue().get("voxels").asLong() > 0) list.add(e.getValue());
            });
        ObjectNode out = Jsonl.MAPPER.createObjectNode();
        present.forEach((label, list) -> {
            ObjectNode c = out.putObject(label);
            c.put("present", list.size()).put("voxels", list.stream().mapToLong(n -> n.get("voxels").asLong()).sum());
            if (!list.isEmpty()) {
                c.set("volume_ml", spread(list.stream().mapToDouble(n -> n.get("volume_ml").asDouble()).toArray()));
                c.set("components", spread(list.stream().mapToDouble(n -> n.get("components").asDouble()).toArray()));
            }
            double fraction = (double) list.size() / samples.size();
            if (list.isEmpty()) flag(flags, dataset, null, "absent class", "'" + label + "' present in none of " + samples.size() + " samples");
            else if (fraction < RARE)
                flag(flags, dataset, null, "rare class", String.format(Locale.ROOT, "'%s' present in %d of %d samples (%.1f %%)",
                        label, list.size(), samples.size(), 100 * fraction));
        });
        return out;
    }

    private static void flagSamples(String dataset, List<ObjectNode> samples, ArrayNode flags) {
        double[][] spacing = new double[3][samples.size()];
        for (int i = 0; i < samples.size(); i++)
            for (int a = 0; a < 3; a++) spacing[a][i] = samples.get(i).at("/native/spacing").get(a).asDouble();
        double[] medianSpacing = new double[3];
        for (int a = 0; a < 3; a++) medianSpacing[a] = median(spacing[a]);
        double[] medians = samples.stream().filter(s -> s.get("intensity").isObject())
                .mapToDouble(s -> s.at("/intensity/median").asDouble()).toArray();
        double centre = median(medians), mad = 1.4826 * mad(medians, centre);
        boolean spread = samples.size() >= MIN_SAMPLES_FOR_OUTLIERS;
        for (ObjectNode s : samples) {
            for (int a = 0; a < 3 && spread; a++) {
                double ratio = s.at("/native/spacing").get(a).asDouble() / medianSpacing[a];
                if (ratio >= SPACING_RATIO || ratio <= 1 / SPACING_RATIO) {
                    flag(flags, dataset, s, "spacing outlier", String.format(Locale.ROOT, "spacing %s mm, the dataset's median %s mm",
                            s.at("/native/spacing"), Arrays.toString(round(medianSpacing))));
                    break;
                }
            }
            if (spread && mad > 0 && s.get("intensity").isObject()) {
                double m = s.at("/intensity/median").asDouble();
                if (Math.abs(m - centre) > INTENSITY_MADS * mad)
                    flag(flags, dataset, s, "intensity outlier", String.format(Locale.ROOT,
                            "foreground median %.4g, the dataset's samples %.4g ± %.3g (1.4826 MAD)", m, centre, mad));
            }
            boolean anyClass = false;
            for (var e : s.at("/normalized/classes").properties()) {
                int n = e.getValue().get("components").asInt();
                anyClass |= e.getValue().get("voxels").asLong() > 0;
                if (n >= MANY_COMPONENTS) flag(flags, dataset, s, "many components", "'" + e.getKey() + "' in " + n + " pieces");
            }
            if (!anyClass) flag(flags, dataset, s, "empty mask", "no class has a voxel after normalizing");
            if (s.hasNonNull(SampleStats.MASK_WARNING)) flag(flags, dataset, s, "mask warning", s.get(SampleStats.MASK_WARNING).asText());
        }
    }

    private static void flag(ArrayNode flags, String dataset, ObjectNode sample, String kind, String detail) {
        ObjectNode f = flags.addObject().put("dataset", dataset);
        if (sample != null) {
            f.put("patient_id", sample.path("patient_id").asText());
            f.set("sample_id", sample.get("sample_id"));
        }
        f.put("kind", kind).put("detail", detail);
    }

    /** {min, median, max} of a 3-vector field, axis by axis. */
    private static ObjectNode ranges(List<ObjectNode> samples, String group, String field) {
        ObjectNode r = Jsonl.MAPPER.createObjectNode();
        ArrayNode min = r.putArray("min"), median = r.putArray("median"), max = r.putArray("max");
        for (int a = 0; a < 3; a++) {
            int axis = a;
            double[] v = samples.stream().mapToDouble(s -> s.get(group).get(field).get(axis).asDouble()).toArray();
            Arrays.sort(v);
            min.add(v[0]);
            median.add(median(v));
            max.add(v[v.length - 1]);
        }
        return r;
    }

    private static ObjectNode spread(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return Jsonl.MAPPER.createObjectNode().put("min", sorted[0]).put("median", median(sorted))
                .put("max", sorted[sorted.length - 1]).put("mean", Arrays.stream(v).average().orElse(0));
    }

    /** numpy's median: the middle value, or the mean of the two middle ones; NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double mad(double[] values, double centre) {
        return median(Arrays.stream(values).map(x -> Math.abs(x - centre)).toArray());
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 1000) / 1000.0).toArray();
    }
}
