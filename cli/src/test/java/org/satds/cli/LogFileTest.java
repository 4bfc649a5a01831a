package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --log FILE on every command: what the command prints, each sample's time or failure, the exit status, appended. */
class LogFileTest {
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z ";

    @Test
    void convertAppendsItsOutputSamplesAndExitWithTimestamps(@TempDir Path work) throws Exception {
        List<String> lines = new ArrayList<>(Samples.write(work, 2, "AbdomenCT1K"));
        lines.add(Samples.line("case9/image.nii.gz", "case9/mask.nii.gz", "AbdomenCT1K", "p9")); // no such files
        Path in = Files.write(work.resolve("in.jsonl"), lines), log = work.resolve("logs/run.log");
        String[] args = {"convert", "--jsonl", in.toString(), "--out", work.resolve("out.jsonl").toString(), "--npy-root",
            work.resolve("npy").toString(), "--data-root", work.toString(), "--no-progress", "--log", log.toString()};
        DatasetsCommandTest.Run first = DatasetsCommandTest.run(args);
        assertEquals(1, first.code(), first.err());
        List<String> logged = Files.readAllLines(log);
        for (String l : logged) assertTrue(l.matches(STAMP + ".*"), "every line has its time: " + l);
        String text = String.join("\n", logged);
        assertTrue(text.contains("satds convert --jsonl " + in), text);
        assertTrue(text.matches("(?s).*convert AbdomenCT1K/0 done in \\d+\\.\\d{3} s.*"), text);
        assertTrue(text.matches("(?s).*convert AbdomenCT1K/2 FAILED \\(.*case9.*\\) in .*"), text);
        for (String printed : (first.out() + first.err()).split("\n"))
            assertTrue(logged.stream().anyMatch(l -> l.endsWith(" " + printed)), "printed but not logged: " + printed + "\n" + text);
        assertTrue(logged.get(logged.size() - 1).endsWith(" exit 1"), text);

        DatasetsCommandTest.Run again = DatasetsCommandTest.run(args); // appended, not overwritten
        assertEquals(1, again.code());
        String both = Files.readString(log);
        assertTrue(both.startsWith(String.join("\n", logged) + "\n"), both);
        assertTrue(both.contains("convert AbdomenCT1K/0 skipped (complete and current)"), both);
    }

    @Test
    void everyCommandTakesLogAndAnUnwritableLogIsASetupMistake(@TempDir Path work) throws Exception {
        for (Class<?> c : Main.SUBCOMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            if (name.equals("help")) continue;
            DatasetsCommandTest.Run help = DatasetsCommandTest.run(name, "--help");
            assertTrue(help.out().contains("--log=FILE"), name + ":\n" + help.out());
        }
        assertTrue(DatasetsCommandTest.run("export", "nnunet", "--help").out().contains("--log=FILE"));
        Path log = work.resolve("datasets.log");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("datasets", "--log", log.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(log).contains("AbdomenCT1K"));
        Path notAFolder = Files.writeString(work.resolve("file"), "x");
        DatasetsCommandTest.Run bad = DatasetsCommandTest.run("datasets", "--log", notAFolder.resolve("x.log").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("error: --log " + notAFolder.resolve("x.log")), bad.err());
    }
}
