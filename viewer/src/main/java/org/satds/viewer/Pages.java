package org.satds.viewer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.satds.datasets.catalog.Catalog;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.visualize.Pictures;

/** The viewer's HTML pages. Every link is a path on the server; the page script is the server's own viewer.js. */
final class Pages {
    /** The agreement map's colours: both (green), prediction only (red), truth only (blue). */
    static final String BOTH = "#00b050", PREDICTION_ONLY = "#ff2020", TRUTH_ONLY = "#2080ff";

    private static final String STYLE = """
            body{font:14px system-ui,sans-serif;margin:0;background:#111;color:#ddd}a{color:#8cf}
            nav{padding:8px 12px;background:#222}nav a{margin-right:16px}main{padding:12px}
            table{border-collapse:collapse}td,th{padding:3px 8px;border-bottom:1px solid #333;text-align:left}
            .side{position:absolute;top:40px;right:0;width:300px;bottom:0;overflow:auto;padding:8px;box-sizing:border-box;background:#1a1a1a}
            .side label{display:block;white-space:nowrap}.cls{display:flex;align-items:center;gap:4px}.cls label{flex:1;white-space:normal}.cls input[type=range]{width:80px}.swatch{display:inline-block;width:12px;height:12px;margin:0 4px}
            #view{position:absolute;top:40px;left:0;right:300px;bottom:0}#gl{width:100%;height:100%}
            #preview{position:absolute;left:0;top:0;width:100%;height:100%;object-fit:contain;object-position:left top;background:#000}
            #where{font-family:monospace;margin:6px 0}input[type=number]{width:80px}img.thumb{height:96px}""";

    private Pages() {}

    static String page(String title, boolean scores, boolean stats, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>" + STYLE
                + "</style></head><body><nav><a href=\"/\">collection</a>" + (scores ? "<a href=\"/evaluate\">scores</a>" : "")
                + (stats ? "<a href=\"/stats\">stats report</a>" : "") + "<b>" + esc(title) + "</b></nav>" + body + "</body></html>";
    }

