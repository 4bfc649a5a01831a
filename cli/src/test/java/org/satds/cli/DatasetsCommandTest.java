package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatasetsCommandTest {
    /** Runs satds with the arguments; returns exit code, standard output and standard error. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void tableListsEveryDataset() {
        Run r = run("datasets");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Dataset "), r.out());
        assertTrue(r.out().contains("\nVerSe "), r.out());
        assertTrue(r.out().contains("79 datasets: the 72 of the published SAT-DS"), r.out());
    }

    @Test
    void oneDatasetShowsClassesMergesAndBibtex() {
        Run r = run("datasets", "DAP_Atlas");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("  kidney = left kidney + right kidney\n"), r.out());
        assertTrue(r.out().contains("classes (178):"), r.out());
        assertTrue(r.out().contains("@article{DAPAtlas,"), r.out());
    }

    @Test
    void jsonForTheListAndForOne() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(79, json.readTree(run("datasets", "--json").out()).size());
        JsonNode verse = json.readTree(run("datasets", "VerSe", "--json").out());
        assertEquals("VerSe", verse.get("dataset").get("name").asText());
        assertEquals(29, verse.get("labels").size());
        assertTrue(verse.get("merges").get(0).asText().startsWith("cervical vertebrae = cervical vertebrae 1 (c1) + "));
        assertTrue(verse.get("bibtex").asText().startsWith("@article{VerSe,"));
    }

    @Test
    void unknownDatasetFails() {
        Run r = run("datasets", "NoSuchSet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no dataset 'NoSuchSet'"), r.err());
    }
}
