package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Normalize every record of a jsonl and write SAT's npy layout and the converted jsonl.")
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "input jsonl (one record per sample)")
    Path jsonl;

    @Option(names = "--out", required = true, description = "converted jsonl to write")
    Path out;

    @Option(names = "--npy-root", defaultValue = "preprocessed_npy", description = "npy output folder (default: ${DEFAULT-VALUE})")
    String npyRoot;

    @Option(names = "--data-root", description = "folder relative record paths are resolved against (default: working directory)")
    Path dataRoot;

    @Option(names = "--recipes", description = "folder of extra or overriding recipe .yaml files")
    Path recipes;

    @Option(names = "--compat", defaultValue = "default",
            description = "default: fix the original's defects; original: build the few labels whose fix changes published SAT data as the original did (docs/deviations.md)")
    SampleLoader.Compat compat;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> records = Jsonl.read(jsonl);
        NpyConverter converter = new NpyConverter(new SampleLoader(RecipeBook.withUserFolder(recipes), compat), npyRoot, dataRoot);
        List<ObjectNode> done = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < records.size(); i++) {
            try {
                done.add(converter.convert(records.get(i), i));
            } catch (Exception e) {
                failed++;
                System.err.println("error: " + e.getMessage());
                if (verbose) e.printStackTrace();
            }
        }
        Jsonl.write(out, done);
        System.out.printf("converted %d of %d samples, %d failed -> %s%n", done.size(), records.size(), failed, out);
        return failed == 0 ? 0 : 1;
    }
}
