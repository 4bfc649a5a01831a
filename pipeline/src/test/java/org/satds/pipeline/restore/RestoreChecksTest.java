package org.satds.pipeline.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.Npy;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/**
 * Bad predictions fail their sample with one line per problem while the other samples restore; .npy predictions
 * are read; a rerun skips what is complete; linear mode writes probabilities.
 */
class RestoreChecksTest {
    private static final Path CASE = TestData.file("golden/restore/ct_lps_int16");

    @Test
    void eachProblemIsOneLineAndTheRunGoesOn(@TempDir Path work) throws Exception {
        Path pred = work.resolve("pred");
        // sample "good": the golden predictions as they are; the others copy them and then break one thing each
        List<ObjectNode> records = new ArrayList<>();
        for (String id : List.of("good", "shape", "missing", "extra", "fuzzy", "unreadable")) {
            Path dir = Files.createDirectories(pred.resolve("AbdomenCT1K").resolve("seg_" + id));
            for (String l : List.of("class 1", "class 2", "class 3", "class 4"))
                Files.copy(CASE.resolve("pred/AbdomenCT1K/seg_image").resolve(l + ".nii.gz"), dir.resolve(l + ".nii.gz"));
            ObjectNode r = Jsonl.read(CASE.resolve("infer.jsonl")).get(0);
            r.put("sample_id", id);
            r.put("image", id.equals("unreadable") ? work.resolve("broken.nii.gz").toString() : CASE.resolve("image.nii.gz").toString());
            records.add(r);
        }
        Path shape = pred.resolve("AbdomenCT1K/seg_shape/class 2.nii.gz");
        NiftiWriter.write(shape, Volume.ofFloats(new int[] {5, 6, 7}, Affine.identity(), new float[210]), DataType.FLOAT32);
        Files.delete(pred.resolve("AbdomenCT1K/seg_missing/class 3.nii.gz"));
        Files.copy(pred.resolve("AbdomenCT1K/seg_extra/class 1.nii.gz"), pred.resolve("AbdomenCT1K/seg_extra/aorta.nii.gz"));
        Path fuzzy = pred.resolve("AbdomenCT1K/seg_fuzzy/class 4.nii.gz");
        Volume probabilities = org.satds.core.io.NiftiReader.read(fuzzy, org.satds.core.io.ReadOptions.IMAGE);
        float[] p = probabilities.floats(0).clone();
        for (int i = 0; i < p.length; i++) p[i] *= 0.75f;
        NiftiWriter.write(fuzzy, Volume.ofFloats(probabilities.shape(), Affine.identity(), p), DataType.FLOAT32);
        Files.writeString(work.resolve("broken.nii.gz"), "not a NIfTI");

        Restorer restorer = new Restorer(new SampleLoader(RecipeBook.builtIn()), null, pred, work.resolve("out"), Restorer.Mode.NEAREST);
        ConvertRunner.Result r = new ConvertRunner(restorer, ConvertRunner.Options.defaults()).run(records);
        assertEquals(List.of(0), List.copyOf(r.converted().keySet()), "only the good sample restores");
        assertEquals(5, r.failures().size());
        List<String> lines = new ArrayList<>();
        for (ConvertRunner.Failure f : r.failures())
            if (f.cause() instanceof Restorer.PredictionProblems pp) lines.addAll(pp.problems());
            else lines.add(f.record().get("error").asText());
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).equals(shape + " is 5×6×7, but image shape normalizes to " + dims(restoredShape(work)) + " with orientation RAS: "
                + "was it predicted on this image?"), lines.get(0));
        assertTrue(lines.get(1).contains("seg_missing/class 3.nii.gz: missing"), lines.get(1));
        assertTrue(lines.get(2).contains("seg_extra/aorta.nii.gz: label 'aorta' is not in the record's labels"), lines.get(2));
        assertTrue(lines.get(3).startsWith(fuzzy + ": not a binary mask"), lines.get(3));
        assertTrue(lines.get(4).contains("broken.nii.gz"), lines.get(4));
        for (String line : lines) assertTrue(!line.contains("\n"), "one line: " + line);

        // a rerun skips the complete sample; linear mode restores the probability map as float32
        assertEquals(1, new ConvertRunner(restorer, ConvertRunner.Options.defaults()).run(records).skipped());
        Restorer linear = new Restorer(new SampleLoader(RecipeBook.builtIn()), null, pred, work.resolve("linear"), Restorer.Mode.LINEAR);
        ConvertRunner.Result lr = new ConvertRunner(linear, ConvertRunner.Options.defaults()).run(List.of(records.get(4)));
        assertTrue(lr.failures().isEmpty(), () -> lr.failures().get(0).record().get("error").asText());
        Volume restored = org.satds.core.io.NiftiReader.read(Path.of(lr.converted().get(0).get("restored").get("class 4").asText()),
                org.satds.core.io.ReadOptions.IMAGE);
        float max = 0;
        for (float v : restored.floats(0)) max = Math.max(max, v);
        assertEquals(0.75f, max, 1e-6f, "probabilities keep their values");
    }

    /** A prediction stored as (1, H, W, D) .npy restores like the NIfTI. */
    @Test
    void npyPredictionsAreRead(@TempDir Path work) throws Exception {
        Path pred = work.resolve("pred"), dir = Files.createDirectories(pred.resolve("AbdomenCT1K/seg_image"));
        ObjectNode record = Jsonl.read(CASE.resolve("infer.jsonl")).get(0);
        record.put("image", CASE.resolve("image.nii.gz").toString());
        for (String l : List.of("class 1", "class 2", "class 3", "class 4")) {
            Volume v = org.satds.core.io.NiftiReader.read(CASE.resolve("pred/AbdomenCT1K/seg_image").resolve(l + ".nii.gz"),
                    org.satds.core.io.ReadOptions.IMAGE);
            int[] s = v.shape();
            float[] c = new float[v.voxels()];
            for (int x = 0, i = 0; x < s[0]; x++) for (int y = 0; y < s[1]; y++) for (int z = 0; z < s[2]; z++) c[i++] = v.value(0, x, y, z);
            Npy.writeFloat32(dir.resolve(l + ".npy"), new int[] {1, s[0], s[1], s[2]}, c);
        }
        ConvertRunner.Result fromNpy = new ConvertRunner(new Restorer(new SampleLoader(RecipeBook.builtIn()), null, pred, work.resolve("a"),
                Restorer.Mode.NEAREST), ConvertRunner.Options.defaults()).run(List.of(record));
        ConvertRunner.Result fromNifti = new ConvertRunner(new Restorer(new SampleLoader(RecipeBook.builtIn()), null, CASE.resolve("pred"),
                work.resolve("b"), Restorer.Mode.NEAREST), ConvertRunner.Options.defaults()).run(List.of(record));
        assertTrue(fromNpy.failures().isEmpty(), () -> fromNpy.failures().get(0).record().get("error").asText());
        for (String l : List.of("class 1", "class 2", "class 3", "class 4"))
            assertEquals(-1L, Files.mismatch(Path.of(fromNpy.converted().get(0).get("restored").get(l).asText()),
                    Path.of(fromNifti.converted().get(0).get("restored").get(l).asText())), l);
    }

    private static int[] restoredShape(Path work) throws Exception {
        return org.satds.core.io.NiftiReader.read(CASE.resolve("pred/AbdomenCT1K/seg_image/class 2.nii.gz"), org.satds.core.io.ReadOptions.IMAGE).shape();
    }

    private static String dims(int[] s) {
        return s[0] + "×" + s[1] + "×" + s[2];
    }
}
