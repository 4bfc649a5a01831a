package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyLoader;

/**
 * The native-space workflow as a researcher runs it, command after command: convert, predictions in SAT's layout,
 * restore, evaluate in native space. The scans are stored in another orientation than their recipe's, with voxel
 * sizes that make the 1 x 1 x 3 mm grid exact, so that a prediction equal to the normalized ground truth must come
 * back as the native labels voxel for voxel.
 */
class NativeWorkflowTest {
    private static final SampleLoader LOADER = new SampleLoader(RecipeBook.builtIn());
    /** NIfTI stores an affine's rows as float32 (srow_x/y/z): a double affine read back lies within this, in mm. */
    private static final double NIFTI_FLOAT32_AFFINE = 1e-4;

    /** SAT's test-set path: converted labelled records, predictions named seg_<sample_id>, restored onto each scan. */
    @ParameterizedTest(name = "{0} stored {1}")
    @CsvSource({"AbdomenCT1K, LPS", "MRSpineSeg, RAS", "MRSpineSeg, PIL", "ToothFairy, RAS", "BTCV_Cervix, RAS", "BTCV_Cervix, SAR"})
    void convertedTestRecordsRestoreOntoTheirScans(String dataset, String stored, @TempDir Path dir) throws Exception {
        String target = LOADER.recipes().get(dataset).axisCodes();
        Path raw = dir.resolve("raw.jsonl");
        Files.writeString(raw, scan(dir.resolve("case0"), dataset, target, stored, 0) + "\n" + scan(dir.resolve("case1"), dataset, target, stored, 1) + "\n");
        Path converted = dir.resolve("converted.jsonl");
        assertEquals(0, Main.run("convert", "--jsonl", raw.toString(), "--out", converted.toString(), "--npy-root", dir.resolve("npy").toString(), "--no-progress"));
        List<ObjectNode> records = Jsonl.read(converted);
        assertEquals(target, records.get(0).get("normalization").get("orientation").asText(), "convert records the orientation it applied");
        Path pred = dir.resolve("pred");
        for (ObjectNode r : records) writeSatPredictions(r, pred);
        // the normalized picture lies where convert put the grid, so it overlays the scan
        assertEquals(0, Main.run("visualize", "--jsonl", converted.toString(), "--index", "0", "--out", dir.resolve("v").toString()));
        Affine recorded = Affine.of(Jsonl.MAPPER.convertValue(records.get(0).get("normalization").get("affine"), double[][].class));
        assertTrue(NiftiReader.read(dir.resolve("v/img.nii.gz"), ReadOptions.IMAGE).affine().closeTo(recorded, NIFTI_FLOAT32_AFFINE),
                "img.nii.gz has the normalized grid's affine");

        Path out = dir.resolve("restored");
        assertEquals(0, Main.run("restore", "--jsonl", converted.toString(), "--pred", pred.toString(), "--out", out.toString(), "--no-progress"));
        List<ObjectNode> restored = Jsonl.read(out.resolve("restored.jsonl"));
        assertEquals(2, restored.size());
        for (int i = 0; i < 2; i++) {
            ObjectNode r = Jsonl.read(raw).get(i);
            SampleLoader.NativeMasks truth = LOADER.nativeMasks(new SampleRecord(r), dir, Volumes::read);
            ObjectNode files = (ObjectNode) restored.get(i).get("restored");
            int present = 0;
            for (int l = 0; l < truth.masks().size(); l++) {
                Volume v = NiftiReader.read(Path.of(files.get(truth.masks().get(l).name()).asText()), ReadOptions.MASK);
                assertArrayEquals(truth.shape(), v.shape());
                byte[] expected = truth.masks().get(l).full(truth.shape());
                assertArrayEquals(expected, cOrder(v), truth.masks().get(l).name() + " of case " + i);
                if (!truth.masks().get(l).isEmpty()) present++;
            }
            assertTrue(present >= 1, "the phantom has classes to compare");
        }

        // evaluate in native space against the raw records: every pair scored, exact
        Path scores = dir.resolve("scores");
        assertEquals(0, Main.run("evaluate", "--native", "--gt", raw.toString(), "--pred", out.toString(), "--out", scores.toString(), "--no-progress"));
        assertEquals(1, Files.readAllLines(scores.resolve("unscored.csv")).size(), "only the header: every pair was scored");
    }

