package org.satds.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Debian's headless Chromium (WebGL2 on SwiftShader) driven over the DevTools protocol: open a page, wait for it,
 * run script in it, take a screenshot; every console error, uncaught exception, failed load and requested URL is
 * collected, so a test can require there were none (and no request outside the server).
 */
final class Chromium implements AutoCloseable {
    /** How long a page may keep its main thread busy before a call gives up. */
    long timeoutSeconds = 120;
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    Chromium(Path profile, int width, int height) throws Exception {
        List<String> cmd = List.of("chromium", "--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank");
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("the viewer's tests need Debian's chromium (apt-get install chromium; .ci/run installs it): " + e.getMessage());
        }
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line, browser = null;
        while (browser == null && (line = err.readLine()) != null)
            if (line.startsWith("DevTools listening on ")) browser = line.substring("DevTools listening on ".length());
        if (browser == null) throw new AssertionError("chromium did not start its DevTools server");
        Thread drain = new Thread(() -> { try { while (err.readLine() != null) { } } catch (IOException ignored) { } });
        drain.setDaemon(true);
        drain.start();
        URI list = URI.create("http://" + URI.create(browser).getAuthority() + "/json/list");
        HttpClient http = HttpClient.newHttpClient();
        String page = null;
        for (JsonNode t : Jsonl.MAPPER.readTree(http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body()))
            if (t.path("type").asText().equals("page")) page = t.get("webSocketDebuggerUrl").asText();
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(30, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) call(domain + ".enable", null);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    message(Jsonl.MAPPER.readTree(text.toString()));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private void message(JsonNode m) {
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) f.complete(m);
            return;
        }
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().matches("error|assert")) errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
            }
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) errors.add("log: " + p.path("entry").path("text").asText());
            }
            case "Network.requestWillBeSent" -> {
                requests.add(p.path("request").path("url").asText());
                urls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
            }
            case "Network.loadingFailed" -> errors.add("load failed: " + urls.get(p.path("requestId").asText()) + " " + p.path("errorText").asText()
                    + " " + p.path("blockedReason").asText(""));
            default -> { }
        }
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode m = Jsonl.MAPPER.createObjectNode().put("id", id).put("method", method);
        if (params != null) m.set("params", params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(m.toString(), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(timeoutSeconds, TimeUnit.SECONDS);
        if (r.has("error")) throw new AssertionError(method + ": " + r.get("error"));
        return r.get("result");
    }

    /** The value of a script (awaited when it is a promise). */
    JsonNode eval(String script) throws Exception {
        JsonNode r = call("Runtime.evaluate", Jsonl.MAPPER.createObjectNode().put("expression", script).put("awaitPromise", true).put("returnByValue", true));
        if (r.has("exceptionDetails")) throw new AssertionError(script + ": " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Opens a URL and waits for it ({@link #waitFor}); the errors and requests collected are from then on. */
    void open(String url, boolean viewer) throws Exception {
        errors.clear();
        requests.clear();
        call("Page.navigate", Jsonl.MAPPER.createObjectNode().put("url", url));
        waitFor(url, viewer);
    }

    /**
     * Waits until the page at {@code url} has loaded and, for the viewer, set body[data-ready] (its volumes are
     * drawn).
     */
    void waitFor(String url, boolean viewer) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(90, timeoutSeconds));
        String wait = "location.href === " + Jsonl.MAPPER.writeValueAsString(url) + " && document.readyState === 'complete'"
                + (viewer ? " && document.body.dataset.ready === 'true'" : "");
        while (!eval(wait).asBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError(url + " did not finish loading in 90 s; errors: " + errors);
            Thread.sleep(100);
        }
    }

    BufferedImage screenshot() throws Exception {
        JsonNode r = call("Page.captureScreenshot", Jsonl.MAPPER.createObjectNode().put("format", "png"));
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(r.get("data").asText())));
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
