package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Issue 15.9: Ctrl-C on a convert in a child JVM: it says what was finished and how to continue, writes the converted
 * jsonl of what is done, and the same command then continues from there.
 */
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedConvertWritesWhatIsDoneAndTheRerunContinues() throws Exception {
        // one real sample listed many times: one decode, then a steady stream of conversions to interrupt
        String line = Samples.write(dir, 1, "AbdomenCT1K").get(0);
        int n = 150;
        Path in = dir.resolve("in.jsonl"), out = dir.resolve("out.jsonl"), npy = dir.resolve("npy");
        Files.write(in, Collections.nCopies(n, line));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = List.of("convert", "--jsonl", in.toString(), "--out", out.toString(), "--npy-root", npy.toString(),
                "--data-root", dir.toString(), "--no-progress", "--threads", "1", "--memory", "256m");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        Path manifests = npy.resolve("AbdomenCT1K/renorm_manifest");
        while (count(manifests) == 0 && p.isAlive()) Thread.sleep(20);
        // Ctrl-C is SIGINT; a JVM started with SIGINT ignored (a background job of a script) cannot see it, and
        // a batch system's SIGTERM takes the same path
        String signal = sigintIgnored() ? "TERM" : "INT";
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the interrupted run ended");
        String err = Files.readString(dir.resolve("stderr.txt")), stdout = Files.readString(dir.resolve("stdout.txt"));
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), err);

        int done = Jsonl.read(out).size();
        assertTrue(done > 0 && done < n, "part done: " + done);
        assertEquals(done, count(manifests), "the jsonl holds exactly the finished samples");
        assertTrue(err.contains("interrupted: finishing the samples in progress, then writing what is done ...\n"), err);
        assertTrue(err.contains("interrupted: " + done + " of " + n + " samples done (" + done + " converted now, 0 already), 0 failed, "
                + (n - done) + " not started; " + out + " holds the " + done + " done. Run the same command again to continue: "
                + "finished samples are skipped.\n"), err);
        assertTrue(stdout.contains(String.format("%-32s %8d %10d %8d %7d %7d %12d%n", "AbdomenCT1K", n, done, 0, 0, 0, n - done)), stdout);

        Run rerun = DatasetsCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.out().contains("converted " + (n - done) + ", skipped " + done + " (complete and current), failed 0 of " + n), rerun.out());
        assertEquals(n, Jsonl.read(out).size());
    }

    private static long count(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) return 0;
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    /** Whether this JVM (so a child it starts) ignores SIGINT: bit 2 of SigIgn in /proc/self/status. */
    static boolean sigintIgnored() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status")))
            if (l.startsWith("SigIgn:")) return (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0;
        return false;
    }
}
