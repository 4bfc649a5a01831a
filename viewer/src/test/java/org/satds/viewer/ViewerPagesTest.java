package org.satds.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
