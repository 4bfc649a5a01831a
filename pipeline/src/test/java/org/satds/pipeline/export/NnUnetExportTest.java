package org.satds.pipeline.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.Npy;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitSpec;

/**
 * Exports of the golden recipe cases, checked with the Java reproduction of nnU-Net's verify_dataset_integrity, and
 * each class of the exported label map compared with the class built directly from the raw mask.
 */
class NnUnetExportTest {
    static final SampleLoader LOADER = new SampleLoader(RecipeBook.builtIn());

    @TempDir
    Path tmp;

    /** A golden recipe case's records with their paths made absolute (they are relative to the case folder). */
    static List<ObjectNode> golden(String name) throws Exception {
        Path dir = TestData.file("golden/recipes/" + name);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : Jsonl.read(dir.resolve("case.jsonl"))) {
            r.put("image", dir.resolve(r.get("image").asText()).toString());
            r.put("mask", dir.resolve(r.get("mask").asText()).toString());
            out.add(r);
        }
        return out;
    }

    static NnUnetExport.Result export(List<ObjectNode> records, Path out, String split) throws Exception {
        return new NnUnetExport(LOADER, null, ConvertRunner.Options.defaults().withThreads(1)).export(records, out, 1,
                NnUnetExport.defaultName(records), split);
    }

    static JsonNode datasetJson(NnUnetExport.Result r) throws Exception {
        return Jsonl.MAPPER.readTree(Files.readAllBytes(r.folder().resolve("dataset.json")));
    }

    static void assertAccepted(NnUnetExport.Result r) throws Exception {
        assertEquals(List.of(), r.refusals());
        NnUnetCheck.Report report = NnUnetCheck.verify(r.folder());
        assertEquals(List.of(), report.errors());
        assertEquals(List.of(), report.warnings());
    }

    /** -Dnnunet.keep=DIR keeps the exports there, to run nnU-Net's own verify_dataset_integrity on them. */
    @TestFactory
    Stream<DynamicTest> everyGoldenCaseExportsAsNnUnetAcceptsIt() throws Exception {
        Path keep = System.getProperty("nnunet.keep") == null ? null : Path.of(System.getProperty("nnunet.keep"));
        return TestData.goldenCases("recipes").stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String name = dir.getFileName().toString();
            List<ObjectNode> records = golden(name);
            NnUnetExport.Result r = export(records, keep != null ? keep.resolve(name) : tmp.resolve(name), "none");
            assertAccepted(r);
            assertEquals(records.size(), r.training());
            Set<String> names = new TreeSet<>();
            datasetJson(r).get("labels").fieldNames().forEachRemaining(names::add);
            Set<String> expected = new TreeSet<>(List.of("background"));
            expected.addAll(SampleLoader.outputNames(LOADER.recipes().get(records.get(0).get("dataset").asText())));
            assertEquals(expected, names);
            for (ObjectNode rec : records) assertClassesMatchRawMask(r, rec, caseName(rec, records));
        }));
    }

    private static String caseName(ObjectNode rec, List<ObjectNode> records) {
        return rec.get("dataset").asText() + "_" + records.indexOf(rec);
    }

    /**
     * Each class of the export (the voxels whose value dataset.json lists for it) equals the union of its sources
     * read straight from the raw mask, for recipes whose classes are plain unions (no rescale across classes).
     */
    static void assertClassesMatchRawMask(NnUnetExport.Result r, ObjectNode rec, String caseName) throws Exception {
        Recipe recipe = LOADER.recipes().get(rec.get("dataset").asText());
        if (recipe.rescale() || recipe.labels().stream().anyMatch(l -> l.sources().contains("raw"))) return;
        Path maskFile = Path.of(rec.get("mask").asText());
        Volume raw = maskFile.toString().endsWith(".npy") ? npyMask(maskFile, recipe)
                : NiftiReader.read(maskFile, recipe.channelMask() ? ReadOptions.CHANNEL_FIRST_MASK : ReadOptions.MASK);
        Volume label = NiftiReader.read(r.folder().resolve("labelsTr").resolve(caseName + ".nii.gz"), ReadOptions.IMAGE);
        JsonNode labels = datasetJson(r).get("labels");
        float[][] channels = new float[raw.channels()][];
        for (int c = 0; c < channels.length; c++) channels[c] = raw.floats(c);
        float[] lab = label.floats(0);
        for (Recipe.Label l : recipe.labels()) {
            Set<Integer> values = new HashSet<>();
            JsonNode v = labels.get(l.name());
            if (v.isArray()) v.forEach(x -> values.add(x.asInt()));
            else values.add(v.asInt());
            long mismatches = 0, voxels = 0;
            for (int i = 0; i < lab.length; i++) {
                boolean expected = false;
                for (Object s : l.sources()) {
                    int src = ((Number) s).intValue();
                    expected |= recipe.channelMask() ? channels[src][i] != 0 : channels[0][i] == src;
                }
                if (expected) voxels++;
                if (expected != values.contains((int) lab[i])) mismatches++;
            }
            assertEquals(0, mismatches, l.name() + " of " + caseName + " (" + voxels + " voxels in the raw mask)");
        }
    }

    private static Volume npyMask(Path file, Recipe recipe) throws Exception {
        return org.satds.core.io.Volumes.read(file, ReadOptions.MASK);
    }

    @Test
    void mergedClassIsARegionOfItsParts() throws Exception {
        NnUnetExport.Result r = export(golden("CHAOS_MRI"), tmp, "none");
        assertAccepted(r);
        JsonNode json = datasetJson(r);
        JsonNode labels = json.get("labels");
        List<Integer> left = values(labels.get("left kidney")), right = values(labels.get("right kidney"));
        assertEquals(1, left.size());
        assertEquals(1, right.size());
        assertEquals(new TreeSet<>(List.of(left.get(0), right.get(0))), new TreeSet<>(values(labels.get("kidney"))));
        // the enclosing region paints first, so its parts overwrite it
        assertEquals("kidney", labels.fieldNames().next().equals("background") ? nthKey(labels, 1) : null);
        assertEquals(labels.size() - 1, json.get("regions_class_order").size());
        Volume label = NiftiReader.read(r.folder().resolve("labelsTr/CHAOS_MRI_0.nii.gz"), ReadOptions.IMAGE);
        Volume raw = NiftiReader.read(Path.of(golden("CHAOS_MRI").get(0).get("mask").asText()), ReadOptions.CHANNEL_FIRST_MASK);
        long kidney = 0, rawKidney = 0;
        Set<Integer> kidneyValues = new HashSet<>(values(labels.get("kidney")));
        float[] lab = label.floats(0), rightRaw = raw.floats(1), leftRaw = raw.floats(2);
        for (int i = 0; i < lab.length; i++) {
            if (kidneyValues.contains((int) lab[i])) kidney++;
            if (rightRaw[i] != 0 || leftRaw[i] != 0) rawKidney++;
        }
        assertTrue(rawKidney > 0);
        assertEquals(rawKidney, kidney);
    }

    @Test
    void nestedTumourRegions() throws Exception {
        NnUnetExport.Result r = export(golden("BraTS2023_GLI"), tmp, "none");
        assertAccepted(r);
        JsonNode json = datasetJson(r);
        JsonNode labels = json.get("labels");
        assertEquals("brain tumor", nthKey(labels, 1));
        assertEquals(List.of(1, 2, 3), values(labels.get("brain tumor")));
        assertEquals(List.of(1), values(labels.get("necrotic brain tumor core")));
        assertEquals(List.of(2), values(labels.get("brain edema")));
        assertEquals(List.of(3), values(labels.get("enhancing brain tumor")));
        assertEquals(List.of(1, 1, 2, 3), values(json.get("regions_class_order")));
        // BraTS 2023 values 1, 2, 3 are the atoms themselves: the label map is the raw map
        Volume label = NiftiReader.read(r.folder().resolve("labelsTr/BraTS2023_GLI_0.nii.gz"), ReadOptions.IMAGE);
        Volume raw = NiftiReader.read(Path.of(golden("BraTS2023_GLI").get(0).get("mask").asText()), ReadOptions.MASK);
        assertArrayEquals(raw.floats(0), label.floats(0));
    }

    @Test
    void disjointClassesArePlainLabels() throws Exception {
        NnUnetExport.Result r = export(golden("AbdomenCT1K"), tmp, "none");
        assertAccepted(r);
        JsonNode json = datasetJson(r);
        assertFalse(json.has("regions_class_order"));
        List<String> names = SampleLoader.outputNames(LOADER.recipes().get("AbdomenCT1K"));
        for (int i = 0; i < names.size(); i++) assertEquals(i + 1, json.get("labels").get(names.get(i)).asInt());
        assertEquals("CT", json.get("channel_names").get("0").asText());
    }

    /**
     * Channel-first masks whose channels overlap: BrainPTM's brain channel made to cover a tract in two copies of
     * the golden mask, a different tract in each, so each case shows a set of classes the recipe does not imply
     * and the second case's label map is renumbered once both are known.
     */
    @Test
    void overlappingChannelsBecomeAtomsOfTheirOwn() throws Exception {
        ObjectNode base = golden("BrainPTM").get(0);
        Volume mask = NiftiReader.read(Path.of(base.get("mask").asText()), ReadOptions.CHANNEL_FIRST_MASK);
        List<ObjectNode> records = new ArrayList<>();
        for (int tract : new int[] {2, 0}) { // the later set (tract 2) comes first, so its case is renumbered
            byte[][] channels = new byte[mask.channels()][];
            for (int c = 0; c < channels.length; c++) channels[c] = mask.bytes(c).clone();
            int overlap = 0;
            for (int i = 0; i < channels[4].length; i++) if (channels[tract][i] != 0) { channels[4][i] = 1; overlap++; }
            assertTrue(overlap > 0);
            Path file = tmp.resolve("mask_overlap_" + tract + ".nii.gz");
            NiftiWriter.write(file, Volume.ofBytes(mask.shape(), mask.affine(), channels), DataType.UINT8, true);
            ObjectNode rec = base.deepCopy();
            rec.put("mask", file.toString());
            rec.put("patient_id", "overlap_" + tract);
            records.add(rec);
        }
        NnUnetExport.Result r = export(records, tmp.resolve("out"), "none");
        assertAccepted(r);
        JsonNode json = datasetJson(r);
        assertTrue(json.has("regions_class_order"));
        assertTrue(values(json.get("labels").get("Brain")).size() >= 3, "Brain has its own atom and one per overlap: " + json);
        for (ObjectNode rec : records) assertClassesMatchRawMask(r, rec, caseName(rec, records));
        // a rerun skips both cases (their sidecars are current) and writes the same label maps
        byte[] before = Files.readAllBytes(r.folder().resolve("labelsTr/BrainPTM_0.nii.gz"));
        long stamp = Files.getLastModifiedTime(r.folder().resolve("labelsTr/BrainPTM_0.nii.gz")).toMillis();
        NnUnetExport.Result again = export(records, tmp.resolve("out"), "none");
        assertAccepted(again);
        assertArrayEquals(before, Files.readAllBytes(r.folder().resolve("labelsTr/BrainPTM_0.nii.gz")));
        assertEquals(stamp, Files.getLastModifiedTime(r.folder().resolve("labelsTr/BrainPTM_0.nii.gz")).toMillis());
    }

    @Test
    void npyVolumeIsWrittenAsNifti() throws Exception {
        NnUnetExport.Result r = export(golden("ToothFairy"), tmp, "none");
        assertAccepted(r);
        Path image = r.folder().resolve("imagesTr/ToothFairy_0_0000.nii.gz");
        Npy.Array npy = Npy.read(Path.of(golden("ToothFairy").get(0).get("image").asText()));
        Volume written = NiftiReader.read(image, ReadOptions.IMAGE);
        assertArrayEquals(npy.shape(), written.shape());
        Volume loaded = org.satds.core.io.Volumes.read(Path.of(golden("ToothFairy").get(0).get("image").asText()), ReadOptions.IMAGE);
        assertArrayEquals(loaded.floats(0), written.floats(0));
        assertTrue(written.affine().closeTo(loaded.affine(), 1e-6), "the geometry the loader gives a .npy (identity)");
    }

    @Test
    void channelOfA4dImageIsItsOwnImage() throws Exception {
        List<ObjectNode> records = golden("MSD_Prostate");
        NnUnetExport.Result r = export(records, tmp, "none");
        assertAccepted(r);
        Path source = Path.of(records.get(0).get("image").asText().replaceAll("/T2$", ""));
        Volume four = NiftiReader.read(source, ReadOptions.IMAGE);
        assertTrue(four.channels() > 1);
        Path image = r.folder().resolve("imagesTr/MSD_Prostate_0_0000.nii.gz");
        NiftiHeader h = NiftiReader.readHeader(image);
        assertEquals(3, h.dim[0]);
        Volume written = NiftiReader.read(image, ReadOptions.IMAGE);
        assertArrayEquals(four.floats(0), written.floats(0)); // T2 is channel 0
        assertTrue(written.affine().closeTo(four.affine(), 1e-4));
    }

    @Test
    void singleChannelNiftiIsLinkedNotReencoded() throws Exception {
        NnUnetExport.Result r = export(golden("AbdomenCT1K"), tmp, "none");
        assertArrayEquals(Files.readAllBytes(Path.of(golden("AbdomenCT1K").get(0).get("image").asText())),
                Files.readAllBytes(r.folder().resolve("imagesTr/AbdomenCT1K_0_0000.nii.gz")));
    }

    /** The paper's split: one patient of its train list, one of its test list, one in neither (left out). */
    @Test
    void papersSplitGoesToImagesTrAndImagesTs() throws Exception {
        SplitSpec paper = SplitSpec.paper("CHAOS_MRI");
        ObjectNode base = golden("CHAOS_MRI").get(0);
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode patient : List.of(paper.train().get(0), paper.test().get(0), Jsonl.MAPPER.valueToTree("not in the split"))) {
            ObjectNode rec = base.deepCopy();
            rec.set("patient_id", patient);
            records.add(rec);
        }
        NnUnetExport.Result r = export(records, tmp, "paper");
        assertAccepted(r);
        assertEquals(1, r.training());
        assertEquals(1, r.test());
        assertEquals(List.of(records.get(2)), r.leftOut());
        assertTrue(Files.exists(r.folder().resolve("imagesTr/CHAOS_MRI_0_0000.nii.gz")));
        assertTrue(Files.exists(r.folder().resolve("labelsTr/CHAOS_MRI_0.nii.gz")));
        assertTrue(Files.exists(r.folder().resolve("imagesTs/CHAOS_MRI_1_0000.nii.gz")));
        assertTrue(Files.exists(r.folder().resolve("labelsTs/CHAOS_MRI_1.nii.gz")));
        assertEquals(1, datasetJson(r).get("numTraining").asInt());
    }

    @Test
    void badRecordIsOneRefusalAndTheOthersGoOn() throws Exception {
        List<ObjectNode> records = new ArrayList<>(golden("AbdomenCT1K"));
        ObjectNode broken = records.get(0).deepCopy();
        broken.put("mask", tmp.resolve("missing.nii.gz").toString());
        broken.put("patient_id", "broken");
        records.add(broken);
        NnUnetExport.Result r = export(records, tmp.resolve("out"), "none");
        assertEquals(1, r.refusals().size());
        assertTrue(r.refusals().get(0).startsWith("AbdomenCT1K_1: ") && r.refusals().get(0).contains("missing.nii.gz"), r.refusals().get(0));
        assertEquals(1, r.training());
        assertTrue(NnUnetCheck.verify(r.folder()).ok());
    }

    @Test
    void checkFindsWhatNnUnetRefuses() throws Exception {
        NnUnetExport.Result r = export(golden("BraTS2023_GLI"), tmp, "none");
        Path json = r.folder().resolve("dataset.json");
        String good = Files.readString(json);

        ObjectNode edited = (ObjectNode) Jsonl.MAPPER.readTree(good);
        edited.put("numTraining", 2);
        Files.writeString(json, edited.toString());
        assertTrue(NnUnetCheck.verify(r.folder()).errors().get(0).contains("expected number of training cases"));

        edited = (ObjectNode) Jsonl.MAPPER.readTree(good);
        edited.remove("regions_class_order");
        Files.writeString(json, edited.toString());
        assertTrue(NnUnetCheck.verify(r.folder()).errors().get(0).contains("regions_class_order"));

        // brain tumor keeps 1, 2, 3: declaring 5 leaves 4 out
        edited = (ObjectNode) Jsonl.MAPPER.readTree(good);
        ((ObjectNode) edited.get("labels")).putArray("enhancing brain tumor").add(5);
        Files.writeString(json, edited.toString());
        assertTrue(NnUnetCheck.verify(r.folder()).errors().stream().anyMatch(e -> e.contains("consecutive")));

        // value 3 in the label map but no longer declared
        edited = (ObjectNode) Jsonl.MAPPER.readTree(good);
        ObjectNode labels = (ObjectNode) edited.get("labels");
        labels.remove("enhancing brain tumor");
        labels.putArray("brain tumor").add(1).add(2);
        edited.putArray("regions_class_order").add(1).add(1).add(2);
        Files.writeString(json, edited.toString());
        List<String> unexpected = NnUnetCheck.verify(r.folder()).errors();
        assertTrue(unexpected.stream().anyMatch(e -> e.contains("Unexpected labels")), unexpected.toString());
        Files.writeString(json, good);

        // a label with other voxel sizes, and one with NaN
        Path label = r.folder().resolve("labelsTr/BraTS2023_GLI_0.nii.gz");
        Volume seg = NiftiReader.read(label, ReadOptions.IMAGE);
        NiftiWriter.write(label, seg.withAffine(seg.affine().multiply(org.satds.core.geom.Affine.diagonal(1.01, 1, 1))), DataType.UINT8);
        List<String> errors = NnUnetCheck.verify(r.folder()).errors();
        assertTrue(errors.stream().anyMatch(e -> e.contains("Spacing mismatch")), errors.toString());
        assertFalse(NnUnetCheck.verify(r.folder()).warnings().isEmpty());
        float[] nan = seg.floats(0).clone();
        nan[0] = Float.NaN;
        NiftiWriter.write(label, Volume.ofFloats(seg.shape(), seg.affine(), nan), DataType.FLOAT32);
        assertTrue(NnUnetCheck.verify(r.folder()).errors().stream().anyMatch(e -> e.contains("NaN")));
    }

    /** The export's own label maps given back as nnU-Net "predictions" come out as the raw mask's classes. */
    @Test
    void predictionsSplitIntoOneNativeMaskPerClass() throws Exception {
        List<ObjectNode> records = golden("CHAOS_MRI");
        NnUnetExport.Result r = export(records, tmp.resolve("out"), "none");
        Path pred = Files.createDirectories(tmp.resolve("pred"));
        Files.copy(r.folder().resolve("labelsTr/CHAOS_MRI_0.nii.gz"), pred.resolve("CHAOS_MRI_0.nii.gz"));
        NnUnetMasks.Result m = NnUnetMasks.write(r.folder(), r.folder().resolve("satds_imagesTr.jsonl"), pred, tmp.resolve("masks"));
        assertEquals(List.of(), m.missing());
        List<String> names = SampleLoader.outputNames(LOADER.recipes().get("CHAOS_MRI"));
        assertEquals(names.size(), m.masks());
        Volume raw = NiftiReader.read(Path.of(records.get(0).get("mask").asText()), ReadOptions.CHANNEL_FIRST_MASK);
        Volume kidney = NiftiReader.read(tmp.resolve("masks/CHAOS_MRI/0/kidney.nii.gz"), ReadOptions.IMAGE);
        Volume liver = NiftiReader.read(tmp.resolve("masks/CHAOS_MRI/0/liver.nii.gz"), ReadOptions.IMAGE);
        float[] k = kidney.floats(0), l = liver.floats(0), right = raw.floats(1), left = raw.floats(2), rawLiver = raw.floats(0);
        for (int i = 0; i < k.length; i++) {
            assertEquals(right[i] != 0 || left[i] != 0 ? 1f : 0f, k[i], "kidney voxel " + i);
            assertEquals(rawLiver[i] != 0 ? 1f : 0f, l[i], "liver voxel " + i);
        }
        assertTrue(kidney.affine().closeTo(NiftiReader.read(Path.of(records.get(0).get("image").asText()), ReadOptions.IMAGE).affine(), 1e-4));
        Files.delete(pred.resolve("CHAOS_MRI_0.nii.gz"));
        assertEquals(1, NnUnetMasks.write(r.folder(), r.folder().resolve("satds_imagesTr.jsonl"), pred, tmp.resolve("masks2")).missing().size());
    }

    /** A rerun skips a complete case, and writes it again once one of its input files changed. */
    @Test
    void rerunSkipsCurrentCasesAndRedoesChangedOnes() throws Exception {
        ObjectNode rec = golden("AbdomenCT1K").get(0);
        Path mask = Files.copy(Path.of(rec.get("mask").asText()), tmp.resolve("mask.nii.gz"));
        rec.put("mask", mask.toString());
        NnUnetExport.Result r = export(List.of(rec), tmp.resolve("out"), "none");
        Path label = r.folder().resolve("labelsTr/AbdomenCT1K_0.nii.gz");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(label, old);
        export(List.of(rec), tmp.resolve("out"), "none");
        assertEquals(old, Files.getLastModifiedTime(label), "current case skipped");
        Files.setLastModifiedTime(mask, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertAccepted(export(List.of(rec), tmp.resolve("out"), "none"));
        assertTrue(Files.getLastModifiedTime(label).compareTo(old) > 0, "case with a changed mask written again");
    }

    private static List<Integer> values(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        if (n.isArray()) n.forEach(x -> out.add(x.asInt()));
        else out.add(n.asInt());
        return out;
    }

    private static String nthKey(JsonNode object, int n) {
        var it = object.fieldNames();
        for (int i = 0; i < n; i++) it.next();
        return it.next();
    }
}
