package org.satds.datasets.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.satds.datasets.recipe.RecipeBook;

/** The one place that says what a record needs before it is loaded. */
class RecordCheckTest {
    private static final RecipeBook RECIPES = RecipeBook.builtIn();

    private static ObjectNode record(String json) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(json);
    }

    @Test
    void aMaskIsRequiredOnlyWhereTheCommandBuildsLabels() throws Exception {
        ObjectNode imageOnly = record("{\"image\": \"a.nii.gz\", \"label\": [\"liver\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\"}");
        assertEquals(List.of("no 'mask': this command builds the label channels from one"), new RecordCheck(RECIPES, true).problems(imageOnly));
        assertEquals(List.of(), new RecordCheck(RECIPES, false).problems(imageOnly));
    }

    @Test
    void namesNearAndInAnotherCase() throws Exception {
        RecordCheck check = new RecordCheck(RECIPES, true);
        assertEquals(List.of("no 'image'", "no recipe for dataset 'BraTS23_GLI' (did you mean 'BraTS2023_GLI'?); a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)"),
                check.problems(record("{\"mask\": \"m.nii.gz\", \"dataset\": \"BraTS23_GLI\"}")));
        assertEquals(List.of("no recipe for dataset 'Liver scans'; a dataset without a built-in recipe takes one from --recipes DIR (docs/adding-a-dataset.md)"),
                check.problems(record("{\"image\": \"a\", \"mask\": \"m\", \"dataset\": \"Liver scans\"}")));
        assertEquals(List.of(), check.problems(record("{\"image\": \"a\", \"mask\": \"m\", \"dataset\": \"msd_liver\"}")));
        assertEquals(Optional.of("MSD_Liver"), check.canonicalDataset("msd_liver"));
        assertEquals(List.of("'image' is not a non-empty string: 3"),
                check.problems(record("{\"image\": 3, \"mask\": \"m\", \"dataset\": \"ACDC\"}")));
    }
}
