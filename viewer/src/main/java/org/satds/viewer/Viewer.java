package org.satds.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.satds.core.io.NiftiWriter;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.visualize.Png;

/**
 * {@code satds view}'s server: the collection, dataset and sample pages, the scores of an evaluation and the stats
 * report, and the volumes the sample pages show, made on request as gzip NIfTI. Every request needs the random
 * token of the URL it prints (or the cookie that URL sets), as Jupyter does. Samples are addressed by dataset and id
 * and looked up among the records it was given; no part of a request is ever used as a path.
 */
public final class Viewer implements AutoCloseable {
    /** The page script (NiiVue bundled with src/main/web), built by npm into the jar; absent when npm was missing. */
    static final String SCRIPT = "page/viewer.js";
    /** The sample page's small first script, built with it: it shows the first picture while the page script loads. */
    static final String FIRST = "page/first.js";
    /** The token's cookie, named for the port: a browser sends a host's cookies to every port, and two servers may run. */
    private static final String COOKIE = "satds_token_";
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            + "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'";

    private final Collection collection;
    private final SampleVolumes volumes;
    private final Path evaluate, predictions, stats;
    /** Whether the evaluation's pairs are in native space: scored by {@code evaluate --native} against restore's output. */
    private final boolean nativePairs;
    private final Map<String, Path> thumbnails = new HashMap<>();
    private final String token = HexFormat.of().formatHex(random());
    private HttpServer server;
    private ExecutorService pool;

    /**
     * @param evaluate    satds evaluate's output folder, or null
     * @param predictions the predictions that evaluation scored: SAT's layout, or restore's output folder (with its
     *                    restored.jsonl) for {@code evaluate --native}; null takes the restored records of the
     *                    collection (native pairs)
     * @param stats       satds stats' output folder, or null
     */
    public Viewer(Collection collection, SampleLoader loader, Path base, Path evaluate, Path predictions, Path stats) throws IOException {
        this.collection = collection;
        this.volumes = new SampleVolumes(loader, base);
        this.evaluate = evaluate;
        this.predictions = predictions;
        this.stats = stats;
        this.nativePairs = predictions == null || Files.isRegularFile(PredictionLayout.restored(predictions).records());
        if (stats != null) {
            Path json = stats.resolve("stats.json");
            if (!Files.isRegularFile(json)) throw new IOException(json + ": no stats.json here (is this the --out folder of satds stats?)");
            for (JsonNode s : Jsonl.MAPPER.readTree(json.toFile()).path("samples"))
                if (s.hasNonNull("thumbnail")) thumbnails.put(key(s.path("dataset").asText(), s.path("sample_id").asText()), Path.of(s.get("thumbnail").asText()));
        }
        if (evaluate != null) Scores.read(evaluate); // a wrong folder is said now, not on the first click
    }

    private static byte[] random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** Whether the page script was built into this jar. */
    public static boolean hasPage() {
        return Viewer.class.getResource(SCRIPT) != null;
    }

