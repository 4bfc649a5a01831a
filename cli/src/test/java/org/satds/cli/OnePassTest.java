package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.demo.Phantom;

/**
 * `convert --stats DIR --check` decodes each scan once for the three jobs: what it writes and prints equals what
 * `convert`, `stats` and `check` write and print when run one after the other, on a collection with failures,
 * warnings and records sharing a file; and again when convert's outputs are current and only stats and check run.
 */
class OnePassTest {
    @Test
    void convertWithStatsAndCheckEqualsTheThreeRunsApart(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> lines = new ArrayList<>(Samples.write(data, 3, "AbdomenCT1K"));
        Phantom.write(data.resolve("ct.nii.gz"), data.resolve("seg.nii.gz"), new int[] {32, 32, 12}, new double[] {1.5, 1.5, 3}, "CT", 4, 9);
        CheckCommandTest.plant(data.resolve("seg.nii.gz"), data.resolve("seg_value7.nii.gz"), v -> v[6000] = 7, 0);
        CheckCommandTest.plant(data.resolve("seg.nii.gz"), data.resolve("seg_nudged.nii.gz"), v -> {}, 0.01);
        lines.add(Samples.line("ct.nii.gz", "seg.nii.gz", "AbdomenCT1K", "shared1")); // three records read ct.nii.gz
        lines.add(Samples.line("ct.nii.gz", "seg_value7.nii.gz", "AbdomenCT1K", "value7")); // a check error, converts
        lines.add(Samples.line("ct.nii.gz", "seg_nudged.nii.gz", "AbdomenCT1K", "nudged")); // a check warning
        lines.add(Samples.line("case0/image.nii.gz", "seg.nii.gz", "AbdomenCT1K", "shape")); // fails everywhere
        lines.add(Samples.line("gone.nii.gz", "seg.nii.gz", "AbdomenCT1K", "gone"));
        Path jsonl = Files.write(dir.resolve("records.jsonl"), lines);
        String[] source = {"--jsonl", jsonl.toString(), "--data-root", data.toString(), "--no-progress", "--threads", "2"};

        DatasetsCommandTest.Run apart = DatasetsCommandTest.run(args(source, "convert", "--out", dir + "/a.jsonl", "--npy-root", dir + "/npy_a"));
        DatasetsCommandTest.Run stats = DatasetsCommandTest.run("stats", "--jsonl", jsonl.toString(), "--data-root", data.toString(),
                "--no-progress", "--out", dir + "/stats_a");
        DatasetsCommandTest.Run check = DatasetsCommandTest.run(args(source, "check"));
        DatasetsCommandTest.Run together = DatasetsCommandTest.run(args(source, "convert", "--out", dir + "/b.jsonl", "--npy-root",
                dir + "/npy_b", "--stats", dir + "/stats_b", "--check"));
        assertEquals(1, stats.code(), stats.out() + stats.err());
        assertEquals(1, check.code(), check.out() + check.err());
        assertEquals(apart.code(), together.code(), together.out() + together.err());
        assertTrue(check.out().contains("checked 8 samples: 5 passed, 3 failed, 1 with warnings"), check.out());

        assertSameFiles(dir.resolve("npy_a"), dir.resolve("npy_b"), ".npy");
        assertEquals(Files.readString(dir.resolve("a.jsonl")).replace("/npy_a/", "/npy_b/"), Files.readString(dir.resolve("b.jsonl")));
        assertSameStats(dir.resolve("stats_a"), dir.resolve("stats_b"));
        assertContainsInOrder(together.out(), check.out());
        assertContainsInOrder(together.err(), check.err());

        // convert's outputs are current: only stats and check run, and they still say the same
        deleteTree(dir.resolve("stats_b"));
        DatasetsCommandTest.Run again = DatasetsCommandTest.run(args(source, "convert", "--out", dir + "/b.jsonl", "--npy-root",
                dir + "/npy_b", "--stats", dir + "/stats_b", "--check"));
        assertTrue(again.out().contains("converted 0, skipped 6 (complete and current), failed 2 of 8 samples"), again.out());
        assertSameStats(dir.resolve("stats_a"), dir.resolve("stats_b"));
        assertContainsInOrder(again.out(), check.out());
        assertSameFiles(dir.resolve("npy_a"), dir.resolve("npy_b"), ".npy");
    }

    private static String[] args(String[] source, String... command) {
        return Stream.concat(Stream.of(command), Stream.of(source)).toArray(String[]::new);
    }

    /** stats.json (but for the folder naming the pictures), report.html and the pictures byte for byte (no timings in them). */
    private static void assertSameStats(Path a, Path b) throws IOException {
        assertEquals(Files.readString(a.resolve("stats.json")).replace(a + "/", b + "/"), Files.readString(b.resolve("stats.json")));
        assertEquals(Files.readString(a.resolve("report.html")).replace(a + "/", b + "/"), Files.readString(b.resolve("report.html")));
        assertTrue(assertSameFiles(a, b, ".png") >= 3, "pictures");
    }

    /** The files named ...{@code suffix} below a and below b are the same files, byte for byte; returns how many. */
    private static int assertSameFiles(Path a, Path b, String suffix) {
        SortedMap<String, byte[]> left = files(a), right = files(b);
        left.keySet().removeIf(name -> !name.endsWith(suffix));
        right.keySet().removeIf(name -> !name.endsWith(suffix));
        assertEquals(left.keySet(), right.keySet());
        left.forEach((name, bytes) -> assertArrayEquals(bytes, right.get(name), name));
        return left.size();
    }

    /** Every line of {@code expected} appears in {@code actual}, in the same order. */
    private static void assertContainsInOrder(String actual, String expected) {
        List<String> have = actual.lines().toList();
        int at = 0;
        for (String line : expected.lines().toList()) {
            while (at < have.size() && !have.get(at).equals(line)) at++;
            assertTrue(at < have.size(), "missing or out of order: " + line + "\nin:\n" + actual);
            at++;
        }
    }

    /** Every regular file below {@code root} by its path below it, with its bytes. */
    private static SortedMap<String, byte[]> files(Path root) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