    /** A restore of a converted record refuses a scan that is not the one convert normalized. */
    @Test
    void restoreRefusesAScanThatChangedSinceConvert(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        Files.writeString(raw, scan(dir.resolve("case0"), "MRSpineSeg", "ASR", "RAS", 0) + "\n");
        Path converted = dir.resolve("converted.jsonl");
        assertEquals(0, Main.run("convert", "--jsonl", raw.toString(), "--out", converted.toString(), "--npy-root", dir.resolve("npy").toString(), "--no-progress"));
        writeSatPredictions(Jsonl.read(converted).get(0), dir.resolve("pred"));
        // the same voxels, moved 5 mm
        Path image = dir.resolve("case0/image.nii.gz");
        Volume v = NiftiReader.read(image, ReadOptions.IMAGE);
        Affine a = v.affine();
        NiftiWriter.write(image, Volume.ofFloats(v.shape(), a.withTranslation(a.get(0, 3) + 5, a.get(1, 3), a.get(2, 3)), v.floats(0)), DataType.FLOAT32);
        String err = stderrOf(() -> assertEquals(1, Main.run("restore", "--jsonl", converted.toString(), "--pred", dir.resolve("pred").toString(),
                "--out", dir.resolve("restored").toString(), "--no-progress")));
        assertTrue(err.contains(image.toString()) && err.contains("not the scan this record was converted from"), err);
    }

