package org.satds.pipeline.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.satds.pipeline.Synthetic.at;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.Synthetic;

/** The worked example of docs/adding-a-dataset.md: docs/examples/BraTS2020.yaml as a user recipe folder. */
class UserRecipeExampleTest {
    /** Tests run in the module folder; the docs are at the repository root. */
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void brats2020LoadsFromTheUserFolderAndRuns(@TempDir Path dir) throws Exception {
        assertTrue(Files.isDirectory(EXAMPLES), "docs/examples not found from " + Path.of("").toAbsolutePath());
        RecipeBook book = RecipeBook.withUserFolder(EXAMPLES);
        assertTrue(book.has("BraTS2020"));
        assertTrue(book.has("BraTS2023_GLI"), "built-in recipes stay available");
        Recipe r = book.get("BraTS2020");
        // value 3 is not a BraTS 2020 class: a stray 3 must land in no label
        var rec = Synthetic.record(dir, r, List.of("necrotic brain tumor core", "brain edema", "enhancing brain tumor"),
                Synthetic.image(r), Synthetic.mask(r, 3));
        Map<String, BitSet> v = Synthetic.voxels(Synthetic.load(book, rec, dir));
        assertEquals(List.of("necrotic brain tumor core", "brain edema", "enhancing brain tumor", "brain tumor"), List.copyOf(v.keySet()));
        assertEquals(at(4), v.get("enhancing brain tumor"));
        assertEquals(at(1, 2, 4), v.get("brain tumor"));
        v.values().forEach(b -> assertFalse(b.intersects(at(3))));
    }
}
