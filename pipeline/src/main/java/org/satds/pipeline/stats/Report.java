package org.satds.pipeline.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.jfree.chart.JFreeChart;

/**
 * report.html: one self-contained page (styles, charts as inline SVG, pictures as data URIs; nothing fetched) with
 * an overview of every dataset, the samples that could not be read, and per dataset its charts, pictures and flags.
 */
final class Report {
    private Report() {}

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1f2937;background:#f3f4f6;margin:0}
            header{background:#111827;color:#f9fafb;padding:18px 32px}
            header h1{margin:0;font-size:22px;font-weight:600}
            header p{margin:4px 0 0;color:#d1d5db}
            main{padding:20px 32px;max-width:1500px}
            .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:18px}
            .card{background:#fff;border-radius:8px;padding:10px 16px;box-shadow:0 1px 2px #0000001a;min-width:120px}
            .card b{display:block;font-size:24px}
            .card.bad b{color:#dc2626}.card.warn b{color:#ea580c}
            section{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0000001a;padding:14px 20px;margin-bottom:20px}
            h2{font-size:18px;margin:0 0 4px}h3{font-size:14px;margin:14px 0 6px}
            .facts{color:#4b5563;margin:0 0 10px}
            table{border-collapse:collapse;width:100%}
            th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
            th{background:#f9fafb;font-weight:600;position:sticky;top:0}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .tag{display:inline-block;border-radius:9px;padding:0 7px;font-size:12px;background:#fee2e2;color:#991b1b}
            .tag.ok{background:#dcfce7;color:#166534}
            .charts{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
            .charts svg{border:1px solid #e5e7eb;border-radius:6px;background:#fff}
            .strip{display:flex;gap:10px;overflow-x:auto;padding-bottom:6px}
            figure{margin:0;flex:none}figure img{max-height:240px;border-radius:4px;background:#000;display:block}
            figcaption{font-size:12px;color:#4b5563;max-width:420px}
            a{color:#2563eb;text-decoration:none}
            .scroll{max-height:420px;overflow-y:auto}
            """;

    static String html(JsonNode stats) throws IOException {
        Page page = new Page();
        StringBuilder h = page.text;
        JsonNode datasets = stats.get("datasets");
        int samples = stats.get("samples").size(), failures = stats.get("failures").size(), flags = stats.get("flags").size();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SAT-DS collection statistics</title>\n<style>")
                .append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>SAT-DS collection statistics</h1><p>").append(datasets.size()).append(" datasets · ").append(samples)
                .append(" samples summarized · native geometry and intensities, classes after SAT-DS normalization (1×1×3 mm)</p></header>\n<main>\n");
        h.append("<div class=\"cards\">").append(card("datasets", datasets.size(), "")).append(card("samples", samples, ""))
                .append(card("failed", failures, failures > 0 ? "bad" : "")).append(card("flags", flags, flags > 0 ? "warn" : ""))
                .append("</div>\n");
        collectionCharts(page, stats);
        overview(h, stats);
        if (failures > 0) failures(h, stats.get("failures"));
        int chart = 0;
        for (var e : datasets.properties()) chart = dataset(page, e.getKey(), e.getValue(), stats, chart);
        // lets a test (or a person with the console open) see that every picture decoded
        h.append("</main>\n<script>addEventListener('load',function(){var i=[].slice.call(document.images);"
                + "document.body.setAttribute('data-images',i.filter(function(x){return x.complete&&x.naturalWidth>0}).length+'/'+i.length)})"
                + "</script>\n</body></html>\n");
        return page.withCharts();
    }

    /**
     * The page's text, and its charts put in their places once the text is done: JFreeChart draws them in parallel
     * (each chart its own objects, drawn the same on any thread), which on a collection of many datasets is most of
     * the report's time, and after the last sample, with the other cores idle.
     */
    private static final class Page {
        final StringBuilder text = new StringBuilder();
        private final List<Integer> places = new ArrayList<>();
        private final List<Supplier<String>> charts = new ArrayList<>();

        /** The chart as an SVG element ({@link Charts#svg}) at the end of the text so far. */
        void chart(JFreeChart chart, int width, int height, String id) {
            places.add(text.length());
            charts.add(() -> Charts.svg(chart, width, height, id));
        }

        String withCharts() {
            List<String> svg = charts.parallelStream().map(Supplier::get).toList();
            StringBuilder page = new StringBuilder(text.length() + svg.stream().mapToInt(String::length).sum());
            int from = 0;
            for (int i = 0; i < svg.size(); i++) {
                page.append(text, from, places.get(i)).append(svg.get(i));
                from = places.get(i);
            }
            return page.append(text, from, text.length()).toString();
        }
    }

    private static String card(String what, int n, String kind) {
        return "<div class=\"card " + kind + "\"><b>" + n + "</b>" + what + "</div>";
    }

    /** What the whole collection looks like: every sample's spacing by modality, and the samples per dataset. */
    private static void collectionCharts(Page page, JsonNode stats) {
        StringBuilder h = page.text;
        Map<String, List<double[]>> byModality = new TreeMap<>();
        for (JsonNode s : stats.get("samples")) {
            String modality = stats.get("datasets").get(s.get("dataset").asText()).path("modality").asText("?");
            JsonNode sp = s.at("/native/spacing");
            byModality.computeIfAbsent(modality, m -> new ArrayList<>())
                    .add(new double[] {sp.get(0).asDouble(), sp.get(1).asDouble(), sp.get(2).asDouble()});
        }
        List<String> names = new ArrayList<>();
        List<Integer> ok = new ArrayList<>(), failed = new ArrayList<>();
        stats.get("datasets").properties().forEach(e -> {
            names.add(e.getKey());
            ok.add(e.getValue().get("samples").asInt());
            failed.add(e.getValue().get("failed").asInt());
        });
        h.append("<section><h2>The collection</h2><div class=\"charts\">");
        if (!byModality.isEmpty()) page.chart(Charts.spacingByGroup(byModality), Charts.WIDTH + 120, Charts.HEIGHT + 60, "all-s");
        page.chart(Charts.samplesPerDataset(names, ok, failed), Charts.WIDTH + 120,
                Math.max(200, 90 + Charts.ROW * names.size()), "all-n");
        h.append("</div></section>\n");
    }

    private static void overview(StringBuilder h, JsonNode stats) {
        h.append("<section><h2>Datasets</h2><table><tr><th>dataset</th><th>modality</th><th>samples</th><th>failed</th>"
                + "<th>classes</th><th>spacing, median (mm)</th><th>normalized shape, median</th><th>orientation</th>"
                + "<th>foreground intensity: median [p0.5, p99.5]</th><th>flags</th></tr>\n");
        Map<String, Integer> flagCount = new TreeMap<>();
        for (JsonNode f : stats.get("flags")) flagCount.merge(f.get("dataset").asText(), 1, Integer::sum);
        for (var e : stats.get("datasets").properties()) {
            JsonNode d = e.getValue();
            String name = e.getKey();
            int flags = flagCount.getOrDefault(name, 0);
            h.append("<tr><td><a href=\"#").append(anchor(name)).append("\">").append(esc(name)).append("</a></td><td>")
                    .append(esc(d.path("modality").asText("?"))).append("</td><td class=\"n\">").append(d.get("samples").asInt())
                    .append("</td><td class=\"n\">").append(d.get("failed").asInt() == 0 ? "0" : "<span class=\"tag\">" + d.get("failed").asInt() + "</span>")
                    .append("</td><td class=\"n\">").append(d.has("classes") ? d.get("classes").size() : 0).append("</td><td>")
                    .append(d.has("native") ? triple(d.at("/native/spacing/median"), "%.2f") : "–").append("</td><td>")
                    .append(d.has("normalized") ? triple(d.at("/normalized/shape/median"), "%.0f") : "–").append("</td><td>")
                    .append(d.has("native") ? esc(codes(d.at("/native/axcodes"))) : "–").append("</td><td>")
                    .append(d.path("intensity").isObject() ? intensity(d.get("intensity")) : "–").append("</td><td>")
                    .append(flags == 0 ? "<span class=\"tag ok\">none</span>" : "<span class=\"tag\">" + flags + "</span>").append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void failures(StringBuilder h, JsonNode failures) {
        h.append("<section><h2>Samples that could not be read</h2><p class=\"facts\">Left out of every figure below.</p><div class=\"scroll\">"
                + "<table><tr><th>dataset</th><th>patient</th><th>image</th><th>reason</th></tr>\n");
        for (JsonNode f : failures)
            h.append("<tr><td>").append(esc(f.get("dataset").asText())).append("</td><td>").append(esc(f.get("patient_id").asText()))
                    .append("</td><td>").append(esc(f.get("image").asText())).append("</td><td>").append(esc(f.get("error").asText()))
                    .append("</td></tr>\n");
        h.append("</table></div></section>\n");
    }

    private static int dataset(Page page, String name, JsonNode d, JsonNode stats, int chart) throws IOException {
        StringBuilder h = page.text;
        List<JsonNode> samples = StreamSupport.stream(stats.get("samples").spliterator(), false)
                .filter(s -> s.get("dataset").asText().equals(name)).toList();
        List<JsonNode> flags = StreamSupport.stream(stats.get("flags").spliterator(), false)
                .filter(f -> f.get("dataset").asText().equals(name)).toList();
        h.append("<section id=\"").append(anchor(name)).append("\"><h2>").append(esc(name)).append("</h2><p class=\"facts\">")
                .append(esc(d.path("modality").asText("?"))).append(" · ").append(samples.size()).append(" samples")
                .append(d.get("failed").asInt() > 0 ? " · " + d.get("failed").asInt() + " failed" : "");
        if (samples.isEmpty()) {
            h.append(" · nothing to summarize</p></section>\n");
            return chart;
        }
        h.append(" · spacing ").append(triple(d.at("/native/spacing/min"), "%.2f")).append(" to ")
                .append(triple(d.at("/native/spacing/max"), "%.2f")).append(" mm · normalized shape ")
                .append(triple(d.at("/normalized/shape/min"), "%.0f")).append(" to ").append(triple(d.at("/normalized/shape/max"), "%.0f"))
                .append("</p>\n<div class=\"charts\">");
        Set<String> spacingOutliers = new HashSet<>();
        for (JsonNode f : flags) if (f.get("kind").asText().equals("spacing outlier")) spacingOutliers.add(f.get("sample_id").asText());
        List<double[]> spacings = new ArrayList<>();
        List<Boolean> odd = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<double[]> bands = new ArrayList<>();
        for (JsonNode s : samples) {
            JsonNode sp = s.at("/native/spacing"), sh = s.at("/normalized/shape");
            spacings.add(new double[] {sp.get(0).asDouble(), sp.get(1).asDouble(), sp.get(2).asDouble()});
            odd.add(spacingOutliers.contains(s.get("sample_id").asText()));
            shapes.add(new int[] {sh.get(0).asInt(), sh.get(1).asInt(), sh.get(2).asInt()});
            JsonNode f = s.get("intensity");
            if (f.isObject())
                bands.add(new double[] {f.get("min").asDouble(), f.get("p00_5").asDouble(), f.get("median").asDouble(),
                        f.get("p99_5").asDouble(), f.get("max").asDouble()});
        }
        String id = "c" + chart;
        page.chart(Charts.spacing("Native spacing", spacings, odd), Charts.WIDTH, Charts.HEIGHT, id + "s");
        page.chart(Charts.sizes("Normalized size", shapes), Charts.WIDTH, Charts.HEIGHT, id + "z");
        if (!bands.isEmpty())
            page.chart(Charts.intensityBands("Foreground intensity", "CT".equalsIgnoreCase(d.path("modality").asText()) ? "HU" : "",
                    bands), Charts.WIDTH, Charts.HEIGHT, id + "i");
        List<String> classes = new ArrayList<>();
        List<Double> percent = new ArrayList<>();
        List<List<Double>> volumes = new ArrayList<>();
        for (var c : d.get("classes").properties()) {
            classes.add(c.getKey());
            percent.add(100.0 * c.getValue().get("present").asInt() / samples.size());
            List<Double> v = new ArrayList<>();
            for (JsonNode s : samples) {
                JsonNode k = s.at("/normalized/classes").get(c.getKey());
                if (k != null && k.get("voxels").asLong() > 0) v.add(k.get("volume_ml").asDouble());
            }
            volumes.add(v);
        }
        int tall = Math.max(200, 90 + Charts.ROW * classes.size());
        page.chart(Charts.presence("Class presence", classes, percent), Charts.WIDTH, tall, id + "p");
        List<String> present = new ArrayList<>();
        List<List<Double>> presentVolumes = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++)
            if (!volumes.get(i).isEmpty()) {
                present.add(classes.get(i));
                presentVolumes.add(volumes.get(i));
            }
        if (!present.isEmpty())
            page.chart(Charts.volumes("Class volume", present, presentVolumes), Charts.WIDTH,
                    Math.max(200, 90 + Charts.ROW * present.size()), id + "v");
        h.append("</div>\n");
        thumbnails(h, samples);
        flags(h, flags);
        h.append("</section>\n");
        return chart + 1;
    }

    private static void thumbnails(StringBuilder h, List<JsonNode> samples) throws IOException {
        List<JsonNode> pictured = samples.stream().filter(s -> s.hasNonNull("thumbnail")).toList();
        if (pictured.isEmpty()) return;
        h.append("<h3>Normalized samples (the largest classes, axial · coronal · sagittal)</h3><div class=\"strip\">");
        for (JsonNode s : pictured) {
            Path png = Path.of(s.get("thumbnail").asText());
            if (!Files.isRegularFile(png)) continue;
            h.append("<figure><img alt=\"").append(esc(s.get("patient_id").asText())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"><figcaption>")
                    .append(esc(s.get("patient_id").asText())).append(" · ").append(triple(s.at("/normalized/shape"), "%.0f"))
                    .append("</figcaption></figure>");
        }
        h.append("</div>\n");
    }

    private static void flags(StringBuilder h, List<JsonNode> flags) {
        if (flags.isEmpty()) {
            h.append("<h3>Flags</h3><p><span class=\"tag ok\">none</span></p>\n");
            return;
        }
        h.append("<h3>Flags</h3><div class=\"scroll\"><table><tr><th>kind</th><th>sample</th><th>detail</th></tr>\n");
        for (JsonNode f : flags)
            h.append("<tr><td><span class=\"tag\">").append(esc(f.get("kind").asText())).append("</span></td><td>")
                    .append(esc(f.path("patient_id").asText("–"))).append("</td><td>").append(esc(f.get("detail").asText())).append("</td></tr>\n");
        h.append("</table></div>\n");
    }

    private static String intensity(JsonNode f) {
        return String.format(Locale.ROOT, "%.4g [%.4g, %.4g]", f.get("median").asDouble(), f.get("p00_5").asDouble(), f.get("p99_5").asDouble());
    }

    private static String triple(JsonNode a, String format) {
        return String.format(Locale.ROOT, format + " × " + format + " × " + format, a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble());
    }

    private static String codes(JsonNode counts) {
        List<String> out = new ArrayList<>();
        counts.properties().forEach(e -> out.add(e.getKey() + (counts.size() > 1 ? " ×" + e.getValue().asInt() : "")));
        return String.join(", ", out);
    }

    private static String anchor(String name) {
        return "d-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
