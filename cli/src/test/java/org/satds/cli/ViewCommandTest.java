package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;

/**
 * process-like records → convert → view, as a user runs them: view prints a URL on 127.0.0.1 with a token, serves
 * the converted collection there, and Ctrl-C stops it (the port is closed, exit 130).
 */
class ViewCommandTest {
    @TempDir
    Path dir;

    @Test
    void viewServesTheConvertedCollectionOnLoopbackAndStopsOnCtrlC() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), Samples.write(dir, 2, "AbdomenCT1K")), out = dir.resolve("converted.jsonl");
        Run convert = DatasetsCommandTest.run("convert", "--jsonl", in.toString(), "--out", out.toString(), "--npy-root",
                dir.resolve("npy").toString(), "--data-root", dir.toString(), "--no-progress");
        assertEquals(0, convert.code(), convert.err());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "view", "--jsonl", out.toString(), "--data-root", dir.toString(), "--no-browser"));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = stdout.readLine();
        assertTrue(first != null && first.startsWith("satds view: open http://127.0.0.1:"), first + Files.readString(dir.resolve("stderr.txt")));
        URI url = URI.create(first.substring("satds view: open ".length()));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<a href=\"/dataset/AbdomenCT1K\">AbdomenCT1K</a>"), index.body());
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(url.resolve("/dataset/AbdomenCT1K")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, noToken.statusCode());

        String signal = InterruptTest.sigintIgnored() ? "TERM" : "INT";
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "view ended on Ctrl-C");
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue());
        String rest = stdout.lines().reduce("", (a, b) -> a + b + "\n");
        assertTrue(rest.contains("satds view stopped"), rest);
        boolean open;
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            open = true;
        } catch (ConnectException e) {
            open = false;
        }
        assertFalse(open, "the port is closed");
    }
}
