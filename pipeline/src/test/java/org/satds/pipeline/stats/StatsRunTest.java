package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/**
 * A small collection with bad input (a missing image, a mask of another shape, a dataset without a recipe) and a
 * CT with 6 mm slices among 3 mm ones: what stats.json and the report say about it, a rerun, and the report as
 * headless Chromium renders it.
 */
class StatsRunTest {
    @TempDir
    static Path dir;
    static Path data, out;
    static List<ObjectNode> records = new ArrayList<>();
    static Stats.Result first;
    static JsonNode stats;

    @BeforeAll
    static void run() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        out = dir.resolve("stats");
        for (int i = 0; i < 6; i++) {
            Path c = Files.createDirectories(data.resolve("ct" + i));
            Phantom.write(c.resolve("image.nii.gz"), c.resolve("mask.nii.gz"), new int[] {40 + 4 * i, 36, i == 5 ? 8 : 16},
                    new double[] {1.5, 1.5, i == 5 ? 6 : 3}, "CT", 4, i);
            records.add(record("AbdomenCT1K", "ct" + i + "/image.nii.gz", "ct" + i + "/mask.nii.gz", "ct" + i));
        }
        records.add(record("AbdomenCT1K", "gone/image.nii.gz", "gone/mask.nii.gz", "missing"));
        records.add(record("AbdomenCT1K", "ct0/image.nii.gz", "ct1/mask.nii.gz", "mismatched"));
        records.add(record("NoSuchDataset", "ct2/image.nii.gz", "ct2/mask.nii.gz", "unknown"));
        first = stats(false);
        stats = Jsonl.MAPPER.readTree(first.statsJson().toFile());
    }

    static Stats.Result stats(boolean force) throws Exception {
        return new Stats(new SampleLoader(RecipeBook.builtIn()), data, ConvertRunner.Options.defaults().withThreads(2).withForce(force), 2)
                .run(records, out);
    }

    static ObjectNode record(String dataset, String image, String mask, String patient) throws IOException {
        return (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"" + image + "\", \"mask\": \"" + mask + "\", "
                + "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"" + dataset + "\", "
                + "\"official_split\": \"train\", \"patient_id\": \"" + patient + "\"}");
    }

    @Test
    void badInputIsListedWithItsReasonAndTheRestSummarized() throws Exception {
        assertEquals(9, first.samples());
        assertEquals(3, first.failed());
        assertEquals(6, stats.get("samples").size());
        List<String> failed = new ArrayList<>();
        for (JsonNode f : stats.get("failures")) failed.add(f.get("patient_id").asText() + ": " + f.get("error").asText());
        assertEquals(3, failed.size(), failed.toString());
        assertTrue(failed.get(0).startsWith("missing: ") && failed.get(0).contains("gone/image.nii.gz"), failed.get(0));
        assertTrue(failed.get(1).startsWith("mismatched: ") && failed.get(1).contains("differs"), failed.get(1));
        assertTrue(failed.get(2).startsWith("unknown: ") && failed.get(2).contains("NoSuchDataset"), failed.get(2));
        JsonNode ct = stats.at("/datasets/AbdomenCT1K");
        assertEquals(6, ct.get("samples").asInt());
        assertEquals(2, ct.get("failed").asInt());
        assertEquals("CT", ct.get("modality").asText());
        assertEquals(1, stats.at("/datasets/NoSuchDataset/failed").asInt());
        assertEquals(3.0, ct.at("/native/spacing/median").get(2).asDouble());
        assertEquals(6.0, ct.at("/native/spacing/max").get(2).asDouble());
        assertEquals(6, ct.at("/classes/liver/present").asInt());
        String report = Files.readString(first.report());
        for (JsonNode f : stats.get("failures")) assertTrue(report.contains(Report.esc(f.get("error").asText())), f.toString());
    }

    @Test
    void flagsTheThickSlicedScan() {
        List<String> flags = new ArrayList<>();
        for (JsonNode f : stats.get("flags")) flags.add(f.get("kind").asText() + " " + f.path("patient_id").asText());
        assertTrue(flags.contains("spacing outlier ct5"), flags.toString());
        assertEquals(1, flags.stream().filter(f -> f.startsWith("spacing outlier")).count(), flags.toString());
    }

    @Test
    void aRerunTakesTheSamplesDoneBefore() throws Exception {
        Stats.Result again = stats(false);
        assertEquals(6, again.skipped());
        assertEquals(3, again.failed(), "failed samples are tried again");
        assertEquals(stats, Jsonl.MAPPER.readTree(again.statsJson().toFile()));
    }

    @Test
    void reportRendersInChromium() throws Exception {
        String html = Files.readString(first.report());
        assertTrue(!Pattern.compile("(src|href)=[\"']https?:|url\\(https?:|<link ").matcher(html).find(), "the page fetches nothing");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile")), png = dir.resolve("report.png");
        String url = first.report().toUri().toString();
        Chromium dom = Chromium.run(profile, "--dump-dom", url);
        Matcher images = Pattern.compile("data-images=\"(\\d+)/(\\d+)\"").matcher(dom.stdout());
        assertTrue(images.find(), "the page's load script ran");
        assertEquals(images.group(2), images.group(1), "every picture decodes");
        assertEquals(2, Integer.parseInt(images.group(2)), "two thumbnails of AbdomenCT1K");
        assertTrue(!dom.stderr().contains("CONSOLE") && !dom.stderr().contains("Failed to load"), dom.stderr());
        // each chart draws something: marks beyond its frame, axes and labels
        Matcher svg = Pattern.compile("<svg[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(dom.stdout());
        int charts = 0;
        while (svg.find()) {
            charts++;
            int marks = svg.group(1).split("<(path|rect|line|ellipse|circle|polygon)").length - 1;
            assertTrue(marks > 20, "chart " + charts + " has " + marks + " marks");
        }
        assertEquals(2 + 5, charts, "the collection's two charts and AbdomenCT1K's five");
        Chromium.run(profile, "--screenshot=" + png, "--window-size=1400,2400", url);
        BufferedImage shot = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        long chartBlue = 0;
        for (int y = 0; y < shot.getHeight(); y += 2)
            for (int x = 0; x < shot.getWidth(); x += 2) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (Math.abs((rgb >> 16) - 0x25) < 12 && Math.abs((rgb >> 8 & 0xff) - 0x63) < 12 && Math.abs((rgb & 0xff) - 0xeb) < 12) chartBlue++;
            }
        assertTrue(colours.size() > 500, "a rendered page, not a blank one: " + colours.size() + " colours");
        assertTrue(chartBlue > 2000, "the charts' blue marks are drawn: " + chartBlue + " pixels");
    }

    /** One headless Chromium run (Debian's chromium; .ci/run installs it). */
    record Chromium(String stdout, String stderr) {
        static Chromium run(Path profile, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--hide-scrollbars", "--enable-logging=stderr", "--user-data-dir=" + profile));
            cmd.addAll(List.of(args));
            Path stdout = Files.createTempFile(profile, "out", ".txt"), stderr = Files.createTempFile(profile, "err", ".txt");
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("chromium is needed to render the report (apt-get install chromium; .ci/run does): " + e.getMessage());
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s");
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            return new Chromium(Files.readString(stdout, StandardCharsets.UTF_8), err);
        }
    }
}
