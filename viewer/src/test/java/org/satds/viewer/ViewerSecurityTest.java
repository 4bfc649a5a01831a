package org.satds.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;

/**
 * The server as a client meets it, over raw HTTP (so no client tidies the paths): without the token nothing is
 * served; with it, only the pages and the volumes of known samples are, and no path a request names, however
 * written (.., encoded, absolute, through a symlink), reaches a file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerSecurityTest {
    @TempDir
    static Path dir;
    Fixture fixture;
    Viewer viewer;
    URI url;
    String token;

    record Response(int status, String headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    void start() throws Exception {
        fixture = new Fixture(dir.resolve("data"), 1);
        // a stats folder whose thumbnail folder holds a symlink to a file outside everything served
        Path stats = Files.createDirectories(dir.resolve("stats"));
        Files.writeString(dir.resolve("secret.txt"), "SECRET");
        Files.createDirectories(stats.resolve("samples/AbdomenCT1K"));
        Files.createSymbolicLink(stats.resolve("samples/AbdomenCT1K/evil.png"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(stats.resolve("evil.html"), dir.resolve("secret.txt"));
        Files.writeString(stats.resolve("stats.json"), "{\"samples\": [], \"flags\": []}");
        Files.writeString(stats.resolve("report.html"), "<html><h2>AbdomenCT1K</h2></html>");
        viewer = new Viewer(Collection.read(List.of(fixture.converted), Path.of("")), new SampleLoader(RecipeBook.builtIn()), Path.of(""),
                fixture.evaluate, fixture.predictions, stats);
        url = viewer.start("127.0.0.1", 0);
        token = url.getQuery().substring("token=".length());
    }

    @AfterAll
    void stop() {
        if (viewer != null) viewer.close();
    }

    Response get(String rawTarget, String cookie) throws IOException {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + rawTarget + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\n" + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] all = s.getInputStream().readAllBytes();
            String head = new String(all, StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            return new Response(Integer.parseInt(head.substring(9, 12)), head.substring(0, end), body);
        }
    }

    Response get(String rawTarget) throws IOException {
        return get(rawTarget, "satds_token_" + url.getPort() + "=" + token);
    }

    @Test
    void servesNothingWithoutItsToken() throws IOException {
        for (String target : List.of("/", "/dataset/AbdomenCT1K", "/sample/AbdomenCT1K/0", "/volume/AbdomenCT1K/0/native-image.nii",
                "/preview/AbdomenCT1K/0", "/page/viewer.js", "/page/first.js", "/evaluate", "/stats", "/nothing")) {
            assertEquals(403, get(target, null).status(), target + " without a token");
            assertEquals(403, get(target + "?token=" + token.substring(1), null).status(), target + " with a wrong token");
            assertEquals(403, get(target, "satds_token_" + url.getPort() + "=" + token.toUpperCase()).status(), target + " with a wrong cookie");
        }
        Response first = get("/?token=" + token, null);
        assertEquals(200, first.status());
        assertTrue(first.headers().contains("satds_token_" + url.getPort() + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"), first.headers());
        assertEquals(200, get("/dataset/AbdomenCT1K").status(), "the cookie that URL set opens the other pages");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals("127.0.0.1", url.getHost());
    }

    @Test
    void noRequestedPathReachesAFile() throws IOException {
        for (String target : List.of("/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
                "/sample/AbdomenCT1K/..%2f..%2f..%2fetc%2fpasswd", "/sample/AbdomenCT1K/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/sample/%2e%2e/0", "/sample/AbdomenCT1K/0/../../../secret.txt", "/volume/AbdomenCT1K/0/..%2f..%2f..%2fsecret.txt",
                "/volume/AbdomenCT1K/0/%2e%2e%2fraw.jsonl", "/volume/AbdomenCT1K/..%2f0/native-image.nii",
                "/volume/AbdomenCT1K/0/" + urlPath(dir.resolve("secret.txt")), "/" + urlPath(dir.resolve("secret.txt")),
                "//" + dir.resolve("secret.txt"), "/volume/AbdomenCT1K/0/%2F" + urlPath(dir.resolve("secret.txt")),
                "/page/..%2fViewer.class", "/page/%2e%2e/Viewer.class", "/page/../../org/satds/viewer/Viewer.class",
                "/thumbnail/AbdomenCT1K/evil", "/thumbnail/AbdomenCT1K/evil.png", "/stats/evil.html", "/stats/samples/AbdomenCT1K/evil.png",
                "/stats/../secret.txt", "/evaluate/samples.csv", "/evaluate/../secret.txt", "/dataset/..", "/dataset/%2e%2e",
                "/%25%32%65%25%32%65/secret.txt", "/volume/AbdomenCT1K/0/pair-99.nii", "/preview/AbdomenCT1K/..%2f..%2fsecret.txt",
                "/preview/%2e%2e/0", "/preview/AbdomenCT1K/0/..%2fsecret.txt")) {
            Response r = get(target);
            assertEquals(404, r.status(), target);
            assertFalse(r.text().contains("SECRET") || r.text().contains("root:"), target);
        }
        assertEquals(400, get("/sample/AbdomenCT1K/%").status(), "a malformed escape: the JDK's server refuses the request");
    }

    @Test
    void unknownDatasetsSamplesSpacesAndPairsAre404() throws IOException {
        for (String target : List.of("/dataset/Nope", "/sample/Nope/0", "/sample/AbdomenCT1K/7", "/sample/AbdomenCT1K/0?space=restored",
                "/sample/AbdomenCT1K/0?space=..%2F..%2Fetc", "/sample/AbdomenCT1K/0?pair=aorta", "/volume/AbdomenCT1K/7/native-image.nii",
                "/volume/AbdomenCT1K/0/restored-labels.nii", "/volume/AbdomenCT1K/0/image.nii", "/volume/Nope/0/native-image.nii",
                "/preview/Nope/0", "/preview/AbdomenCT1K/7", "/preview/AbdomenCT1K/0?space=restored", "/preview/AbdomenCT1K/0?pair=aorta"))
            assertEquals(404, get(target).status(), target);
    }

    /** The native image sent is the stored scan, voxel for voxel, with its affine, int16 as stored. */
    @Test
    void nativeImageIsTheScanAsStored() throws IOException {
        Response r = get("/volume/AbdomenCT1K/0/native-image.nii");
        assertEquals(200, r.status());
        assertFalse(r.headers().toLowerCase(java.util.Locale.ROOT).contains("content-encoding"), "on loopback, not compressed: " + r.headers());
        assertTrue(r.headers().toLowerCase(java.util.Locale.ROOT).contains("content-length: " + r.body().length), "its length known: " + r.headers());
        Path sent = dir.resolve("sent.nii");
        Files.write(sent, r.body());
        Volume got = Volumes.read(sent, ReadOptions.IMAGE);
        Volume scan = Volumes.read(Path.of(fixture.records.get(0).get("image").asText()), ReadOptions.IMAGE);
        assertArrayEquals(scan.shape(), got.shape());
        assertArrayEquals(scan.floats(0), got.floats(0));
        assertTrue(scan.affine().closeTo(got.affine(), 1e-6), got.affine() + " vs " + scan.affine());
        ByteBuffer h = ByteBuffer.wrap(r.body(), 0, 348).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, h.getInt(0), "a NIfTI-1 header");
        assertEquals(4, h.getShort(70), "int16, as the scan is stored");
    }

    /** Compressed only for a client on another machine that takes gzip, where bytes cost more than deflate. */
    @Test
    void volumesAreCompressedForOtherMachinesOnly() throws Exception {
        java.net.InetAddress other = java.net.InetAddress.getByName("192.0.2.7"), loopback = java.net.InetAddress.getByName("127.0.0.1");
        assertTrue(Viewer.compress(other, List.of("gzip, deflate, br")));
        assertFalse(Viewer.compress(other, List.of("identity")));
        assertFalse(Viewer.compress(other, List.of()));
        assertFalse(Viewer.compress(loopback, List.of("gzip, deflate, br")));
        assertFalse(Viewer.compress(java.net.InetAddress.getByName("::1"), List.of("gzip")));
    }

    private static String urlPath(Path p) {
        return p.toString().replace("/", "%2F");
    }
}