    /** Starts serving; returns the URL to open (with the token). Port 0 takes a free port. */
    public URI start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "satds-view");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        warmUp();
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + server.getAddress().getPort() + "/?token=" + token);
    }

    /**
     * Another thread draws the first sample's first pictures (each space's), and throws them away, while the browser
     * starts: the first page opened would otherwise pay for readying AWT's graphics and fonts and the PNG encoder,
     * and for compiling the reading and drawing code (on this project's 2-core machine about 2 s more for a CT,
     * docs/viewer.md). A daemon at low priority: nothing waits for it; a sample it cannot draw is said when its page is
     * asked for.
     */
    private void warmUp() {
        Thread t = new Thread(() -> {
            try {
                Collection.Sample first = collection.datasets().values().iterator().next().values().iterator().next();
                for (String space : first.spaces()) Png.encode(picture(first, Map.of("space", space)).picture());
            } catch (IOException | NotFound | RuntimeException e) {
                // nothing readied: the first page readies it itself
            }
        }, "warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        if (pool != null) pool.shutdownNow();
    }

    private static final class NotFound extends Exception {
        NotFound() {
            super(null, null, false, false);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            if (!x.getRequestMethod().equals("GET")) {
                send(x, 405, "text/plain", "only GET");
                return;
            }
            if (!authorized(x)) {
                send(x, 403, "text/plain", "forbidden: open the URL that satds view printed (it carries the token)");
                return;
            }
            route(x, segments(x.getRequestURI().getRawPath()), query(x.getRequestURI().getRawQuery()));
        } catch (NotFound e) {
            send(x, 404, "text/plain", "not found");
        } catch (IOException | RuntimeException e) {
            try {
                send(x, 500, "text/plain", String.valueOf(e.getMessage()));
            } catch (IOException | RuntimeException ignored) {
                // the response had started
            }
        } finally {
            x.close();
        }
    }

    private boolean authorized(HttpExchange x) {
        String given = query(x.getRequestURI().getRawQuery()).get("token");
        if (given != null && same(given, token)) {
            x.getResponseHeaders().add("Set-Cookie", cookie() + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            return true;
        }
        for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of()))
            for (String c : header.split(";")) {
                String[] kv = c.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(cookie()) && same(kv[1], token)) return true;
            }
        return false;
    }

    private String cookie() {
        return COOKIE + server.getAddress().getPort();
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private void route(HttpExchange x, List<String> p, Map<String, String> q) throws IOException, NotFound {
        String first = p.isEmpty() ? "" : p.get(0);
        switch (first) {
            case "" -> html(x, "SAT-DS collection", Pages.index(collection, q.getOrDefault("class", "")), p.size() <= 1);
            case "dataset" -> {
                if (p.size() != 2 || !collection.datasets().containsKey(p.get(1))) throw new NotFound();
                html(x, p.get(1), Pages.dataset(p.get(1), collection.datasets().get(p.get(1)),
                        s -> thumbnails.containsKey(key(s.dataset(), s.id()))), true);
            }
            case "sample" -> {
                if (p.size() != 3) throw new NotFound();
                samplePage(x, collection.sample(p.get(1), p.get(2)).orElseThrow(NotFound::new), q);
            }
            case "preview" -> {
                if (p.size() != 3) throw new NotFound();
                preview(x, collection.sample(p.get(1), p.get(2)).orElseThrow(NotFound::new), q);
            }
            case "volume" -> {
                if (p.size() != 4) throw new NotFound();
                volume(x, collection.sample(p.get(1), p.get(2)).orElseThrow(NotFound::new), p.get(3));
            }
            case "thumbnail" -> {
                Path png = p.size() == 3 ? thumbnails.get(key(p.get(1), p.get(2))) : null;
                if (png == null || !Files.isRegularFile(png)) throw new NotFound();
                send(x, 200, "image/png", Files.readAllBytes(png));
            }
            case "evaluate" -> {
                if (evaluate == null || p.size() != 1) throw new NotFound();
                html(x, "scores, worst first", Pages.scores(Scores.read(evaluate), nativePairs, q.getOrDefault("dataset", ""), q.getOrDefault("class", "")), true);
            }
            case "stats" -> {
                if (stats == null || p.size() != 1) throw new NotFound();
                byte[] page = linkedReport(Files.readString(stats.resolve("report.html"))).getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Security-Policy", CSP.replace("default-src 'self'", "default-src 'self'; script-src 'self' 'unsafe-inline'"));
                send(x, 200, "text/html; charset=utf-8", page);
            }
            case "page" -> {
                String script = p.size() == 2 ? "page/" + p.get(1) : "";
                if (!script.equals(SCRIPT) && !script.equals(FIRST)) throw new NotFound();
                try (InputStream in = Viewer.class.getResourceAsStream(script)) {
                    if (in == null) throw new NotFound();
                    send(x, 200, "text/javascript", in.readAllBytes());
                }
            }
            case "favicon.ico" -> send(x, 204, "image/x-icon", new byte[0]); // browsers ask for one; there is none
            default -> throw new NotFound();
        }
    }

    private void html(HttpExchange x, String title, String body, boolean found) throws IOException, NotFound {
        if (!found) throw new NotFound();
        x.getResponseHeaders().set("Content-Security-Policy", CSP);
        send(x, 200, "text/html; charset=utf-8", Pages.page(title, evaluate != null, stats != null, body).getBytes(StandardCharsets.UTF_8));
    }

    private void samplePage(HttpExchange x, Collection.Sample s, Map<String, String> q) throws IOException, NotFound {
        Page page = page(s, q);
        html(x, s.dataset() + " · " + s.id() + " · " + (page.pair() != null ? "pair " + page.pair() : page.space()),
                Pages.sample(s, page.space(), page.config(), page.note()), true);
    }

    /** What a sample page shows: its space, the pair it is of (or null), its config (see viewer.js) and its note. */
    private record Page(String space, String pair, ObjectNode config, String note) {
        /** The name of a volume the config points to (a path of this server's: /volume/dataset/id/name). */
        String volume(String field) {
            String url = config.path(field).asText(null);
            return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
        }
    }

    private Page page(Collection.Sample s, Map<String, String> q) throws IOException, NotFound {
        String space = q.getOrDefault("space", s.spaces().get(0));
        if (!s.spaces().contains(space)) throw new NotFound();
        String base = "/volume/" + Pages.seg(s.dataset()) + "/" + Pages.seg(s.id()) + "/";
        ObjectNode config = Jsonl.MAPPER.createObjectNode().put("title", s.dataset() + " " + s.id());
        ArrayNode classes = Jsonl.MAPPER.createArrayNode();
        String note, pair = q.get("pair");
        if (pair != null && nativePairs) {
            List<String> truth = volumes.truthNames(s);
            int k = truth.indexOf(pair);
            if (k < 0 || s.restored() == null || !s.restored().path("restored").has(pair)) throw new NotFound();
            config.put("pair", pair).put("image", base + "native-image.nii").put("labels", base + "native-pair-" + k + ".nii");
            classes = Pages.pairClasses(pair);
            note = "The restored prediction of '" + pair + "' and its ground truth on the scan as stored.";
        } else if (pair != null) {
            int k = s.labels().indexOf(pair);
            if (predictions == null || s.converted() == null || k < 0) throw new NotFound();
            config.put("pair", pair).put("image", base + "normalized-image.nii").put("labels", base + "pair-" + k + ".nii");
            classes = Pages.pairClasses(pair);
            note = "Prediction and ground truth of '" + pair + "' on the normalized grid.";
        } else if (space.equals("normalized")) {
            config.put("image", base + "normalized-image.nii");
            if (s.converted().has("renorm_segmentation_dir")) {
                config.put("labels", base + "normalized-labels.nii");
                classes = Pages.classes(s.labels(), volumes.merged(s, s.labels()));
            }
            note = "Normalized: the converted npy on its 1×1×3 mm grid.";
        } else if (space.equals("restored")) {
            List<String> truth = volumes.truthNames(s);
            config.put("image", base + "native-image.nii").put("labels", base + "restored-labels.nii");
            List<String> restored = SampleVolumes.restoredNames(s);
            classes = Pages.classes(restored, Map.of());
            boolean outlined = volumes.outlined(s);
            if (outlined) classes.addAll(Pages.truthOutlines(truth, volumes.merged(s, truth), restored.size()));
            note = "Restored: the prediction on the scan as stored" + (outlined ? ", the ground truth as outlines."
                    : truth.isEmpty() ? "." : " (the ground truth's outlines left out: with the prediction's classes more than 255).");
        } else {
            List<String> truth = volumes.truthNames(s);
            config.put("image", base + "native-image.nii");
            if (!truth.isEmpty()) {
                config.put("labels", base + "native-labels.nii");
                classes = Pages.classes(truth, volumes.merged(s, truth));
            }
            note = "Native: the scan as stored, with the classes its recipe builds.";
        }
        config.set("classes", classes);
        config.put("preview", "/preview/" + Pages.seg(s.dataset()) + "/" + Pages.seg(s.id()) + "?space=" + Pages.seg(space)
                + (pair != null ? "&pair=" + Pages.seg(pair) : ""));
        return new Page(space, pair, config, note);
    }

    /**
     * The page's first picture as PNG (see {@link Preview}), made from the same volumes as the page, the image and
     * the labels at once; the voxel it goes through and its window go in headers, for the page to open NiiVue so.
     */
    private void preview(HttpExchange x, Collection.Sample s, Map<String, String> q) throws IOException, NotFound {
        Preview.Drawn d = picture(s, q);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Voxel", d.voxel()[0] + " " + d.voxel()[1] + " " + d.voxel()[2]);
        x.getResponseHeaders().set("X-Window", d.window()[0] + " " + d.window()[1]);
        send(x, 200, "image/png", Png.encode(d.picture()));
    }

    /** A sample page's first picture, made from the page's own volumes, the image and the labels at once. */
    private Preview.Drawn picture(Collection.Sample s, Map<String, String> q) throws IOException, NotFound {
        Page page = page(s, q);
        String labelsName = page.volume("labels");
        // each volume read, and what the picture needs of it found, in its own thread
        CompletableFuture<Preview.Labels> labels = labelsName == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return Preview.Labels.of(typed(s, labelsName).volume());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (NotFound e) {
                        throw new CompletionException(e);
                    }
                });
        Preview.Image image = Preview.Image.of(typed(s, page.volume("image")).volume());
        Preview.Labels classes;
        try {
            classes = labels.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            if (e.getCause() instanceof NotFound n) throw n;
            throw e;
        }
        Map<Integer, Preview.Colour> colours = new HashMap<>();
        for (JsonNode c : page.config().get("classes"))
            colours.put(c.get("value").asInt(), new Preview.Colour(Integer.parseInt(c.get("colour").asText().substring(1), 16), c.get("opacity").asDouble()));
        return Preview.draw(image, classes, colours);
    }

    private void volume(HttpExchange x, Collection.Sample s, String name) throws IOException, NotFound {
        SampleVolumes.Typed v = typed(s, name);
        // The NIfTI is written to the response as it is encoded, never held whole. On loopback it goes as it is, its
        // length known: compressing costs the server more than the bytes cost the local socket (a 512x512x200 int16
        // CT is 100 MB, about a second of deflate at its fastest level). A client on another machine that accepts
        // gzip gets it gzip-compressed (chunked) as HTTP content encoding, which the browser inflates natively.
        boolean gzip = compress(x.getRemoteAddress().getAddress(), x.getRequestHeaders().getOrDefault("Accept-Encoding", List.of()));
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("Content-Type", "application/octet-stream");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (gzip) x.getResponseHeaders().set("Content-Encoding", "gzip");
        x.sendResponseHeaders(200, gzip ? 0 : NiftiWriter.size(v.volume(), v.type()));
        try (OutputStream out = x.getResponseBody()) {
            NiftiWriter.write(out, v.volume(), v.type(), gzip);
        }
    }

    /** A volume of a sample page by its name (the last segment of its URL), made from the record's files. */
    private SampleVolumes.Typed typed(Collection.Sample s, String name) throws IOException, NotFound {
        SampleVolumes.Typed v;
        Matcher pair = Pattern.compile("(native-)?pair-(\\d{1,4})\\.nii").matcher(name);
        if (pair.matches()) {
            int k = Integer.parseInt(pair.group(2));
            if (pair.group(1) != null) {
                if (!nativePairs || s.labelled() == null || s.restored() == null) throw new NotFound();
                List<String> truth = volumes.truthNames(s);
                if (k >= truth.size() || !s.restored().path("restored").has(truth.get(k))) throw new NotFound();
                v = volumes.nativePair(s, truth.get(k));
            } else {
                if (nativePairs || predictions == null || s.converted() == null || k >= s.labels().size()) throw new NotFound();
                v = volumes.pair(s, predictions, s.labels().get(k));
            }
        } else {
            boolean converted = s.converted() != null, labelled = s.labelled() != null;
            v = switch (name) {
                case "normalized-image.nii" -> converted ? volumes.normalizedImage(s) : null;
                case "normalized-labels.nii" -> converted && s.converted().has("renorm_segmentation_dir") ? volumes.normalizedLabels(s) : null;
                case "native-image.nii" -> s.image() != null ? volumes.nativeImage(s) : null;
                case "native-labels.nii" -> labelled ? volumes.nativeLabels(s) : null;
                case "restored-labels.nii" -> s.restored() != null ? volumes.restoredLabels(s) : null;
                default -> null;
            };
            if (v == null) throw new NotFound();
        }
        return v;
    }

    /** Whether a volume goes gzip-compressed to a client: one on another machine whose Accept-Encoding has gzip. */
    static boolean compress(InetAddress client, List<String> acceptEncoding) {
        return !client.isLoopbackAddress() && acceptEncoding.stream().anyMatch(e -> e.contains("gzip"));
    }

    /** The stats report with each dataset and each flagged sample linked to its viewer page. */
    private String linkedReport(String html) throws IOException {
        for (String dataset : collection.datasets().keySet())
            html = html.replace("<h2>" + Pages.esc(dataset) + "</h2>", "<h2>" + Pages.esc(dataset) + " <a href=\"/dataset/" + Pages.seg(dataset)
                    + "\">open in the viewer</a></h2>");
        for (JsonNode f : Jsonl.MAPPER.readTree(stats.resolve("stats.json").toFile()).path("flags")) {
            var s = collection.sample(f.path("dataset").asText(), f.path("sample_id").asText());
            if (s.isEmpty() || !f.hasNonNull("patient_id")) continue;
            String cell = "</span></td><td>" + Pages.esc(f.get("patient_id").asText()) + "</td>";
            html = html.replace(cell, "</span></td><td><a href=\"/sample/" + Pages.seg(s.get().dataset()) + "/" + Pages.seg(s.get().id()) + "\">"
                    + Pages.esc(f.get("patient_id").asText()) + "</a></td>");
        }
        return html;
    }

    private static String key(String dataset, String id) {
        return dataset + "\n" + id;
    }

    /** The path's segments, each percent-decoded; "/" is none. */
    static List<String> segments(String rawPath) throws NotFound {
        List<String> out = new ArrayList<>();
        try {
            for (String s : rawPath.split("/")) if (!s.isEmpty()) out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) { // a malformed escape
            throw new NotFound();
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            q.putIfAbsent(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String type, String text) throws IOException {
        send(x, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(body.length);
        b.write(body);
        send(x, status, type, b);
    }

    private static void send(HttpExchange x, int status, String type, ByteArrayOutputStream body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) try (OutputStream out = x.getResponseBody()) {
            body.writeTo(out);
        }
    }
}
