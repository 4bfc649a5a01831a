package org.satds.pipeline.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.Npy;
import org.satds.core.io.ReadOptions;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.NpyCheck;
import org.satds.pipeline.run.ConvertRunner;

/** SAT's inference records (no mask) through convert: the image normalized as SAT's inference does, in SAT's npy layout. */
class ImageOnlyRecordsTest {
    @Test
    void convertWritesTheNormalizedImageAndTheRecord(@TempDir Path work) throws Exception {
        Path restoreCase = TestData.file("golden/restore/ct_lps_int16"), geometry = TestData.file("golden/geometry/ct_lps_int16");
        ObjectNode infer = Jsonl.read(restoreCase.resolve("infer.jsonl")).get(0);
        SampleLoader loader = new SampleLoader(RecipeBook.builtIn());
        ConvertRunner.Result r = new ConvertRunner(new NpyConverter(loader, work.resolve("npy").toString(), restoreCase),
                ConvertRunner.Options.defaults()).run(List.of(infer));
        assertTrue(r.failures().isEmpty(), () -> r.failures().get(0).record().get("error").asText());
        ObjectNode converted = r.converted().get(0);
        assertEquals("image", converted.get("sample_id").asText(), "SAT inference's id: the image name without .nii.gz");
        assertEquals(infer.get("label"), converted.get("label"), "the labels to find stay as they are");
        assertFalse(converted.has("renorm_segmentation_dir"));
        // the shape SAT's inference predicted on (its predictions are on this grid)
        int[] predicted = NiftiReader.read(restoreCase.resolve("pred/AbdomenCT1K/seg_image/class 1.nii.gz"), ReadOptions.IMAGE).shape();
        int[] chwd = Jsonl.MAPPER.convertValue(converted.get("chwd"), int[].class);
        assertArrayEquals(new int[] {1, predicted[0], predicted[1], predicted[2]}, chwd);
        // the training reference normalizes the same image the same way (AbdomenCT1K: RAS, CT window)
        Npy.Array ours = Npy.read(Path.of(converted.get("renorm_image").asText()));
        Npy.Array reference = Npy.read(geometry.resolve(Jsonl.read(geometry.resolve("reference.jsonl")).get(0).get("renorm_image").asText()));
        assertArrayEquals(reference.shape(), ours.shape());
        for (int i = 0; i < ours.floats().length; i++) assertEquals(reference.floats()[i], ours.floats()[i], 1e-3, "voxel " + i);
        assertTrue(NpyCheck.check(List.of(converted), work).isEmpty(), "check --npy accepts the converted record");
        assertEquals(1, new ConvertRunner(new NpyConverter(loader, work.resolve("npy").toString(), restoreCase),
                ConvertRunner.Options.defaults()).run(List.of(infer)).skipped(), "a rerun resumes");
    }

    /** --orientation overrides the record's orientation_code; modality "ct" in any case windows as CT, others use percentiles. */
    @Test
    void orientationOverrideAndModality(@TempDir Path work) throws Exception {
        Path restoreCase = TestData.file("golden/restore/ct_lps_int16");
        ObjectNode infer = Jsonl.read(restoreCase.resolve("infer.jsonl")).get(0);
        SampleLoader ras = new SampleLoader(RecipeBook.builtIn()), asr = new SampleLoader(RecipeBook.builtIn(), SampleLoader.Compat.DEFAULT, "ASR");
        assertEquals("ASR", asr.axisCodes(new org.satds.datasets.sample.SampleRecord(infer)));
        ObjectNode a = convert(ras, infer, restoreCase, work.resolve("a")), b = convert(asr, infer, restoreCase, work.resolve("b"));
        assertFalse(a.get("chwd").equals(b.get("chwd")), "ASR resamples another grid: " + a.get("chwd") + " " + b.get("chwd"));
        float[] ct = image(a);
        ObjectNode lower = infer.deepCopy().put("modality", "ct"), mri = infer.deepCopy().put("modality", "MRI");
        assertArrayEquals(ct, image(convert(ras, lower, restoreCase, work.resolve("c"))), "'ct' is CT");
        assertFalse(java.util.Arrays.equals(ct, image(convert(ras, mri, restoreCase, work.resolve("d")))), "MRI clips to percentiles");
    }

    private static ObjectNode convert(SampleLoader loader, ObjectNode infer, Path base, Path npy) throws Exception {
        return new NpyConverter(loader, npy.toString(), base).convert(infer, 0);
    }

    private static float[] image(ObjectNode converted) throws Exception {
        return Npy.read(Path.of(converted.get("renorm_image").asText())).floats();
    }
}
