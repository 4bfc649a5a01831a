package org.satds.pipeline.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.RecipeBook;

/** PairCheck against the built-in recipes: value and channel masks, a recipe reading the raw map, merged classes. */
class PairCheckTest {
    private static final RecipeBook RECIPES = RecipeBook.builtIn();
    private static final int[] SHAPE = {6, 5, 4};
    private static final Affine GRID = Affine.diagonal(1.5, 1.5, 3);

    private static Volume image() {
        return Volume.ofFloats(SHAPE, GRID, new float[120]);
    }

    @Test
    void channelMaskWithUnreadAndEmptyChannelsWarns() {
        // BrainPTM reads channels 0..4 of a channel-first mask; two more channels, all empty
        byte[][] seven = new byte[7][120];
        PairCheck.Findings f = PairCheck.check(RECIPES.get("BrainPTM"), "img.nii.gz", image(), "seg.nii.gz", Volume.ofBytes(SHAPE, GRID, seven));
        assertEquals(List.of(), f.errors());
        assertEquals(List.of("mask channels [5, 6] are not read by the BrainPTM recipe", "mask is empty (every channel only 0)"), problems(f.warnings()));
    }

    @Test
    void unknownValuesAndNaNInAValuesMask() {
        float[] seg = new float[120];
        seg[3] = 2;
        seg[4] = 9;
        seg[5] = 0.5f;
        seg[6] = Float.NaN;
        PairCheck.Findings f = PairCheck.check(RECIPES.get("BraTS2023_GLI"), "img.nii.gz", image(), "seg.nii.gz", Volume.ofFloats(SHAPE, GRID, seg));
        assertEquals(List.of("mask contains NaN or Inf",
                "mask holds values 0.5, 9 that the BraTS2023_GLI recipe does not know (it reads 1, 2, 3): those voxels would be lost"), problems(f.errors()));
    }

    @Test
    void aRecipeReadingTheRawMapKnowsEveryValue() {
        float[] seg = new float[120];
        seg[7] = 17;
        String dataset = RECIPES.all().values().stream()
                .filter(r -> !r.channelMask() && r.labels().stream().anyMatch(l -> l.sources().contains("raw")))
                .findFirst().orElseThrow().dataset();
        PairCheck.Findings f = PairCheck.check(RECIPES.get(dataset), "img.nii.gz", image(), "seg.nii.gz", Volume.ofFloats(SHAPE, GRID, seg));
        assertEquals(List.of(), f.errors(), dataset);
    }

    @Test
    void misalignmentUnderHalfAVoxelWarnsAndBeyondFails() {
        byte[] seg = new byte[120];
        seg[0] = 1;
        PairCheck.Findings near = PairCheck.check(RECIPES.get("AbdomenCT1K"), "img.nii.gz", image(), "seg.nii.gz",
                Volume.ofBytes(SHAPE, GRID.withTranslation(0.5, 0, 0), seg));
        assertEquals(List.of(), near.errors());
        assertTrue(near.warnings().get(0).problem().startsWith("mask affine differs from the image's by up to 0.500 mm"), near.warnings().toString());
        PairCheck.Findings far = PairCheck.check(RECIPES.get("AbdomenCT1K"), "img.nii.gz", image(), "seg.nii.gz",
                Volume.ofBytes(SHAPE, GRID.withTranslation(0, 0.8, 0), seg));
        assertTrue(far.errors().get(0).problem().startsWith("mask lies up to 0.8 mm off its image"), far.errors().toString());
        assertEquals("seg.nii.gz", far.errors().get(0).file(), "the finding names the mask, the file at fault");
    }

    /** A merged class is one whose sources are exactly the union of two or more other classes' sources. */
    @Test
    void mergedClassesComeFromTheRecipe() {
        assertEquals(Map.of(3, List.of(0, 1)), RECIPES.get("ACDC").mergedLabels());
        assertEquals(Map.of(3, List.of(0, 1, 2)), RECIPES.get("BraTS2023_GLI").mergedLabels());
        assertEquals(Map.of(), RECIPES.get("AbdomenCT1K").mergedLabels());
    }

    private static List<String> problems(List<PairCheck.Finding> findings) {
        return findings.stream().map(PairCheck.Finding::problem).toList();
    }
}
