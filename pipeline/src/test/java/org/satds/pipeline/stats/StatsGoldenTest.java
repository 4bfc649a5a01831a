package org.satds.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.satds.core.io.Npy;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.convert.GoldenComparison;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

/**
 * satds stats over every golden recipe case in one run, each sample against what the original and its libraries
 * say: native shape, zooms and axis codes as read from the header here (and, for the cases listed in
 * golden/stats/expected.json, as nibabel gives them); the normalized shape the original's chwd; each class's voxels,
 * box and 26-connected components those of the original's mask (components counted here by flood fill, and by scipy
 * where the fixture lists it). Labels the original names twice are left out (GoldenComparison.ALLOWANCES).
 */
class StatsGoldenTest {
    @TempDir
    static Path out;
    static JsonNode stats;
    static Map<String, JsonNode> byCase = new HashMap<>();
    static JsonNode expected;

    static Stream<Path> cases() throws Exception {
        return TestData.goldenCases("recipes").stream();
    }

    @BeforeAll
    static void runStats() throws Exception {
        List<ObjectNode> records = new ArrayList<>();
        List<Path> cases = TestData.goldenCases("recipes");
        for (Path c : cases) {
            ObjectNode r = Jsonl.read(c.resolve("case.jsonl")).get(0);
            r.put("image", c.resolve(r.get("image").asText()).toString()).put("mask", c.resolve(r.get("mask").asText()).toString());
            r.put("patient_id", c.getFileName().toString()); // names the case in the results
            records.add(r);
        }
        Stats.Result result = new Stats(new SampleLoader(RecipeBook.builtIn(), SampleLoader.Compat.ORIGINAL), null,
                ConvertRunner.Options.defaults().withThreads(2), 0).run(records, out);
        assertEquals(0, result.failed(), () -> "failures: " + read(result.statsJson()).get("failures"));
        stats = read(result.statsJson());
        for (JsonNode s : stats.get("samples")) byCase.put(s.get("patient_id").asText(), s);
        expected = Jsonl.MAPPER.readTree(TestData.file("golden/stats/expected.json").toFile());
    }

