package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * process-like records → convert → view, as a user runs them: view prints a URL on 127.0.0.1 with a token, serves
 * the converted collection there, and Ctrl-C stops it (the port is closed, exit 130).
 */
class ViewCommandTest {
    /** The served volume's affine is stored in NIfTI's float32 sform rows, so it matches the scan's to float32 precision. */
    private static final double NIFTI_FLOAT32_AFFINE = 1e-4;

    @TempDir
    Path dir;

    @Test
    void viewServesTheConvertedCollectionOnLoopbackAndStopsOnCtrlC() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), Samples.write(dir, 2, "AbdomenCT1K")), out = dir.resolve("converted.jsonl");
        Run convert = DatasetsCommandTest.run("convert", "--jsonl", in.toString(), "--out", out.toString(), "--npy-root",
                dir.resolve("npy").toString(), "--data-root", dir.toString(), "--no-progress");
        assertEquals(0, convert.code(), convert.err());

        Process p = view("--jsonl", out.toString(), "--data-root", dir.toString());
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        URI url = url(stdout);

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

    /** satds view in its own process, with {@code --no-browser}. */
    private Process view(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "view"));
        command.addAll(List.of(args));
        command.add("--no-browser");
        return new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    /** The URL view prints first. */
    private URI url(BufferedReader stdout) throws Exception {
        String first = stdout.readLine();
        assertTrue(first != null && first.startsWith("satds view: open http://127.0.0.1:"), first + Files.readString(dir.resolve("stderr.txt")));
        return URI.create(first.substring("satds view: open ".length()));
    }

    /**
     * convert → predictions → restore → evaluate --native → view, as a user runs them: the scores' links open each pair
     * on the scan as stored, and the volume the page draws holds the restored prediction against the ground truth the
     * recipe builds from the stored mask, both, false positives and false negatives apart.
     */
    @Test
    void nativeScoresOpenTheRestoredPredictionOverTheScan() throws Exception {
        Path raw = Files.write(dir.resolve("raw.jsonl"), Samples.write(dir, 2, "AbdomenCT1K")), converted = dir.resolve("converted.jsonl");
        assertEquals(0, Main.run("convert", "--jsonl", raw.toString(), "--out", converted.toString(), "--npy-root", dir.resolve("npy").toString(),
                "--data-root", dir.toString(), "--no-progress"));
        // SAT's predictions: the normalized truth one slice off (false positives on one side, false negatives on the other)
        StandInPredictions.write(Jsonl.read(converted), dir, dir.resolve("pred"));
        Path restored = dir.resolve("restored"), scores = dir.resolve("scores");
        assertEquals(0, Main.run("restore", "--jsonl", converted.toString(), "--pred", dir.resolve("pred").toString(), "--out", restored.toString(),
                "--data-root", dir.toString(), "--no-progress"));
        assertEquals(0, Main.run("evaluate", "--native", "--gt", raw.toString(), "--pred", restored.toString(), "--out", scores.toString(),
                "--data-root", dir.toString(), "--no-progress"));

        Process p = view("--jsonl", raw.toString(), "--evaluate", scores.toString(), "--pred", restored.toString(), "--data-root", dir.toString());
        try {
            URI url = url(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            HttpClient http = HttpClient.newHttpClient();
            String cookie = "satds_token_" + url.getPort() + "=" + url.getQuery().substring("token=".length());
            java.util.function.Function<String, HttpResponse<byte[]>> get = path -> {
                try {
                    return http.send(HttpRequest.newBuilder(url.resolve(path)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (Exception e) {
                    throw new AssertionError(path, e);
                }
            };
            String table = new String(get.apply("/evaluate").body(), StandardCharsets.UTF_8);
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/sample/AbdomenCT1K/(\\d+)\\?space=native&amp;pair=([a-z]+))\"").matcher(table);
            assertTrue(link.find(), "the worst pair links to its native page: " + table);
            String id = link.group(2), label = link.group(3);
            String page = new String(get.apply(link.group(1).replace("&amp;", "&")).body(), StandardCharsets.UTF_8);
            String open = "<script type=\"application/json\" id=\"config\">";
            int start = page.indexOf(open) + open.length();
            String config = page.substring(start, page.indexOf("</script>", start));
            var c = Jsonl.MAPPER.readTree(config);
            assertEquals("/volume/AbdomenCT1K/" + id + "/native-image.nii", c.get("image").asText(), "over the scan as stored");
            assertTrue(c.get("labels").asText().matches("/volume/AbdomenCT1K/" + id + "/native-pair-\\d+\\.nii"), config);
            assertEquals(List.of(label + ": both", label + ": prediction only (false positive)", label + ": truth only (false negative)"),
                    List.of(c.get("classes").get(0).get("name").asText(), c.get("classes").get(1).get("name").asText(), c.get("classes").get(2).get("name").asText()));

            HttpResponse<byte[]> pair = get.apply(c.get("labels").asText());
            assertEquals(200, pair.statusCode());
            Path sent = Files.write(dir.resolve("pair.nii"), pair.body());
            Volume map = Volumes.read(sent, ReadOptions.MASK);
            // what it must hold, from the files themselves: the recipe's class on the stored mask, restore's file for it
            ObjectNode record = Jsonl.read(raw).get(Integer.parseInt(id));
            SampleLoader loader = new SampleLoader(RecipeBook.builtIn());
            SampleLoader.NativeMasks truth = loader.nativeMasks(new SampleRecord(record), dir, Volumes::read);
            int k = SampleLoader.outputNames(loader.recipe(new SampleRecord(record))).indexOf(label);
            byte[] t = truth.masks().get(k).full(truth.shape());
            Path predicted = restored.resolve("AbdomenCT1K").resolve(id).resolve(label + ".nii.gz");
            byte[] q = Evaluation.prediction(predicted, truth.shape());
            Volume scan = Volumes.read(dir.resolve(record.get("image").asText()), ReadOptions.IMAGE);
            assertArrayEquals(scan.shape(), map.shape(), "on the scan's grid");
            assertTrue(scan.affine().closeTo(map.affine(), NIFTI_FLOAT32_AFFINE), "with the scan's affine");
            int[] s = truth.shape(), counts = new int[4];
            byte[] got = map.bytes(0);
            for (int x = 0, i = 0; x < s[0]; x++)
                for (int y = 0; y < s[1]; y++)
                    for (int z = 0; z < s[2]; z++, i++) {
                        int expected = t[i] != 0 && q[i] != 0 ? 1 : q[i] != 0 ? 2 : t[i] != 0 ? 3 : 0;
                        int v = got[x + s[0] * (y + s[1] * z)];
                        assertEquals(expected, v, "voxel " + x + "," + y + "," + z);
                        counts[v]++;
                    }
            assertTrue(counts[1] > 0 && counts[2] > 0 && counts[3] > 0, "both, false positives and false negatives: " + java.util.Arrays.toString(counts));
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
