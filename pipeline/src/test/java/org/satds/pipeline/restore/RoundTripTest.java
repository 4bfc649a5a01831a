package org.satds.pipeline.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.TestData;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.run.ConvertRunner;

/** A native mask normalized by convert, then restored, comes back: exactly where nothing is resampled, ≥ 99 % Dice elsewhere. */
class RoundTripTest {
    private static final RecipeBook RECIPES = RecipeBook.builtIn();

    /** A CT already on the 1x1x3 mm RAS grid: the restored masks equal the native ones inside the foreground box. */
    @Test
    void exactWhereTheNativeGridIsAlready1x1x3Ras(@TempDir Path work) throws Exception {
        int[] shape = {48, 40, 14};
        float[] image = new float[shape[0] * shape[1] * shape[2]];
        float[] mask = new float[image.length];
        for (int z = 0; z < shape[2]; z++)
            for (int y = 0; y < shape[1]; y++)
                for (int x = 0; x < shape[0]; x++) {
                    int i = x + shape[0] * (y + shape[1] * z);
                    boolean body = x >= 4 && x < 44 && y >= 3 && y < 37 && z >= 1 && z < 13;
                    image[i] = body ? 40 + (x * 7 + y * 3 + z) % 50 : -1000;
                    if (body) mask[i] = x < 20 ? 1 : y < 15 ? 2 : z > 8 ? 3 : (x + y) % 9 == 0 ? 4 : 0;
                }
        Affine ras = Affine.of(new double[][] {{1, 0, 0, -20}, {0, 1, 0, 7}, {0, 0, 3, 30}, {0, 0, 0, 1}});
        NiftiWriter.write(work.resolve("image.nii.gz"), Volume.ofFloats(shape, ras, image), DataType.INT16);
        NiftiWriter.write(work.resolve("mask.nii.gz"), Volume.ofFloats(shape, ras, mask), DataType.UINT8);
        ObjectNode record = (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"image.nii.gz\", \"mask\": \"mask.nii.gz\", "
                + "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\"}");
        // CT foreground is > 0 after resampling: air at -1000 is outside, so the box is the body
        int[] lo = {4, 3, 1}, hi = {44, 37, 13};
        List<Volume> restored = roundTrip(work, record, work.resolve("out"));
        Volume nativeMask = NiftiReader.read(work.resolve("mask.nii.gz"), ReadOptions.MASK);
        for (int l = 0; l < 4; l++) {
            Volume r = restored.get(l);
            assertArrayEquals(shape, r.shape());
            long set = 0;
            for (int z = 0; z < shape[2]; z++)
                for (int y = 0; y < shape[1]; y++)
                    for (int x = 0; x < shape[0]; x++) {
                        boolean inside = x >= lo[0] && x < hi[0] && y >= lo[1] && y < hi[1] && z >= lo[2] && z < hi[2];
                        float expected = inside && nativeMask.value(0, x, y, z) == l + 1 ? 1 : 0;
                        assertEquals(expected, r.value(0, x, y, z), "label " + (l + 1) + " at " + x + "," + y + "," + z);
                        set += (long) expected;
                    }
            assertTrue(set > 0, "label " + (l + 1) + " is empty, so the test would prove nothing");
        }
    }

    static List<Path> geometryCases() throws Exception {
        return TestData.goldenCases("restore").stream().filter(c -> Files.isDirectory(TestData.dir().resolve("golden/geometry").resolve(c.getFileName())))
                .toList();
    }