    private static JsonNode read(Path f) {
        try {
            return Jsonl.MAPPER.readTree(f.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nativeGeometryIsNibabels(Path caseDir) throws Exception {
        String name = caseDir.getFileName().toString();
        JsonNode s = byCase.get(name), nat = s.get("native");
        ObjectNode record = Jsonl.read(caseDir.resolve("case.jsonl")).get(0);
        Path image = caseDir.resolve(record.get("image").asText());
        if (!Files.exists(image)) image = image.getParent(); // file.nii.gz/CHANNEL
        NiftiFacts facts;
        if (image.toString().endsWith(".npy")) { // MONAI's NumpyReader: array axes, identity affine
            int[] shape = Npy.read(image).shape();
            facts = new NiftiFacts(new int[] {shape[0], shape[1], shape[2]}, new double[] {1, 1, 1}, "RAS");
        } else {
            facts = NiftiFacts.read(image);
        }
        assertArrayEquals(facts.shape(), ints(nat.get("shape")), "shape");
        assertArrayEquals(facts.zooms(), doubles(nat.get("spacing")), 0, "zooms");
        assertEquals(facts.axcodes(), nat.get("axcodes").asText(), "axcodes");
        JsonNode nib = expected.get(name);
        if (nib != null) {
            assertArrayEquals(ints(nib.at("/native/shape")), ints(nat.get("shape")), "nibabel's shape");
            assertArrayEquals(doubles(nib.at("/native/spacing")), doubles(nat.get("spacing")), 1e-12, "nibabel's zooms");
            assertEquals(nib.at("/native/axcodes").asText(), nat.get("axcodes").asText(), "nibabel's aff2axcodes");
        }
        JsonNode figures = s.get("intensity");
        assertTrue(figures.isObject(), "every case has labelled voxels");
        assertTrue(figures.get("min").asDouble() <= figures.get("p00_5").asDouble()
                && figures.get("p00_5").asDouble() <= figures.get("median").asDouble()
                && figures.get("median").asDouble() <= figures.get("p99_5").asDouble()
                && figures.get("p99_5").asDouble() <= figures.get("max").asDouble(), figures.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalizedClassesAreTheOriginals(Path caseDir) throws Exception {
        String name = caseDir.getFileName().toString();
        JsonNode s = byCase.get(name);
        ObjectNode ref = Jsonl.read(caseDir.resolve("reference.jsonl")).get(0);
        JsonNode chwd = ref.get("chwd");
        assertArrayEquals(new int[] {chwd.get(1).asInt(), chwd.get(2).asInt(), chwd.get(3).asInt()}, ints(s.at("/normalized/shape")), "chwd");
        List<String> refNames = GoldenComparison.strings(ref.get("label")), ours = GoldenComparison.expectedLabels(ref);
        JsonNode classes = s.at("/normalized/classes"), scipy = expected.has(name) ? expected.get(name).get("classes") : null;
        for (int i = 0; i < refNames.size(); i++) {
            String label = ours.get(i);
            if (GoldenComparison.allowance(caseDir).namedTwice().contains(label)) continue;
            JsonNode c = classes.get(label);
            assertNotNull(c, "class " + label + " in " + classes.properties().stream().map(Map.Entry::getKey).toList());
            JsonNode refBox = ref.get("renorm_y1x1z1_y2x2z2").get(i);
            long voxels = 0;
            int components = 0;
            if (refBox.isArray()) {
                Npy.Array mask = Npy.read(caseDir.resolve(ref.get("renorm_segmentation_dir").asText()).resolve(refNames.get(i) + ".npy"));
                for (byte b : mask.bools()) voxels += b;
                components = Labelling.components(mask.bools(), mask.shape());
                assertEquals(refBox, c.get("box"), label + " box");
            } else {
                assertEquals(false, c.get("box").asBoolean(true), label + " is empty in the original");
            }
            long got = c.get("voxels").asLong();
            assertEquals(voxels, got, label + ": voxels of the original's mask");
            assertEquals(got * 3 / 1000.0, c.get("volume_ml").asDouble(), 1e-9, label + " volume");
            assertEquals(components, c.get("components").asInt(), label + ": components of the original's mask");
            if (scipy != null && scipy.has(refNames.get(i))) {
                assertEquals(scipy.get(refNames.get(i)).get("components").asInt(), c.get("components").asInt(), label + ": scipy's labelling");
                assertEquals(scipy.get(refNames.get(i)).get("voxels").asLong(), voxels, label + ": the fixture's voxel count");
            }
        }
    }

    @Test
    void summarizesEveryDataset() {
        JsonNode datasets = stats.get("datasets");
        assertEquals(byCase.size(), stats.get("samples").size());
        for (JsonNode s : stats.get("samples")) {
            JsonNode d = datasets.get(s.get("dataset").asText());
            assertEquals(1, d.get("samples").asInt());
            assertEquals(s.at("/native/spacing"), d.at("/native/spacing/median"), "one sample: its spacing is the median");
            assertEquals(s.at("/intensity/mean").asDouble(), d.at("/intensity/mean").asDouble(), 1e-9 * Math.abs(s.at("/intensity/mean").asDouble()) + 1e-9);
            assertEquals(s.at("/intensity/max").asDouble(), d.at("/intensity/max").asDouble(), 0);
            s.at("/normalized/classes").properties().forEach(e -> assertEquals(e.getValue().get("voxels").asLong(),
                    d.at("/classes").get(e.getKey()).get("voxels").asLong(), e.getKey()));
            assertTrue(!s.has(Intensities.POOL_FIELD), "the pooling sample stays internal");
        }
    }

    static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
    }

    static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }
}
