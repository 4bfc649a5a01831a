package org.satds.pipeline.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.satds.pipeline.Synthetic.at;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.LabelLists;
import org.satds.pipeline.Synthetic;

/** Each defect of the original loader that we fix (docs/deviations.md, "Recipes"), on a small generated sample. */
class RecipeDefectsTest {
    static final RecipeBook BOOK = RecipeBook.builtIn();

    /** The original raises on every published SegRap2023_Task1 record (it looks up raw 'overlap' names). */
    @Test
    void segRapTask1LoadsWithThePublished61Names(@TempDir Path dir) throws Exception {
        List<String> published = LabelLists.published("SegRap2023_Task1");
        assertEquals(61, published.size());
        Map<String, BitSet> v = Synthetic.voxels(Synthetic.load(BOOK, "SegRap2023_Task1", published, dir));
        assertEquals(published, List.copyOf(v.keySet()));
        assertEquals(at(1, 2, 3, 4, 5, 6, 7, 8, 9), v.get("brain"));
        assertEquals(at(4, 6), v.get("left temporal lobe"), "temporal lobe + its hippocampus overlap");
        assertEquals(at(4, 5, 6, 7), v.get("temporal lobe"));
    }

    /** The original reads [:143] of 142 raw classes: value 144 becomes a first 'kidney', then 'kidney' again. */
    @Test
    void dapAtlasNamesKidneyOnceAsBothKidneys(@TempDir Path dir) throws Exception {
        Recipe r = BOOK.get("DAP_Atlas");
        ObjectNode rec = Synthetic.record(dir, r, LabelLists.published("DAP_Atlas"), Synthetic.image(r), Synthetic.mask(r, 10, 144));
        Map<String, BitSet> v = Synthetic.voxels(Synthetic.load(BOOK, rec, dir));
        assertEquals(178, v.size());
        assertEquals(LabelLists.published("DAP_Atlas"), List.copyOf(v.keySet()));
        assertEquals(at(14, 15), v.get("kidney"));
        assertEquals(at(14), v.get("left kidney"));
        assertEquals(at(11), v.get("gallbladder"), "value 10 (rectum) is skipped");
        v.values().forEach(b -> assertFalse(b.intersects(at(10, 144)), "values 10 and 144 belong to no class"));
    }

    /**
     * The original reads [:26] of 25 classes: value 26 (sacrum in VerSe) becomes a second 'cervical vertebrae' and
     * leaks into 'thoracic vertebrae' and 'vertebrae'. VerSe's T13 (value 28) has no class of its own; we count it
     * as thoracic.
     */
    @Test
    void verseCervicalOnceAndNotInThoracic(@TempDir Path dir) throws Exception {
        Recipe r = BOOK.get("VerSe");
        ObjectNode rec = Synthetic.record(dir, r, LabelLists.published("VerSe"), Synthetic.image(r), Synthetic.mask(r, 26));
        NormalizedSample s = Synthetic.load(BOOK, rec, dir);
        Map<String, BitSet> v = Synthetic.voxels(s);
        assertEquals(LabelLists.published("VerSe").stream().distinct().toList(), s.labels());
        assertEquals(1, s.labels().stream().filter("cervical vertebrae"::equals).count());
        assertEquals(at(1, 2, 3, 4, 5, 6, 7), v.get("cervical vertebrae"));
        assertEquals(at(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 28), v.get("thoracic vertebrae"));
        BitSet all = at(28);
        for (String n : s.labels().subList(0, 25)) all.or(v.get(n));
        assertEquals(all, v.get("vertebrae"));
        v.values().forEach(b -> assertFalse(b.intersects(at(26)), "value 26 (sacrum) belongs to no class"));
    }

    /** The original returns the record's list: 4 raw names for 5 channels. */
    @Test
    void chaosMriNamesKidneyWithTheRawList(@TempDir Path dir) throws Exception {
        List<String> raw = LabelLists.raw("CHAOS_MRI");
        assertEquals(4, raw.size());
        Map<String, BitSet> v = Synthetic.voxels(Synthetic.load(BOOK, "CHAOS_MRI", raw, dir));
        assertEquals(List.of("liver", "right kidney", "left kidney", "spleen", "kidney"), List.copyOf(v.keySet()));
        assertEquals(at(1, 2), v.get("kidney"));
    }

