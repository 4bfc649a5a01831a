package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./satds launcher, run by bash as a user runs it, on a copy of the script beside a built jar, with a stand-in
 * `java` first on the PATH (it records its arguments, and writes the class list and the archive where the real
 * one would): the first run of a command after a build says it is preparing the start-up cache; the next one,
 * which maps the archive, says nothing.
 */
class LauncherTest {
    private static final String STAND_IN_JAVA = """
            #!/bin/sh
            echo "$@" >> "$(dirname "$0")/calls.txt"
            dump=0
            for a in "$@"; do
              case "$a" in
                -Xshare:dump) dump=1 ;;
                -XX:DumpLoadedClassList=*) echo "java/lang/Object" > "${a#*=}" ;;
                -XX:SharedArchiveFile=*) [ "$dump" = 1 ] && echo archive > "${a#*=}" ;;
              esac
            done
            exit 0
            """;

    @Test
    void theFirstRunAfterABuildSaysItPreparesTheStartUpCache(@TempDir Path dir) throws Exception {
        Path script = Files.copy(WorkflowFrictionTest.REPO.resolve("satds"), dir.resolve("satds"));
        Path bin = standIns(dir); // no sources beside the jar are newer: no build

        String first = run(script, bin, dir);
        assertTrue(first.contains("satds: first convert since the build: this run also prepares the start-up cache"), first);
        assertTrue(Files.isRegularFile(dir.resolve("cli/target/satds.jsa")), "the stand-in wrote the archive");
        String second = run(script, bin, dir);
        assertEquals("", second, "a run that maps the archive says nothing");
        String last = Files.readString(bin.resolve("calls.txt")).lines().reduce((a, b) -> b).orElseThrow();
        assertFalse(last.contains("DumpLoadedClassList"));
        // the runner's collection between samples is a young one (pipeline/run/HeapReuse); G1 collects before it grows,
        // in 4 MB regions
        assertTrue(last.contains("-XX:+ExplicitGCInvokesConcurrent -XX:GCTimeRatio=4 -XX:G1HeapRegionSize=4m"), last);
    }

    /**
     * convert with stats or check riding on it loads classes a plain convert does not (AWT, JFreeChart...): its first
     * run records them too, even after a plain convert has recorded its own.
     */
    @Test
    void convertWithStatsRecordsItsOwnClasses(@TempDir Path dir) throws Exception {
        Path script = Files.copy(WorkflowFrictionTest.REPO.resolve("satds"), dir.resolve("satds"));
        Path bin = standIns(dir);

        assertTrue(run(script, bin, dir).contains("first convert since the build"));
        String withStats = run(script, bin, dir, "--stats", "stats");
        assertTrue(withStats.contains("satds: first convert --stats since the build"), withStats);
        assertEquals("", run(script, bin, dir, "--stats=stats"), "recorded once");
        assertEquals("", run(script, bin, dir), "the plain convert's list is kept");
        assertTrue(run(script, bin, dir, "--check").contains("first convert --check since the build"));
        assertTrue(Files.readString(dir.resolve("cli/target/satds.classlist"))
                .contains("# command: convert\n# command: convert --stats\n# command: convert --check\n"));
    }

    /** The kernel's huge-page mode is read from a copy of the script pointed at a file of ours instead of /sys. */
    @Test
    void theHeapAsksForHugePagesWhereTheKernelGivesThemOnRequest(@TempDir Path dir) throws Exception {
        String launcher = Files.readString(WorkflowFrictionTest.REPO.resolve("satds"));
        String modeFile = "/sys/kernel/mm/transparent_hugepage/enabled";
        assertTrue(launcher.contains(modeFile));
        for (String mode : new String[] {"always [madvise] never", "[always] madvise never", "always madvise [never]"}) {
            Path case_ = Files.createDirectories(dir.resolve(mode.replace("[", "_").replace("]", "_").replace(" ", "")));
            Files.writeString(case_.resolve("mode"), mode + "\n");
            Path script = Files.writeString(case_.resolve("satds"), launcher.replace(modeFile, case_.resolve("mode").toString()));
            Path bin = standIns(case_);
            run(script, bin, case_);
            String call = Files.readString(bin.resolve("calls.txt")).lines().filter(l -> l.contains("-jar")).findFirst().orElseThrow();
            assertEquals(mode.contains("[madvise]"), call.contains("-XX:+UseTransparentHugePages"), mode + ": " + call);
        }
    }

    /** An idle view server gives its memory back (G1's periodic collection); a conversion has no idle time. */
    @Test
    void onlyTheViewServerCollectsWhenIdle(@TempDir Path dir) throws Exception {
        Path script = Files.copy(WorkflowFrictionTest.REPO.resolve("satds"), dir.resolve("satds"));
        Path bin = standIns(dir);
        launch(script, bin, dir, "view", "--jsonl", "none.jsonl", "--no-browser");
        run(script, bin, dir);
        List<String> calls = Files.readString(bin.resolve("calls.txt")).lines().filter(l -> l.contains("-jar")).toList();
        assertTrue(calls.get(0).contains(" view ") && calls.get(0).contains("-XX:G1PeriodicGCInterval="), calls.get(0));
        assertTrue(calls.get(1).contains(" convert ") && !calls.get(1).contains("G1PeriodicGCInterval"), calls.get(1));
    }

    /** A built jar's stand-in beside the launcher in {@code dir}, and a folder holding the stand-in java; returns that folder. */
    private static Path standIns(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cli/target"));
        Files.writeString(dir.resolve("cli/target/satds.jar"), "built");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), STAND_IN_JAVA);
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** bash satds convert ... (and more arguments) with the stand-in java; returns what the launcher wrote on stderr. */
    private static String run(Path script, Path bin, Path dir, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("convert", "--jsonl", "none.jsonl", "--out", "x.jsonl"));
        args.addAll(List.of(more));
        return launch(script, bin, dir, args.toArray(String[]::new));
    }

    /** bash satds ARGS... with the stand-in java; returns what the launcher wrote on stderr. */
    private static String launch(Path script, Path bin, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("SATDS_JAVA_OPTS");
        assertEquals(0, pb.start().waitFor());
        return Files.readString(dir.resolve("stderr.txt"));
    }
}
