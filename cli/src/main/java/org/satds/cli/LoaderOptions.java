package org.satds.cli;

import java.nio.file.Path;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import picocli.CommandLine.Option;

/** The options of every command that loads raw samples: where record paths start, extra recipes, compat mode, orientation. */
final class LoaderOptions {
    @Option(names = "--data-root", description = "folder relative record paths are resolved against (default: working directory)")
    Path dataRoot;

    @Option(names = "--recipes", description = "folder of extra or overriding recipe .yaml files")
    Path recipes;

    @Option(names = "--compat", defaultValue = "default",
            description = "default: fix the original's defects; original: build the few labels whose fix changes published SAT data, "
                    + "and name classes, as the original did (docs/deviations.md)")
    SampleLoader.Compat compat;

    @Option(names = "--orientation", description = "axis codes (e.g. RAS) for image-only records instead of their orientation_code "
            + "(default: the record's, else RAS, as SAT's inference)")
    String orientation;

    /** The folder relative record paths start from: --data-root, else the working directory. */
    Path base() {
        return dataRoot != null ? dataRoot : Path.of("");
    }

    SampleLoader loader() {
        return new SampleLoader(RecipeBook.withUserFolder(recipes), compat, orientation);
    }
}