    /**
     * On the golden geometry cases (oblique, thin, anisotropic, sagittal ...): each restored mask, normalized again,
     * agrees with the normalized mask it came from (Dice ≥ 0.99): the restore is the inverse of the normalization
     * wherever the normalization kept the information. Dice against the native mask itself is printed: it is bounded
     * by what the 1x1x3 mm grid can hold of these small phantom structures (0.73-1.0 here), the same for MONAI.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("geometryCases")
    void diceOnGoldenGeometry(Path restoreCase, @TempDir Path work) throws Exception {
        Path caseDir = TestData.file("golden/geometry/" + restoreCase.getFileName());
        ObjectNode record = Jsonl.read(caseDir.resolve("case.jsonl")).get(0);
        ObjectNode infer = Jsonl.read(restoreCase.resolve("infer.jsonl")).get(0);
        record.set("orientation_code", infer.get("orientation_code"));
        List<Volume> restored = roundTrip(caseDir, record, work);
        ConvertedSample normalized = NpyLoader.load(converted, work);
        Recipe recipe = RECIPES.get(record.get("dataset").asText());
        // one binary label in the case's orientation, to normalize each restored mask again
        Path recipes = Files.createDirectories(work.resolve("recipes"));
        Files.writeString(recipes.resolve("RoundTrip.yaml"), "dataset: RoundTrip\nmodality: " + recipe.modality() + "\norientation: "
                + infer.get("orientation_code").asText() + "\nmask: values\nlabels:\n  - {name: restored, sources: [1]}\n");
        SampleLoader again = new SampleLoader(RecipeBook.withUserFolder(recipes));
        Volume mask = NiftiReader.read(caseDir.resolve("mask.nii.gz"), ReadOptions.MASK);
        float[] truthValues = mask.floats(0);
        List<String> low = new java.util.ArrayList<>();
        int compared = 0;
        for (int l = 0; l < restored.size(); l++) {
            String name = recipe.labels().get(l).name();
            byte[] before = normalized.masks()[l];
            ObjectNode r = (ObjectNode) Jsonl.MAPPER.readTree("{\"dataset\": \"RoundTrip\", \"modality\": \"" + recipe.modality() + "\"}");
            r.put("image", caseDir.resolve(record.get("image").asText()).toString()).put("mask", restoredFiles.get(l).toString());
            byte[] after = again.load(new SampleRecord(r), null).masks().get(0).full(normalized.hwd());
            double dice = dice(before, after);
            Set<Integer> values = recipe.labels().get(l).sources().stream().map(v -> ((Number) v).intValue()).collect(Collectors.toSet());
            byte[] truth = new byte[truthValues.length];
            for (int i = 0; i < truth.length; i++) truth[i] = (byte) (values.contains((int) truthValues[i]) ? 1 : 0);
            System.out.printf("%s %s: Dice %.4f normalized again vs normalized, %.4f restored vs native%n", caseDir.getFileName(), name, dice,
                    dice(truth, restored.get(l).bytes(0)));
            if (Double.isNaN(dice)) continue; // empty before and after (a class outside the foreground, say)
            compared++;
            if (dice < 0.99) low.add(name + ": Dice " + dice);
        }
        assertTrue(low.isEmpty(), String.join("; ", low));
        assertTrue(compared > 0, "no label to compare");
    }

    private static double dice(byte[] a, byte[] b) {
        long both = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) na++;
            if (b[i] != 0) nb++;
            if (a[i] != 0 && b[i] != 0) both++;
        }
        return na + nb == 0 ? Double.NaN : 2.0 * both / (na + nb);
    }

    private ObjectNode converted;
    private final List<Path> restoredFiles = new java.util.ArrayList<>();

    /**
     * Converts the record (with its mask), writes its normalized masks as SAT's inference would write predictions,
     * and restores them with the record as an image-only inference record; returns the restored masks in label order.
     */
    private List<Volume> roundTrip(Path data, ObjectNode record, Path work) throws Exception {
        NpyConverter converter = new NpyConverter(new SampleLoader(RECIPES), work.resolve("npy").toString(), data);
        converted = converter.convert(record, 0);
        ConvertedSample s = NpyLoader.load(converted, work);
        Path pred = work.resolve("pred");
        for (int l = 0; l < s.labels().size(); l++) {
            float[] v = new float[s.masks()[l].length];
            int[] h = s.hwd();
            for (int y = 0, i = 0; y < h[0]; y++)
                for (int x = 0; x < h[1]; x++)
                    for (int z = 0; z < h[2]; z++) v[y + h[0] * (x + h[1] * z)] = s.masks()[l][i++];
            NiftiWriter.write(pred.resolve(s.dataset()).resolve("seg_image").resolve(s.labels().get(l) + ".nii.gz"),
                    Volume.ofFloats(h, Affine.identity(), v), DataType.FLOAT32);
        }
        ObjectNode infer = Jsonl.MAPPER.createObjectNode();
        for (String f : List.of("image", "label", "modality", "dataset", "orientation_code")) if (converted.has(f)) infer.set(f, converted.get(f));
        Restorer restorer = new Restorer(new SampleLoader(RECIPES), data, pred, work.resolve("restored"), Restorer.Mode.NEAREST);
        ConvertRunner.Result r = new ConvertRunner(restorer, ConvertRunner.Options.defaults()).run(List.of(infer));
        assertTrue(r.failures().isEmpty(), () -> "restore failed: " + r.failures().get(0).record().get("error"));
        ObjectNode out = r.converted().get(0);
        assertEquals(SampleId.imageStem(new SampleRecord(infer).image()), out.get("sample_id").asText());
        List<Volume> masks = new java.util.ArrayList<>();
        for (String label : s.labels()) {
            restoredFiles.add(Path.of(out.get("restored").get(label).asText()));
            masks.add(NiftiReader.read(restoredFiles.get(restoredFiles.size() - 1), ReadOptions.MASK));
        }
        return masks;
    }
}
