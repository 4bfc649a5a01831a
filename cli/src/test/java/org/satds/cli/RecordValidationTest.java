package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Issue 15.6: the jsonl and the outputs are checked before the run: one message per distinct problem with its lines
 * and a suggestion, exit 2, nothing converted; dataset names in any case.
 */
class RecordValidationTest {
    @TempDir
    Path dir;

    private Run convert(Path in, String... more) {
        List<String> args = new ArrayList<>(List.of("convert", "--jsonl", in.toString(), "--out", dir.resolve("out.jsonl").toString(),
                "--npy-root", dir.resolve("npy").toString(), "--no-progress", "--threads", "1", "--memory", "1g"));
        args.addAll(List.of(more));
        return DatasetsCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void aMisspelledDatasetIsReportedOnceWithItsLines() throws Exception {
        List<String> lines = new ArrayList<>(Samples.write(dir, 3, "AbdomenCT-1K"));
        lines.add(1, ""); // blank lines count in the numbering, as an editor shows it
        lines.add(Samples.line("case0/image.nii.gz", null, "AbdomenCT1K", "nomask")); // image-only (inference): valid
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines);
        Run r = convert(in, "--data-root", dir.toString());
        assertEquals("error: " + in + ": records that cannot be used, nothing was run:\n"
                + "  lines 1, 3-4: no recipe for dataset 'AbdomenCT-1K' (did you mean 'AbdomenCT1K'?); a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)\n", r.err());
        assertEquals(2, r.code());
        assertFalse(Files.exists(dir.resolve("npy")), "nothing was converted");
        assertFalse(Files.exists(dir.resolve("out.jsonl")));
    }

    @Test
    void checkRefusesTheSameMistakeWithTheSameMessageAndCode() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, Samples.write(dir, 2, "AbdomenCT-1K"));
        Run r = DatasetsCommandTest.run("check", "--jsonl", in.toString(), "--data-root", dir.toString(), "--no-progress");
        assertEquals("error: " + in + ": records that cannot be used, nothing was run:\n"
                + "  lines 1-2: no recipe for dataset 'AbdomenCT-1K' (did you mean 'AbdomenCT1K'?); a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void visualizeRefusesTheSameMistakeWithTheSameCode() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, Samples.write(dir, 1, "AbdomenCT-1K"));
        Run r = DatasetsCommandTest.run("visualize", "--jsonl", in.toString(), "--data-root", dir.toString(), "--index", "0", "--out",
                dir.resolve("vis").toString());
        assertEquals("error: " + in + ": the record cannot be used: no recipe for dataset 'AbdomenCT-1K' (did you mean 'AbdomenCT1K'?); a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void aDatasetNameInAnotherCaseIsTheRecipesName() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, Samples.write(dir, 2, "abdomenct1k"));
        Run r = convert(in, "--data-root", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (var rec : Jsonl.read(dir.resolve("out.jsonl"))) {
            assertEquals("AbdomenCT1K", rec.get("dataset").asText());
            assertTrue(rec.get("renorm_image").asText().startsWith(dir.resolve("npy/AbdomenCT1K/") + ""), rec.toString());
        }
    }

    @Test
    void relativePathsWithoutDataRootAreOneMessageNamingTheFolder() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, Samples.write(dir, 3, "AbdomenCT1K"));
        Run r = convert(in);
        assertEquals("error: none of the 3 records' images exist, e.g. " + Path.of("case0/image.nii.gz").toAbsolutePath()
                + "; relative record paths start from the working directory " + Path.of("").toAbsolutePath()
                + ": give --data-root " + dir + "\n", r.err());
        assertEquals(2, r.code());
    }

    @Test
    void oneMissingFileFailsThatSampleAndTheRunGoesOn() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.write(in, Samples.write(dir, 2, "AbdomenCT1K"));
        Files.delete(dir.resolve("case1/mask.nii.gz"));
        Run r = convert(in, "--data-root", dir.toString());
        assertEquals("error: " + dir.resolve("case1/mask.nii.gz") + ": file not found\n", r.err());
        assertEquals(1, r.code());
        assertEquals(1, Jsonl.read(dir.resolve("out.jsonl")).size());
    }
}
