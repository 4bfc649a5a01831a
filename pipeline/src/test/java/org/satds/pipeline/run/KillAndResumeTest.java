package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Kills a conversion at a random moment (twice), reruns it to the end, and expects exactly what an uninterrupted
 * run writes: the same files byte for byte (manifests included; the npy root is relative, so they match) and the
 * same jsonl.
 */
class KillAndResumeTest {
    @TempDir
    Path work;

    private Process start(Path dir) throws Exception {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), ConvertMain.class.getName(),
                work.resolve("in.jsonl").toString(), "out.jsonl", "npy", work.resolve("data").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
    }

    private void runToEnd(Path dir) throws Exception {
        Process p = start(dir);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "conversion did not finish");
        assertEquals(0, p.exitValue(), () -> "conversion failed: " + read(dir.resolve("log.txt")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void killedRunResumesToTheUninterruptedResult() throws Exception {
        Jsonl.write(work.resolve("in.jsonl"), Fixtures.cts(work.resolve("data"), 8));
        Path reference = work.resolve("reference");
        long t0 = System.nanoTime();
        runToEnd(reference);
        long fullMillis = (System.nanoTime() - t0) / 1_000_000;

        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path resumed = work.resolve("resumed");
        for (int kill = 0; kill < 2; kill++) {
            Process p = start(resumed);
            long delay = (long) (random.nextDouble() * fullMillis);
            Thread.sleep(delay);
            p.destroyForcibly().waitFor();
            System.out.printf("killed after %d ms of a %d ms run (seed %d)%n", delay, fullMillis, seed);
        }
        runToEnd(resumed);

        assertEquals(Files.readString(reference.resolve("out.jsonl")), Files.readString(resumed.resolve("out.jsonl")),
                "jsonl (seed " + seed + ")");
        Fixtures.assertSameTree(reference.resolve("npy"), resumed.resolve("npy"), true);
    }
}
