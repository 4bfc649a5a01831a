package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;
import org.satds.pipeline.demo.DemoCollection;

/**
 * Issue 15.2: finding nothing is an error (exit 2) that shows the layout the rule looks for and the folder the user
 * probably meant, on the demo's raw downloads (real files at the real download paths).
 */
class NothingFoundTest {
    @TempDir
    static Path dir;
    static Path nii;

    @BeforeAll
    static void raw() throws Exception {
        DemoCollection.write(dir.resolve("raw"), 2);
        nii = dir.resolve("raw/data/nii");
    }

    @Test
    void aRootOneLevelTooHighNamesTheLayoutAndTheFolderMeant() {
        Path jsonlDir = dir.resolve("j1");
        Run r = DatasetsCommandTest.run("process", "--dataset", "ACDC", "--root", nii.resolve("ACDC").toString(), "--jsonl-dir", jsonlDir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: ACDC: no samples found under --root " + nii.resolve("ACDC") + "; the rule looks for\n"
                + "  the download folder of ACDC (data/nii/ACDC/database in the published layout), holding:\n"
                + "    {training|testing}/<case>/<frame>_gt.nii.gz\n"), r.err());
        assertTrue(r.err().endsWith("did you mean --root " + nii.resolve("ACDC/database") + "?\n"), r.err());
        assertFalse(Files.exists(jsonlDir.resolve("ACDC.jsonl")), "no empty jsonl is written");
    }

    @Test
    void theCollectionRootGivenForADatasetAndCaseIgnored() {
        Run r = DatasetsCommandTest.run("process", "--dataset", "abdomenct1k", "--root", dir.resolve("raw/data").toString(), "--jsonl-dir",
                dir.resolve("j2").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Masks/<case>.nii.gz\n      image Images/{case}_0000.nii.gz, mask Masks/{case}.nii.gz\n"), r.err());
        assertTrue(r.err().endsWith("did you mean --root " + nii.resolve("AbdomenCT-1K") + "?\n"), r.err());
    }

    @Test
    void aMisspelledDatasetToProcess() {
        Run r = DatasetsCommandTest.run("process", "--dataset", "AbdomenCT-1K", "--root", nii.toString(), "--jsonl-dir", dir.toString());
        assertEquals("error: no discovery rule for dataset 'AbdomenCT-1K' (did you mean 'AbdomenCT1K'?); 'satds datasets' lists them\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aRawRootTooHighForAll() {
        Run r = DatasetsCommandTest.run("process", "--all", "--raw-root", dir.resolve("raw").toString(), "--jsonl-dir", dir.resolve("j3").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: no dataset's samples found under --raw-root " + dir.resolve("raw")), r.err());
        assertTrue(r.err().endsWith("did you mean --raw-root " + nii + "?\n"), r.err());
        assertEquals("", r.out(), "no list of 79 missing folders");
    }

    @Test
    void aFileOrNothingForTheRoot() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Run r = DatasetsCommandTest.run("process", "--dataset", "ACDC", "--root", file.toString(), "--jsonl-dir", dir.toString());
        assertEquals("error: --root " + file + ": it is a file, not a folder\n", r.err());
        assertEquals(2, r.code());
        Run none = DatasetsCommandTest.run("process", "--all", "--raw-root", dir.resolve("absent").toString(), "--jsonl-dir", dir.toString());
        assertEquals("error: --raw-root " + dir.resolve("absent") + ": no such folder\n", none.err());
        assertEquals(2, none.code());
    }

    @Test
    void theCorrectRootStillWorks() throws Exception {
        Run r = DatasetsCommandTest.run("process", "--dataset", "ACDC", "--root", nii.resolve("ACDC/database").toString(), "--jsonl-dir",
                dir.resolve("j4").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, Files.readAllLines(dir.resolve("j4/ACDC.jsonl")).size());
    }

    @Test
    void datasetsNameShowsTheLayout() {
        Run r = DatasetsCommandTest.run("datasets", "acdc");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("process (satds process --dataset ACDC --root DIR) looks for\n"
                + "  the download folder of ACDC (data/nii/ACDC/database in the published layout), holding:\n"
                + "    {training|testing}/<case>/<frame>_gt.nii.gz\n"
                + "      image {part}/{case}/{frame}.nii.gz, mask {part}/{case}/{frame}_gt.nii.gz\n"), r.out());
    }

    @Test
    void anEmptyJsonlIsNotASuccess() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        for (String command : new String[] {"convert", "check"}) {
            Run r = DatasetsCommandTest.run(command, "--jsonl", empty.toString(), "--out", dir.resolve("e.jsonl").toString());
            if (command.equals("check")) r = DatasetsCommandTest.run(command, "--jsonl", empty.toString());
            assertEquals("error: " + empty + " holds no records\n", r.err(), command);
            assertEquals(2, r.code(), command);
        }
        String e = empty.toString(), out = dir.resolve("o").toString();
        for (String[] args : new String[][] {{"restore", "--jsonl", e, "--pred", out, "--out", out},
                {"evaluate", "--gt", e, "--pred", out, "--out", out}, {"stats", "--jsonl", e, "--out", out},
                {"export", "nnunet", "--jsonl", e, "--out", out, "--dataset-id", "1"}}) {
            Run r = DatasetsCommandTest.run(args);
            assertEquals("error: " + empty + " holds no records\n", r.err(), args[0]);
            assertEquals(2, r.code(), args[0]);
        }
    }

    @Test
    void aRatioThatLeavesASideEmpty() throws Exception {
        Path acdc = dir.resolve("j5/ACDC.jsonl");
        DatasetsCommandTest.run("process", "--dataset", "ACDC", "--root", nii.resolve("ACDC/database").toString(), "--jsonl-dir",
                acdc.getParent().toString());
        Path train = dir.resolve("tr.jsonl"), test = dir.resolve("te.jsonl");
        Run whole = DatasetsCommandTest.run("split", "--jsonl", acdc.toString(), "--ratio", "1.0", "--train", train.toString(), "--test", test.toString());
        assertEquals("error: --ratio is the train fraction, between 0 and 1 exclusive, not 1.0 (which leaves test empty)\n", whole.err());
        assertEquals(2, whole.code());
        Path one = Files.writeString(dir.resolve("one.jsonl"), Files.readAllLines(acdc).get(0) + "\n");
        Run tooMuch = DatasetsCommandTest.run("split", "--jsonl", one.toString(), "--ratio", "0.6", "--train", train.toString(), "--test", test.toString());
        assertEquals("error: --ratio 0.6 leaves test empty with this 1 record; nothing written\n", tooMuch.err());
        assertEquals(2, tooMuch.code());
        assertFalse(Files.exists(test));
    }
}