    /** Image-only records, converted, predicted and restored, score against the labelled records of the same scans. */
    @Test
    void imageOnlyRecordsPairWithTheirTruthByScan(@TempDir Path dir) throws Exception {
        List<String> labelled = new ArrayList<>(), imageOnly = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String line = scan(dir.resolve("case" + i), "AbdomenCT1K", "RAS", "LPS", i).replace("image.nii.gz", "ct_00" + i + ".nii.gz");
            Files.move(dir.resolve("case" + i + "/image.nii.gz"), dir.resolve("case" + i + "/ct_00" + i + ".nii.gz"));
            labelled.add(line);
            ObjectNode r = Jsonl.MAPPER.readValue(line, ObjectNode.class);
            r.remove("mask");
            r.remove("patient_id");
            imageOnly.add(r.toString());
        }
        Path raw = Files.write(dir.resolve("raw.jsonl"), labelled), infer = Files.write(dir.resolve("infer.jsonl"), imageOnly);
        // predictions: the labelled records' normalized truth, written where SAT's inference names the image-only samples
        Path labelledConverted = dir.resolve("labelled.jsonl"), inferConverted = dir.resolve("infer_converted.jsonl");
        assertEquals(0, Main.run("convert", "--jsonl", raw.toString(), "--out", labelledConverted.toString(), "--npy-root", dir.resolve("npy").toString(), "--no-progress"));
        assertEquals(0, Main.run("convert", "--jsonl", infer.toString(), "--out", inferConverted.toString(), "--npy-root", dir.resolve("npy_infer").toString(), "--no-progress"));
        List<ObjectNode> truth = Jsonl.read(labelledConverted), inferred = Jsonl.read(inferConverted);
        for (int i = 0; i < 2; i++) {
            assertEquals("ct_00" + i, inferred.get(i).get("sample_id").asText(), "SAT's inference names a sample after its image");
            assertEquals(truth.get(i).get("chwd"), inferred.get(i).get("chwd"));
            ObjectNode asInferred = truth.get(i).deepCopy();
            asInferred.put("renorm_image", inferred.get(i).get("renorm_image").asText());
            writeSatPredictions(asInferred, dir.resolve("pred"));
        }
        Path out = dir.resolve("restored"), scores = dir.resolve("scores");
        assertEquals(0, Main.run("restore", "--jsonl", infer.toString(), "--pred", dir.resolve("pred").toString(), "--out", out.toString(), "--no-progress"));
        assertEquals(0, Main.run("evaluate", "--native", "--gt", raw.toString(), "--pred", out.toString(), "--out", scores.toString(), "--no-progress"));
        assertEquals(1, Files.readAllLines(scores.resolve("unscored.csv")).size(), "every pair scored");
        List<String> samples = Files.readAllLines(scores.resolve("samples.csv"));
        assertEquals(1 + 2 * 4, samples.size(), String.join("\n", samples));
        for (String s : samples.subList(1, samples.size()))
            if (!s.contains(",nan")) assertTrue(s.matches(".*,1(\\.0)?,1(\\.0)?$"), "an exact prediction scores 1: " + s);
    }

    /** Two image-only records whose images share a file name are refused before anything is written. */
    @Test
    void samplesThatWouldOverwriteEachOtherAreRefused(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String c : List.of("a", "b")) {
            ObjectNode r = Jsonl.MAPPER.readValue(scan(dir.resolve(c), "AbdomenCT1K", "RAS", "RAS", c.charAt(0)), ObjectNode.class);
            r.remove("mask");
            lines.add(r.toString());
        }
        Path infer = Files.write(dir.resolve("infer.jsonl"), lines), npy = dir.resolve("npy");
        String err = stderrOf(() -> assertEquals(2, Main.run("convert", "--jsonl", infer.toString(), "--out", dir.resolve("c.jsonl").toString(),
                "--npy-root", npy.toString(), "--no-progress")));
        assertTrue(err.contains("records 1 (" + dir.resolve("a/image.nii.gz") + "), 2 (" + dir.resolve("b/image.nii.gz") + ") are all sample 'image' of AbdomenCT1K")
                && err.contains("distinct \"sample_id\""), err);
        assertFalse(Files.exists(npy.resolve("AbdomenCT1K")), "nothing written");
        // with ids, both convert
        Files.write(infer, List.of(lines.get(0).replace("{", "{\"sample_id\": \"a\", "), lines.get(1).replace("{", "{\"sample_id\": \"b\", ")));
        assertEquals(0, Main.run("convert", "--jsonl", infer.toString(), "--out", dir.resolve("c.jsonl").toString(), "--npy-root", npy.toString(), "--no-progress"));
        assertEquals(2, Files.list(npy.resolve("AbdomenCT1K/renorm_image")).count());
    }

    /**
     * A scan stored with axes {@code stored} whose grid, turned to {@code target}, is exactly 1 x 1 x 3 mm: a positive
     * image and a label map holding values 1, 2 and 3 in three boxes at different places; returns its record.
     */
    static String scan(Path dir, String dataset, String target, String stored, int seed) throws Exception {
        Files.createDirectories(dir);
        int[] targetShape = {18, 14, 7};
        int[] shape = new int[3];
        double[][] a = new double[4][4];
        for (int i = 0; i < 3; i++) {
            int axis = "RLAPSI".indexOf(stored.charAt(i)) / 2, j = 0;
            while ("RLAPSI".indexOf(target.charAt(j)) / 2 != axis) j++;
            shape[i] = targetShape[j];
            a[axis][i] = ("RAS".indexOf(stored.charAt(i)) >= 0 ? 1 : -1) * SampleLoader.PIXDIM[j];
        }
        a[0][3] = 12.5;
        a[1][3] = -40;
        a[2][3] = 7 + seed;
        a[3][3] = 1;
        Affine affine = Affine.of(a);
        int n = shape[0] * shape[1] * shape[2];
        float[] image = new float[n], mask = new float[n];
        for (int v = 0; v < n; v++) image[v] = 100 + (v * 7 + seed) % 13;
        int[][] boxes = {{1, 1, 1, 5, 4, 3}, {shape[0] - 5, 2, 2, shape[0] - 1, 6, 5}, {3, shape[1] - 4, shape[2] - 3, 9, shape[1] - 1, shape[2] - 1}};
        for (int l = 0; l < boxes.length; l++) {
            int[] b = boxes[l];
            for (int z = b[2]; z < b[5]; z++)
                for (int y = b[1]; y < b[4]; y++)
                    for (int x = b[0] + seed % 2; x < b[3]; x++) mask[x + shape[0] * (y + shape[1] * z)] = l + 1;
        }
        NiftiWriter.write(dir.resolve("image.nii.gz"), Volume.ofFloats(shape, affine, image), DataType.FLOAT32);
        NiftiWriter.write(dir.resolve("mask.nii.gz"), Volume.ofFloats(shape, affine, mask), DataType.UINT8);
        String name = dir.getFileName().toString();
        ObjectNode r = Jsonl.MAPPER.createObjectNode();
        r.put("image", dir.resolve("image.nii.gz").toString()).put("mask", dir.resolve("mask.nii.gz").toString());
        r.set("label", Jsonl.MAPPER.valueToTree(SampleLoader.outputNames(LOADER.recipes().get(dataset))));
        r.put("modality", LOADER.recipes().get(dataset).isCt() ? "CT" : "MRI").put("dataset", dataset).put("patient_id", name);
        return r.toString();
    }

    /** What SAT's inference writes for a converted record: each label's full mask, float32, identity affine. */
    static void writeSatPredictions(ObjectNode converted, Path pred) throws Exception {
        ConvertedSample s = NpyLoader.load(converted, Path.of(""));
        String image = converted.get("renorm_image").asText();
        String id = image.substring(image.lastIndexOf('/') + 1, image.length() - 4);
        int h = s.hwd()[0], w = s.hwd()[1], d = s.hwd()[2];
        for (int l = 0; l < s.labels().size(); l++) {
            float[] xFastest = new float[h * w * d];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int z = 0; z < d; z++) xFastest[y + h * (x + w * z)] = s.masks()[l][(y * w + x) * d + z];
            NiftiWriter.write(pred.resolve(s.dataset()).resolve("seg_" + id).resolve(s.labels().get(l) + ".nii.gz"),
                    Volume.ofFloats(s.hwd(), Affine.identity(), xFastest), DataType.FLOAT32);
        }
    }

    /** A volume's voxels (x fastest) in C order over (x, y, z), as nibabel's array of the file. */
    static byte[] cOrder(Volume v) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        byte[] in = v.bytes(0), out = new byte[in.length];
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++) out[(x * ny + y) * nz + z] = in[x + nx * (y + ny * z)];
        return out;
    }

    interface Run {
        void run() throws Exception;
    }

    static String stderrOf(Run run) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
