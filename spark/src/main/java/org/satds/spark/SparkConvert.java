package org.satds.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.run.ConvertRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `satds convert` as a Spark job: the driver groups the records that share files, Spark spreads the groups over
 * its tasks (each group in one task, so each file is decoded once), every task converts its part with
 * {@link ConvertRunner} on one thread (so resuming, manifests and failure records work as in the plain runner),
 * and the driver writes the converted records in input order. The npy root and the data must be on storage
 * every executor sees.
 */
@Command(name = "satds-spark", mixinStandardHelpOptions = true,
        description = "Normalize every record of a jsonl on a Spark cluster and write SAT's npy layout and the converted jsonl.")
public final class SparkConvert implements Callable<Integer> {
    /** What every task needs to build its converter; the recipes are loaded on the executor. */
    public record Settings(String npyRoot, String dataRoot, String recipes, SampleLoader.Compat compat, boolean force)
            implements Serializable {
        NpyConverter converter() {
            RecipeBook book = RecipeBook.withUserFolder(recipes == null ? null : Path.of(recipes));
            return new NpyConverter(new SampleLoader(book, compat), npyRoot, dataRoot == null ? null : Path.of(dataRoot));
        }
    }

    /**
     * The converted records, the failure records (each with its "error") and what convert warned of a sample (a mask
     * off its image, values the recipe does not read: one line each), all in input order.
     */
    public record Outcome(List<ObjectNode> converted, List<ObjectNode> failures, List<String> warnings) {}

    @Option(names = "--jsonl", required = true, description = "input jsonl (one record per sample)")
    Path jsonl;

    @Option(names = "--out", required = true, description = "converted jsonl to write (on the driver)")
    Path out;

    @Option(names = "--npy-root", required = true, description = "npy output folder, on storage all executors share")
    String npyRoot;

    @Option(names = "--data-root", description = "folder relative record paths are resolved against")
    String dataRoot;

    @Option(names = "--recipes", description = "folder of extra or overriding recipe .yaml files")
    String recipes;

    @Option(names = "--compat", defaultValue = "default",
            description = "default: fix the original's defects; original: as the original for the few labels whose fix changes published data")
    SampleLoader.Compat compat;

    @Option(names = "--force", description = "convert every sample again, even those whose outputs are complete and current")
    boolean force;

    @Option(names = "--failures", description = "write the failed records, each with an \"error\" field, to this jsonl")
    Path failures;

    @Option(names = "--partitions", description = "Spark partitions (default: the default parallelism times 4, so tasks balance)")
    Integer partitions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkConvert()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("satds convert"))) {
            Outcome o = convert(spark, Jsonl.read(jsonl), new Settings(npyRoot, dataRoot, recipes, compat, force),
                    partitions != null ? partitions : 4 * spark.defaultParallelism());
            Jsonl.write(out, o.converted());
            if (failures != null) Jsonl.write(failures, o.failures());
            for (ObjectNode f : o.failures()) System.err.println("error: " + f.get("error").asText());
            o.warnings().forEach(w -> System.err.println("warning: " + w));
            System.out.printf("converted %d, failed %d of %d samples%s -> %s%n", o.converted().size(), o.failures().size(),
                    o.converted().size() + o.failures().size(), o.warnings().isEmpty() ? "" : ", " + o.warnings().size() + " with warnings", out);
            return o.failures().isEmpty() ? 0 : 1;
        }
    }

    public static Outcome convert(JavaSparkContext spark, List<ObjectNode> records, Settings settings, int partitions) {
        // records travel as "position<TAB>json" lines: plain strings need no Spark serializer for Jackson nodes
        List<List<String>> groups = new ArrayList<>();
        for (List<Integer> group : ConvertRunner.groups(settings.converter(), records)) {
            List<String> lines = new ArrayList<>();
            for (int i : group) lines.add(i + "\t" + records.get(i));
            groups.add(lines);
        }
        List<String> results = spark.parallelize(groups, Math.max(1, Math.min(partitions, groups.size())))
                .mapPartitions(part -> convertPart(part, settings)).collect();
        SortedMap<Integer, ObjectNode> converted = new TreeMap<>(), failed = new TreeMap<>();
        SortedMap<Integer, String> warnings = new TreeMap<>();
        for (String line : results) {
            JsonNode r = read(line);
            int index = r.get("index").asInt();
            if (r.has("converted")) converted.put(index, (ObjectNode) r.get("converted"));
            else if (r.has("failure")) failed.put(index, (ObjectNode) r.get("failure"));
            else warnings.put(index, r.get(ConvertRunner.WARNING).asText());
        }
        return new Outcome(new ArrayList<>(converted.values()), new ArrayList<>(failed.values()), new ArrayList<>(warnings.values()));
    }

    /** One task: its groups' records through the plain runner, one sample at a time (Spark runs tasks in parallel). */
    private static Iterator<String> convertPart(Iterator<List<String>> groups, Settings settings) throws Exception {
        SortedMap<Integer, ObjectNode> part = new TreeMap<>();
        groups.forEachRemaining(g -> g.forEach(line -> {
            int tab = line.indexOf('\t');
            part.put(Integer.parseInt(line.substring(0, tab)), (ObjectNode) read(line.substring(tab + 1)));
        }));
        ConvertRunner.Options options = ConvertRunner.Options.defaults().withThreads(1).withForce(settings.force());
        ConvertRunner.Result r = new ConvertRunner(settings.converter(), options).run(part);
        List<String> out = new ArrayList<>();
        r.converted().forEach((index, c) -> out.add(result(index, "converted", c)));
        for (ConvertRunner.Failure f : r.failures()) out.add(result(f.index(), "failure", f.record()));
        r.warnings().forEach((index, w) -> out.add(Jsonl.MAPPER.createObjectNode().put("index", index).put(ConvertRunner.WARNING, w).toString()));
        return out.iterator();
    }

    private static String result(int index, String kind, ObjectNode record) {
        ObjectNode r = Jsonl.MAPPER.createObjectNode().put("index", index);
        r.set(kind, record);
        return r.toString();
    }

    private static JsonNode read(String json) {
        try {
            return Jsonl.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable record passed between driver and executor", e);
        }
    }
}
