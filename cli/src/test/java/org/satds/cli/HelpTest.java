package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.satds.cli.DatasetsCommandTest.Run;

/** Issue 15.10: help prints without picocli warnings; the table says which datasets are the published 72. */
class HelpTest {
    @Test
    void helpOfEveryCommandPrintsNoWarning() {
        for (String command : new String[] {"convert", "check", "process", "split", "merge", "visualize", "demo", "datasets", "bench"}) {
            Run r = DatasetsCommandTest.run(command, "--help");
            assertEquals(0, r.code(), command);
            assertEquals("", r.err(), command);
        }
        assertTrue(DatasetsCommandTest.run("convert", "--help").out().contains("80% of the Java heap"));
    }

    @Test
    void everyCommandIsListedAndATypoStillGetsASuggestion() {
        // a run builds only the command it names; help and mistakes see them all
        String help = DatasetsCommandTest.run("--help").out();
        for (Class<?> c : Main.SUBCOMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(help.contains("\n  " + name + " "), name + " in\n" + help);
        }
        Run typo = DatasetsCommandTest.run("conver", "--jsonl", "x.jsonl");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: satds convert"), typo.err());
        assertTrue(DatasetsCommandTest.run("help", "convert").out().startsWith("Usage: satds convert "));
    }

    @Test
    void topLevelHelpListsTheExitCodes() {
        String help = DatasetsCommandTest.run("--help").out();
        assertTrue(help.contains("Exit status (every command):"), help);
        assertTrue(help.contains("  2     nothing was run: a usage or setup mistake"), help);
    }

    @Test
    void theTableMarksThePublished72() {
        String table = DatasetsCommandTest.run("datasets").out();
        long paper = Arrays.stream(table.split("\n")).filter(l -> l.matches("\\S+\\s+paper\\s.*")).count();
        long added = Arrays.stream(table.split("\n")).filter(l -> l.matches("\\S+\\s+added\\s.*")).count();
        assertEquals(72, paper, table);
        assertEquals(7, added, table);
        assertTrue(table.contains("\nRibFrac                     added "), table);
        assertTrue(table.endsWith("79 datasets: the 72 of the published SAT-DS (SAT-DS: paper) and 7 added here (SAT-DS: added; no "
                + "published jsonl); 'satds datasets NAME' shows one with its classes, folder layout and BibTeX.\n"), table);
        assertTrue(DatasetsCommandTest.run("datasets", "RibFrac").out().contains("SAT-DS:   added here: not among the 72"));
    }
}
