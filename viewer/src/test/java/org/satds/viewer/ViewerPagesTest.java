package org.satds.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;

/** The collection, dataset, scores and stats pages as the server writes them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerPagesTest {
    @TempDir
    static Path dir;
    Fixture fixture;
    Viewer viewer;
    URI url;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        fixture = new Fixture(dir.resolve("data"), 3);
        Path stats = Files.createDirectories(dir.resolve("stats"));
        Files.writeString(stats.resolve("stats.json"), "{\"samples\": [], \"flags\": [{\"dataset\": \"AbdomenCT1K\", \"sample_id\": \"2\", "
                + "\"patient_id\": \"phantom2\", \"kind\": \"empty mask\", \"detail\": \"spleen\"}]}");
        Files.writeString(stats.resolve("report.html"), "<section id=\"d-AbdomenCT1K\"><h2>AbdomenCT1K</h2><table><tr><td><span class=\"tag\">"
                + "empty mask</span></td><td>phantom2</td><td>spleen</td></tr></table></section>");
        viewer = new Viewer(Collection.read(List.of(fixture.raw, fixture.converted), Path.of("")), new SampleLoader(RecipeBook.builtIn()), Path.of(""),
                fixture.evaluate, fixture.predictions, stats);
        url = viewer.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        if (viewer != null) viewer.close();
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve(path + (path.contains("?") ? "&" : "?") + url.getQuery())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path);
        return r.body();
    }

    @Test
    void theClassFilterListsTheDatasetsAndSamplesThatHaveIt() throws Exception {
        String kidney = get("/?class=kidn");
        for (int i = 0; i < 3; i++) assertTrue(kidney.contains("<a href=\"/sample/AbdomenCT1K/" + i + "?space=normalized\">" + i + "</a>"), kidney);
        assertTrue(kidney.contains("<a href=\"/dataset/AbdomenCT1K\">AbdomenCT1K</a>"));
        assertFalse(get("/?class=aorta").contains("/dataset/AbdomenCT1K"), "no dataset has an aorta");
    }

    @Test
    void aDatasetPageOffersEachSampleInTheSpacesItsRecordsAllow() throws Exception {
        String page = get("/dataset/AbdomenCT1K");
        assertEquals(3, count(page, "<a href=\"/sample/AbdomenCT1K/\\d\\?space=normalized\">normalized</a>"));
        assertEquals(3, count(page, "<a href=\"/sample/AbdomenCT1K/\\d\\?space=native\">native</a>"));
        assertEquals(0, count(page, "space=restored"), "no restored records given");
    }

    @Test
    void theScoresAreWorstFirstAndFilterable() throws Exception {
        List<Double> dice = column(get("/evaluate"));
        assertEquals(12, dice.size(), "3 samples × 4 classes");
        for (int i = 1; i < dice.size(); i++) assertTrue(dice.get(i - 1) <= dice.get(i), "worst first: " + dice);
        String kidney = get("/evaluate?class=kidney");
        assertEquals(3, column(kidney).size());
        assertTrue(kidney.contains("?space=normalized&amp;pair=kidney\">kidney</a>"), kidney);
    }

    @Test
    void theStatsReportLinksItsDatasetsAndFlaggedSamples() throws Exception {
        String report = get("/stats");
        assertTrue(report.contains("<h2>AbdomenCT1K <a href=\"/dataset/AbdomenCT1K\">open in the viewer</a></h2>"), report);
        assertTrue(report.contains("<td><a href=\"/sample/AbdomenCT1K/2\">phantom2</a></td>"), report);
    }

    /**
     * A native page's first picture: the views go through the liver (the largest class), the voxel the page opens
     * NiiVue at, and show the patient's right on the left, as the montages do: in the axial view, the first, the
     * liver's colour begins left of the kidney's.
     */
    @Test
    void theFirstPictureGoesThroughTheLargestClassWithTheRightOnTheLeft() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url.resolve("/preview/AbdomenCT1K/0?space=native&" + url.getQuery())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""));
        String[] v = r.headers().firstValue("X-Voxel").orElseThrow().split(" ");
        double[] mm = Fixture.affine().apply(Integer.parseInt(v[0]), Integer.parseInt(v[1]), Integer.parseInt(v[2]));
        assertTrue(Math.hypot(mm[0] - Fixture.LIVER_X, Math.hypot(mm[1], mm[2])) < Fixture.LIVER_R, "the voxel is in the liver: " + String.join(" ", v));
        String[] window = r.headers().firstValue("X-Window").orElseThrow().split(" ");
        assertEquals(List.of(-1000f, 60f), List.of(Float.parseFloat(window[0]), Float.parseFloat(window[1])), "the montages' window: air to the balls");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(r.body()));
        int liver = firstColumnOf(picture, ViewerBrowserTest.LIVER), kidney = firstColumnOf(picture, ViewerBrowserTest.KIDNEY);
        assertTrue(liver >= 0 && kidney > liver, "the liver (patient's right) left of the kidney: columns " + liver + ", " + kidney);
    }

    /** A pair's first picture, in the pair's colours: the prediction is the truth one slice up, so both errors show. */
    @Test
    void aPairsFirstPictureShowsBothErrors() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url.resolve("/preview/AbdomenCT1K/0?space=normalized&pair=liver&" + url.getQuery())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(r.body()));
        int fp = 0, fn = 0;
        for (int y = 0; y < picture.getHeight(); y++)
            for (int x = 0; x < picture.getWidth(); x++) {
                if (ViewerBrowserTest.hasColour(picture.getRGB(x, y), ViewerBrowserTest.FALSE_POSITIVE)) fp++;
                if (ViewerBrowserTest.hasColour(picture.getRGB(x, y), ViewerBrowserTest.FALSE_NEGATIVE)) fn++;
            }
        assertTrue(fp > 10 && fn > 10, "false positives (" + fp + " px) and false negatives (" + fn + " px) in their colours");
    }

    /** The leftmost column with a pixel of the class colour, or -1. */
    private static int firstColumnOf(BufferedImage picture, int colour) {
        for (int x = 0; x < picture.getWidth(); x++)
            for (int y = 0; y < picture.getHeight(); y++) if (ViewerBrowserTest.hasColour(picture.getRGB(x, y), colour)) return x;
        return -1;
    }

    /** The Dice column of the scores table ("–" for none). */
    private static List<Double> column(String page) {
        Matcher m = Pattern.compile("<tr><td>\\d+</td><td>([0-9.]+|–)</td>").matcher(page);
        List<Double> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1).equals("–") ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1)));
        return out;
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