    /** The datasets, or with a class filter the datasets and samples that have a class whose name contains it. */
    static String index(Collection c, String filter) {
        StringBuilder h = new StringBuilder("<main><form><input name=\"class\" placeholder=\"class, e.g. kidney\" value=\"")
                .append(esc(filter)).append("\"> <button>filter</button></form><table><tr><th>dataset</th><th>modality</th>"
                        + "<th>region</th><th>samples</th><th>classes</th>").append(filter.isEmpty() ? "" : "<th>samples with it</th>").append("</tr>");
        String f = filter.toLowerCase(Locale.ROOT);
        for (var d : c.datasets().entrySet()) {
            List<Collection.Sample> samples = List.copyOf(d.getValue().values());
            List<Collection.Sample> having = samples.stream().filter(s -> s.labels().stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains(f))).toList();
            if (having.isEmpty()) continue;
            List<String> classes = samples.get(0).labels();
            String region = Catalog.builtIn().has(d.getKey()) ? Catalog.builtIn().get(d.getKey()).region() : "";
            h.append("<tr><td><a href=\"/dataset/").append(seg(d.getKey())).append("\">").append(esc(d.getKey())).append("</a></td><td>")
                    .append(esc(samples.get(0).modality())).append("</td><td>").append(esc(region)).append("</td><td>").append(samples.size())
                    .append("</td><td title=\"").append(esc(String.join(", ", classes))).append("\">").append(classes.size()).append("</td>");
            if (!filter.isEmpty()) {
                h.append("<td>");
                for (Collection.Sample s : having) h.append(sampleLink(s, s.spaces().get(0), s.id())).append(' ');
                h.append("</td>");
            }
            h.append("</tr>");
        }
        return h.append("</table></main>").toString();
    }

    /** A dataset's samples, with their stats thumbnails when the server has a stats folder. */
    static String dataset(String name, Map<String, Collection.Sample> samples, java.util.function.Predicate<Collection.Sample> thumbnail) {
        StringBuilder h = new StringBuilder("<main><table><tr><th>sample</th><th>patient</th><th>classes</th><th>open in</th><th></th></tr>");
        for (Collection.Sample s : samples.values()) {
            ObjectNode r = s.image() != null ? s.image() : s.converted();
            h.append("<tr><td>").append(esc(s.id())).append("</td><td>").append(esc(r == null ? "" : r.path("patient_id").asText(""))).append("</td><td>")
                    .append(s.labels().size()).append("</td><td>");
            for (String space : s.spaces()) h.append(sampleLink(s, space, space)).append(' ');
            h.append("</td><td>");
            if (thumbnail.test(s)) h.append("<img class=\"thumb\" alt=\"\" src=\"/thumbnail/").append(seg(name)).append('/').append(seg(s.id())).append("\">");
            h.append("</td></tr>");
        }
        return h.append("</table></main>").toString();
    }

    /** Where a class starts: over the image at half opacity (outlines opaque). */
    static final double OPACITY = 0.5;

    /** A pair's classes on the agreement map. */
    static ArrayNode pairClasses(String label) {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        a.add(cls(SampleVolumes.BOTH, label + ": both", BOTH, OPACITY));
        a.add(cls(SampleVolumes.PREDICTION_ONLY, label + ": prediction only (false positive)", PREDICTION_ONLY, OPACITY));
        a.add(cls(SampleVolumes.TRUTH_ONLY, label + ": truth only (false negative)", TRUTH_ONLY, OPACITY));
        return a;
    }

    /** Classes j + 1 in the montages' colours, merged classes left out (they are not in the label map). */
    static ArrayNode classes(List<String> labels, Map<Integer, List<Integer>> merged) {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (int j = 0; j < labels.size(); j++) if (!merged.containsKey(j)) a.add(cls(j + 1, labels.get(j), hex(Pictures.colour(j)), OPACITY));
        return a;
    }

    /**
     * The ground truth's outlines, values {@code offset} + j + 1 of the restored page's label volume: the classes'
     * colours darkened, so that they show on a prediction of the same class.
     */
    static ArrayNode truthOutlines(List<String> labels, Map<Integer, List<Integer>> merged, int offset) {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (int j = 0; j < labels.size(); j++)
            if (!merged.containsKey(j)) a.add(cls(offset + j + 1, labels.get(j) + " (truth)", hex(Pictures.colour(j).darker().darker()), 1));
        return a;
    }

    private static ObjectNode cls(int value, String name, String colour, double opacity) {
        return Jsonl.MAPPER.createObjectNode().put("value", value).put("name", name).put("colour", colour).put("opacity", opacity);
    }

    static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /**
     * The sample page: NiiVue's canvas, under the server's first picture of the sample until NiiVue has drawn, the class
     * list, window/level, the crosshair's place.
     */
    static String sample(Collection.Sample s, String space, ObjectNode config, String note) {
        StringBuilder tabs = new StringBuilder();
        for (String other : s.spaces())
            tabs.append(other.equals(space) && !config.has("pair") ? "<b>" + other + "</b>" : sampleLink(s, other, other)).append(' ');
        // the first picture is asked for at once, while the page script loads (which then takes it, see viewer.js)
        return "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"" + esc(config.get("preview").asText()) + "\">"
                + "<div class=\"side\"><div>" + tabs + "</div><p>" + esc(note) + "</p>"
                + "<div>window <input id=\"low\" type=\"number\" step=\"any\"> to <input id=\"high\" type=\"number\" step=\"any\"></div>"
                + "<label><input id=\"render3d\" type=\"checkbox\"> 3D render</label>"
                + "<div id=\"where\"></div><div id=\"classes\"></div></div><div id=\"view\"><canvas id=\"gl\"></canvas><img id=\"preview\" alt=\"\" elementtiming=\"first-picture\" hidden></div>"
                + "<script type=\"application/json\" id=\"config\">" + config.toString().replace("</", "<\\/") + "</script>"
                + "<script src=\"/page/first.js\"></script><script src=\"/page/viewer.js\"></script>";
    }

    /**
     * The pairs worst first, filtered by dataset and class; each opens its sample with prediction and truth, on the
     * normalized grid or, for {@code evaluate --native}'s pairs, on the scan as stored.
     */
    static String scores(List<Scores.Row> rows, boolean nativePairs, String dataset, String label) {
        StringBuilder h = new StringBuilder("<main><form><input name=\"dataset\" placeholder=\"dataset\" value=\"").append(esc(dataset))
                .append("\"> <input name=\"class\" placeholder=\"class\" value=\"").append(esc(label)).append("\"> <button>filter</button></form>")
                .append("<table id=\"scores\"><tr><th>#</th><th>Dice</th><th>NSD</th><th>dataset</th><th>sample</th><th>class</th></tr>");
        int n = 0;
        for (Scores.Row r : rows) {
            if (!r.dataset().toLowerCase(Locale.ROOT).contains(dataset.toLowerCase(Locale.ROOT))
                    || !r.label().toLowerCase(Locale.ROOT).contains(label.toLowerCase(Locale.ROOT))) continue;
            h.append("<tr><td>").append(++n).append("</td><td>").append(score(r.dice())).append("</td><td>").append(score(r.nsd()))
                    .append("</td><td>").append(esc(r.dataset())).append("</td><td>").append(esc(r.sampleId())).append("</td><td><a href=\"/sample/")
                    .append(seg(r.dataset())).append('/').append(seg(r.sampleId())).append(nativePairs ? "?space=native&amp;pair=" : "?space=normalized&amp;pair=").append(seg(r.label()))
                    .append("\">").append(esc(r.label())).append("</a></td></tr>");
        }
        return h.append("</table></main>").toString();
    }

    private static String score(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String sampleLink(Collection.Sample s, String space, String text) {
        return "<a href=\"/sample/" + seg(s.dataset()) + "/" + seg(s.id()) + "?space=" + space + "\">" + esc(text) + "</a>";
    }

    /** A URL path segment or query value. */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
