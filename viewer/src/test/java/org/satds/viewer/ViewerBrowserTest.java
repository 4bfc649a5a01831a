package org.satds.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.NpyLoader;

/**
 * The viewer in real headless Chromium (WebGL2 on SwiftShader), through the real server: the sample page draws the
 * scan and its classes in the montages' colours where they are, a class toggled off is gone, the patient's right is
 * on the screen's left in native and normalized space, the scores list the worst pair first and open it, and no
 * page logs an error or asks anything of another server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerBrowserTest {
    /** Class colours (Pictures.colour): liver 0, kidney 1; the pair colours of Pages. */
    static final int LIVER = 0xF3C300, KIDNEY = 0x875692, FALSE_POSITIVE = 0xFF2020, FALSE_NEGATIVE = 0x2080FF;

    @TempDir
    static Path dir;
    Fixture fixture;
    Viewer viewer;
    URI url;
    Chromium chromium;

    @BeforeAll
    void start() throws Exception {
        assertTrue(Viewer.hasPage(), "the viewer page was not built: the build needs Node.js and npm (.ci/run installs them)");
        fixture = new Fixture(dir.resolve("data"), 3);
        viewer = new Viewer(Collection.read(List.of(fixture.converted, fixture.restored), Path.of("")), new SampleLoader(RecipeBook.builtIn()), Path.of(""),
                fixture.evaluate, fixture.predictions, null);
        url = viewer.start("127.0.0.1", 0);
        chromium = new Chromium(Files.createDirectories(dir.resolve("profile")), 1200, 800);
        chromium.open(url.toString(), false); // sets the token's cookie
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (viewer != null) viewer.close();
    }

    String at(String path) {
        return at(url, path);
    }

    static String at(URI server, String path) {
        return server.resolve(path).toString().replaceFirst("\\?token=.*", "");
    }

    /** Drawn first without the 3D render (as a CT is), which is then turned on: its gradients are computed then. */
    @Test
    void nativePageShowsTheClassesWhereTheyAreAndTheRightOnTheLeft() throws Exception {
        chromium.open(at("/sample/AbdomenCT1K/0?space=native&3d=0"), true);
        openedAsItsFirstPicture();
        checkClasses(new double[] {Fixture.LIVER_X, 0, 0}, new double[] {Fixture.KIDNEY_X, 0, 0}, "native");
        BufferedImage flat = chromium.screenshot();
        chromium.eval("document.getElementById('render3d').click()");
        chromium.eval("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        BufferedImage rendered = chromium.screenshot();
        ImageIO.write(rendered, "png", screenshots().resolve("native-3d.png").toFile());
        // the render's shading: many more colours than the three flat views hold
        assertTrue(colours(rendered) > colours(flat) + 100, "the 3D render drawn: " + colours(flat) + " colours before, " + colours(rendered) + " after");
        noErrorsAndNothingFromElsewhere();
    }

    /** The restored prediction (the truth one 3 mm slice up, restored) over the scan, the truth's outlines with it. */
    @Test
    void restoredPageShowsThePredictionOnTheScan() throws Exception {
        chromium.open(at("/sample/AbdomenCT1K/0?space=restored"), true);
        assertEquals(List.of("liver", "kidney", "spleen", "pancreas", "liver (truth)", "kidney (truth)", "spleen (truth)", "pancreas (truth)"),
                Jsonl.MAPPER.convertValue(chromium.eval("[...document.querySelectorAll('#classes input[type=checkbox]')].map((b) => b.dataset.cls)"), List.class));
        checkClasses(new double[] {Fixture.LIVER_X, 0, 0}, new double[] {Fixture.KIDNEY_X, 0, 0}, "restored");
    }

    @Test
    void normalizedPageShowsTheClassesWhereTheyAreAndTheRightOnTheLeft() throws Exception {
        chromium.open(at("/sample/AbdomenCT1K/0?space=normalized"), true);
        // the converted masks' centroids on the 1x1x3 mm RAS grid (AbdomenCT1K's recipe orientation), in world mm
        checkClasses(normalizedCentroid(0), normalizedCentroid(1), "normalized");
    }

    /**
     * The server's first picture was on screen before NiiVue drew, and is gone; NiiVue opened at the picture's voxel
     * and with its window. A picture that shows the classes on their sides: ViewerPagesTest.
     */
    private void openedAsItsFirstPicture() throws Exception {
        assertEquals(1, chromium.requests.stream().filter(r -> r.contains("/preview/")).count(),
                "the first picture asked for once: the page script takes the answer to the page's preload");
        JsonNode o = chromium.eval("""
                (async () => {
                  const r = await fetch(JSON.parse(document.getElementById('config').textContent).preview)
                  const t = viewer.timings
                  return { shown: document.body.dataset.preview, gone: !document.getElementById('preview'), first: t.preview < t.drawn,
                    voxel: r.headers.get('X-Voxel'), window: r.headers.get('X-Window'), at: Array.from(viewer.nv.frac2vox(viewer.nv.scene.crosshairPos)),
                    cal: [viewer.image.cal_min, viewer.image.cal_max] }
                })()""");
        assertEquals("true", o.get("shown").asText(), "the first picture was shown");
        assertTrue(o.get("gone").asBoolean() && o.get("first").asBoolean(), "shown before NiiVue drew, gone since: " + o);
        String[] voxel = o.get("voxel").asText().split(" "), window = o.get("window").asText().split(" ");
        for (int k = 0; k < 3; k++) assertEquals(Integer.parseInt(voxel[k]), o.get("at").get(k).asInt(), "NiiVue opened at the picture's voxel: " + o);
        for (int k = 0; k < 2; k++) assertEquals(Float.parseFloat(window[k]), o.get("cal").get(k).floatValue(), "NiiVue's window is the picture's: " + o);
    }

    private double[] normalizedCentroid(int label) throws Exception {
        JsonNode chwd = fixture.records.get(0).get("chwd");
        int w = chwd.get(2).asInt(), d = chwd.get(3).asInt();
        byte[] m = NpyLoader.mask(fixture.records.get(0), fixture.dir, label);
        double[] sum = new double[3];
        int n = 0;
        for (int i = 0; i < m.length; i++)
            if (m[i] != 0) {
                sum[0] += i / (w * d);
                sum[1] += i / d % w;
                sum[2] += i % d;
                n++;
            }
        // the grid lies where convert put it: the record's normalization affine (voxel -> world mm)
        JsonNode a = fixture.records.get(0).get("normalization").get("affine");
        double[] mm = new double[3];
        for (int r = 0; r < 3; r++)
            mm[r] = a.get(r).get(0).asDouble() * sum[0] / n + a.get(r).get(1).asDouble() * sum[1] / n + a.get(r).get(2).asDouble() * sum[2] / n + a.get(r).get(3).asDouble();
        return mm;
    }

    /**
     * The pixel at each class's centroid (in the axial view, crosshair hidden) has the class's colour; the liver, on
     * the patient's right, is left of the axial view's centre and the kidney right of it; the liver toggled off
     * leaves grey there.
     */
    private void checkClasses(double[] liverMm, double[] kidneyMm, String space) throws Exception {
        int[] liver = screen(liverMm), kidney = screen(kidneyMm);
        BufferedImage shot = chromium.screenshot();
        ImageIO.write(shot, "png", screenshots().resolve(space + ".png").toFile());
        assertTrue(colours(shot) > 200, space + ": a drawn page, not a blank one: " + colours(shot) + " colours");
        assertTrue(hasColour(shot.getRGB(liver[0], liver[1]), LIVER), space + ": liver colour at its centroid, not " + hex(shot.getRGB(liver[0], liver[1])));
        int[] kidneyAxial = screen(kidneyMm);
        BufferedImage atKidney = chromium.screenshot();
        assertTrue(hasColour(atKidney.getRGB(kidneyAxial[0], kidneyAxial[1]), KIDNEY), space + ": kidney colour at its centroid");
        assertTrue(liver[0] < liver[2], space + ": the patient's right (liver) on the screen's left of the axial view: " + liver[0] + " vs centre " + liver[2]);
        assertTrue(kidney[0] > kidney[2], space + ": the patient's left (kidney) on the screen's right: " + kidney[0] + " vs centre " + kidney[2]);
        screen(liverMm);
        chromium.eval("document.querySelector('input[data-cls=\"liver\"]').click()");
        BufferedImage off = chromium.screenshot();
        chromium.eval("document.querySelector('input[data-cls=\"liver\"]').click()");
        int grey = off.getRGB(liver[0], liver[1]);
        assertTrue(chroma(grey) < 12, space + ": liver toggled off leaves grey, not " + hex(grey));
        // each class's own opacity: the liver at 0, 0.5 and 1 while the kidney stays at 1
        opacity("kidney", 1);
        int[] kidneySolid = pixels(kidneyMm, liverMm, "liver", 0);
        assertTrue(chroma(kidneySolid[1]) < 12, space + ": the liver at opacity 0 leaves grey, not " + hex(kidneySolid[1]));
        assertTrue(hasColour(kidneySolid[0], KIDNEY) && chroma(kidneySolid[0]) > 0.9 * chroma(KIDNEY),
                space + ": the kidney at opacity 1 is its colour itself (" + hex(kidneySolid[0]) + ", the kidney's " + hex(KIDNEY) + ")");
        int[] half = pixels(kidneyMm, liverMm, "liver", 0.5), solid = pixels(kidneyMm, liverMm, "liver", 1);
        assertTrue(hasColour(half[1], LIVER) && chroma(half[1]) < chroma(solid[1]) - 20 && hasColour(solid[1], LIVER) && chroma(solid[1]) > 0.9 * chroma(LIVER),
                space + ": the liver at opacity 0.5 (" + hex(half[1]) + ") is less its colour than at 1 (" + hex(solid[1]) + ", the liver's " + hex(LIVER) + ")");
        assertEquals(hex(kidneySolid[0]), hex(half[0]), space + ": the kidney unchanged while the liver's opacity changes");
        assertEquals(hex(kidneySolid[0]), hex(solid[0]), space + ": the kidney unchanged while the liver's opacity changes");
        opacity("liver", 0.5);
        opacity("kidney", 0.5);
        noErrorsAndNothingFromElsewhere();
    }

    /** Sets a class's opacity slider to {@code value} as a user drags it, and waits for the page to draw it. */
    private void opacity(String cls, double value) throws Exception {
        chromium.eval(String.format(Locale.ROOT, "(() => { const s = document.querySelector('input[data-opacity=\"%s\"]'); s.value = %s; "
                + "s.dispatchEvent(new Event('input')); return true })()", cls, value));
        chromium.eval("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    }

    /** With {@code cls} at opacity {@code value}: the pixels at two world points, each on its own axial slice. */
    private int[] pixels(double[] firstMm, double[] secondMm, String cls, double value) throws Exception {
        opacity(cls, value);
        int[] first = screen(firstMm);
        int a = chromium.screenshot().getRGB(first[0], first[1]);
        int[] second = screen(secondMm);
        return new int[] {a, chromium.screenshot().getRGB(second[0], second[1])};
    }

    /**
     * Moves the crosshair to a world point (RAS mm), hides it, and returns where the point is on the page in the
     * axial view, with the horizontal centre of that view: {x, y, centreX}.
     */
    private int[] screen(double[] mm) throws Exception {
        JsonNode p = chromium.eval(String.format(Locale.ROOT, """
                (async () => {
                  const nv = viewer.nv
                  nv.opts.crosshairWidth = 0
                  nv.opts.show3Dcrosshair = false
                  const frac = nv.mm2frac([%f, %f, %f])
                  nv.scene.crosshairPos = frac
                  nv.drawScene()
                  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
                  const at = nv.frac2canvasPosWithTile(frac, 0)
                  const tile = nv.screenSlices[at.tileIndex].leftTopWidthHeight
                  const box = nv.canvas.getBoundingClientRect(), dpr = window.devicePixelRatio
                  return [box.left + at.pos[0] / dpr, box.top + at.pos[1] / dpr, box.left + (tile[0] + tile[2] / 2) / dpr]
                })()""", mm[0], mm[1], mm[2]));
        return new int[] {(int) Math.round(p.get(0).asDouble()), (int) Math.round(p.get(1).asDouble()), (int) Math.round(p.get(2).asDouble())};
    }

    @Test
    void scoresListTheWorstPairFirstAndOpenIt() throws Exception {
        worstPairOpensWithItsErrors(url, fixture.evaluate, "normalized", "pair.png");
    }

    /**
     * restore → evaluate --native → view: the scores of the pairs in native space open the restored prediction over
     * the scan as stored, against the ground truth the recipe builds from the mask (restore's folder given as the
     * predictions, as {@code satds view --pred} takes it).
     */
    @Test
    void nativeScoresOpenTheRestoredPredictionOnTheScan() throws Exception {
        try (Viewer nativeViewer = new Viewer(Collection.read(List.of(fixture.raw, fixture.restored), Path.of("")),
                new SampleLoader(RecipeBook.builtIn()), Path.of(""), fixture.evaluateNative, fixture.restoredDir, null)) {
            URI server = nativeViewer.start("127.0.0.1", 0);
            chromium.open(server.toString(), false); // its token's cookie
            worstPairOpensWithItsErrors(server, fixture.evaluateNative, "native", "native-pair.png");
            // each server's cookie is its own (a browser sends a host's cookies to every port): the first still opens
            chromium.open(at("/dataset/AbdomenCT1K"), false);
            assertEquals("AbdomenCT1K", chromium.eval("document.title").asText(), "the first server's pages, with a second one's cookie set");
        }
    }

    private void worstPairOpensWithItsErrors(URI server, Path evaluate, String space, String shotName) throws Exception {
        // the worst Dice in samples.csv, read here on its own
        List<String> lines = Files.readAllLines(evaluate.resolve("samples.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int dice = header.indexOf("dice"), label = header.indexOf("label"), id = header.indexOf("sample_id");
        String[] worst = null;
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            if (!f[dice].isEmpty() && (worst == null || Double.parseDouble(f[dice]) < Double.parseDouble(worst[dice]))) worst = f;
        }
        chromium.open(at(server, "/evaluate"), false);
        JsonNode first = chromium.eval("[...document.querySelectorAll('#scores tr')[1].cells].map((c) => c.textContent)");
        assertEquals(String.format(Locale.ROOT, "%.4f", Double.parseDouble(worst[dice])), first.get(1).asText());
        assertEquals(worst[id], first.get(4).asText());
        assertEquals(worst[label], first.get(5).asText());
        String link = chromium.eval("document.querySelector('#scores a').href").asText();
        assertTrue(link.contains("space=" + space + "&pair="), link);
        chromium.eval("document.querySelector('#scores a').click()");
        chromium.waitFor(link, true);
        assertEquals("AbdomenCT1K · " + worst[id] + " · pair " + worst[label], chromium.eval("document.title").asText());
        assertTrue(chromium.eval("JSON.parse(document.getElementById('config').textContent).image").asText().endsWith("/" + space + "-image.nii"),
                "the pair over the " + space + " image");
        BufferedImage shot = chromium.screenshot();
        ImageIO.write(shot, "png", screenshots().resolve(shotName).toFile());
        int fp = 0, fn = 0;
        for (int y = 0; y < shot.getHeight(); y++)
            for (int x = 0; x < shot.getWidth(); x++) {
                if (hasColour(shot.getRGB(x, y), FALSE_POSITIVE)) fp++;
                if (hasColour(shot.getRGB(x, y), FALSE_NEGATIVE)) fn++;
            }
        // the stand-in prediction is the truth one slice up: false positives above, false negatives below
        assertTrue(fp > 20 && fn > 20, space + ": false positives (" + fp + " px) and false negatives (" + fn + " px) both shown, in their colours");
        noErrorsAndNothingFromElsewhere(server);
    }

    /** Where the pages' screenshots are kept for a look: target/screenshots of this module. */
    private static Path screenshots() throws java.io.IOException {
        return Files.createDirectories(Path.of("target", "screenshots"));
    }

    private void noErrorsAndNothingFromElsewhere() {
        noErrorsAndNothingFromElsewhere(url);
    }

    private void noErrorsAndNothingFromElsewhere(URI server) {
        assertEquals(List.of(), chromium.errors, "console errors");
        String origin = server.resolve("/").toString();
        for (String r : chromium.requests) assertTrue(r.startsWith(origin) || r.startsWith("data:") || r.startsWith("blob:"), "a request outside the server: " + r);
    }

    private static int colours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) c.add(img.getRGB(x, y) & 0xffffff);
        return c.size();
    }

    /** The colour's chroma: its channels less their minimum, the part a grey image blended under it does not change. */
    private static int[] chromaOf(int rgb) {
        int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff, min = Math.min(r, Math.min(g, b));
        return new int[] {r - min, g - min, b - min};
    }

    private static double chroma(int rgb) {
        int[] c = chromaOf(rgb);
        return Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    }

    /**
     * Whether a pixel shows a class colour drawn with some opacity over grey: its chroma points the class colour's
     * way (cosine above 0.97) and is at least a quarter of it.
     */
    static boolean hasColour(int pixel, int colour) {
        int[] p = chromaOf(pixel), c = chromaOf(colour);
        double dot = p[0] * c[0] + p[1] * c[1] + p[2] * c[2];
        return chroma(pixel) >= 0.25 * chroma(colour) && dot / (chroma(pixel) * chroma(colour)) > 0.97;
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }
}