    /** The original counts WMH label 2 ('other pathology') as white matter hyperintensity (mask > 0.5). */
    @Test
    void wmhLeavesOtherPathologyOut(@TempDir Path dir) throws Exception {
        Recipe r = BOOK.get("WMH_Segmentation_Challenge");
        ObjectNode rec = Synthetic.record(dir, r, LabelLists.published(r.dataset()), Synthetic.image(r), Synthetic.mask(r, 2));
        assertEquals(at(1), Synthetic.voxels(Synthetic.load(BOOK, rec, dir)).get("white matter hyperintensities"));
    }

    /** Compat.ORIGINAL builds the labels whose fix changes published SAT data as the original did. */
    @Test
    void compatOriginalReproducesWmhAndVerse(@TempDir Path dir) throws Exception {
        Recipe wmh = BOOK.get("WMH_Segmentation_Challenge"), verse = BOOK.get("VerSe");
        Path w = Files.createDirectories(dir.resolve("wmh")), v = Files.createDirectories(dir.resolve("verse"));
        ObjectNode wRec = Synthetic.record(w, wmh, SampleLoader.outputNames(wmh), Synthetic.image(wmh), Synthetic.mask(wmh, 2));
        ObjectNode vRec = Synthetic.record(v, verse, SampleLoader.outputNames(verse), Synthetic.image(verse), Synthetic.mask(verse, 26));
        SampleLoader original = new SampleLoader(BOOK, SampleLoader.Compat.ORIGINAL);
        assertEquals(at(1, 2), Synthetic.voxels(original.load(new SampleRecord(wRec), w)).get("white matter hyperintensities"));
        Map<String, BitSet> vox = Synthetic.voxels(original.load(new SampleRecord(vRec), v));
        assertEquals(at(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 26), vox.get("thoracic vertebrae"));
        assertTrue(vox.get("vertebrae").get(Synthetic.out(Synthetic.voxel(26))));
        assertFalse(vox.get("vertebrae").get(Synthetic.out(Synthetic.voxel(28))), "T13 not counted");
    }

    /**
     * processor.py spells the muscles group's clavicles 'clavicula', so its raw list lacks them and the original
     * slices the first names of a 21-channel file under the wrong names; we name channels by the recipe.
     */
    @Test
    void totalSegmentatorMusclesKeepsTheClavicles(@TempDir Path dir) throws Exception {
        List<String> raw = LabelLists.raw("TotalSegmentator_Muscles");
        assertFalse(raw.contains("left clavicle"));
        Map<String, BitSet> v = Synthetic.voxels(Synthetic.load(BOOK, "TotalSegmentator_Muscles", raw, dir));
        assertEquals(31, v.size());
        assertEquals(at(3), v.get("left clavicle"));
        assertEquals(at(4), v.get("right clavicle"));
        assertEquals(at(3, 4), v.get("clavicle"));
        assertEquals(at(5), v.get("left femur"));
    }

    /** The original min-max rescales an all-empty stack by 0/0 = NaN; we leave a constant stack as it is. */
    @Test
    void rescalingAnEmptyMaskGivesAnEmptyMask(@TempDir Path dir) throws Exception {
        Recipe r = BOOK.get("CHAOS_CT");
        assertTrue(r.rescale());
        Volume empty = Volume.ofFloats(Synthetic.SHAPE, Synthetic.affine(r), new float[Synthetic.VOXELS]);
        NormalizedSample s = Synthetic.load(BOOK, Synthetic.record(dir, r, List.of("liver"), Synthetic.image(r), empty), dir);
        assertEquals(List.of("liver"), s.labels());
        assertTrue(s.masks().get(0).isEmpty());
    }

    /** The original divides by a zero standard deviation: a constant image becomes NaN. */
    @Test
    void aConstantImageNormalizesToZeros(@TempDir Path dir) throws Exception {
        for (String dataset : List.of("AbdomenCT1K", "ACDC")) { // the CT and the percentile branch
            Recipe r = BOOK.get(dataset);
            float[] flat = new float[Synthetic.VOXELS];
            Arrays.fill(flat, 300);
            Volume image = Volume.ofFloats(Synthetic.SHAPE, Synthetic.affine(r), flat);
            Path d = Files.createDirectories(dir.resolve(dataset));
            NormalizedSample s = Synthetic.load(BOOK, Synthetic.record(d, r, SampleLoader.outputNames(r), image, Synthetic.mask(r)), d);
            for (float x : s.image()) assertEquals(0f, x, dataset);
        }
    }
}
