package org.satds.pipeline.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.satds.core.geom.Affine;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.visualize.Pictures;
import org.satds.pipeline.visualize.Png;

/**
 * {@code satds stats}: every record's fingerprint ({@link SampleStats}) in one parallel pass on the runner (memory
 * budget, each file decoded once, resumable per sample under out/samples/), then the per-dataset summary and
 * flags ({@link Summary}) in out/stats.json and a page to look at in out/report.html ({@link Report}).
 */
public final class Stats {
    /** Bump when a sample's figures change for the same inputs, so a rerun recomputes them. */
    static final int FORMAT = 2;
    /** Samples pictured per dataset unless asked otherwise. */
    public static final int THUMBNAILS = 3;

    /** @param failed samples that could not be read, each with its reason */
    public record Result(Path statsJson, Path report, int samples, int failed, int skipped, double seconds) {}

    private final SampleLoader loader;
    private final Path base;
    private final ConvertRunner.Options options;
    private final int thumbnailsPerDataset;

    /**
     * @param base                 folder relative record paths start from (null: the working directory)
     * @param thumbnailsPerDataset samples pictured per dataset (the first ones of each)
     */
    public Stats(SampleLoader loader, Path base, ConvertRunner.Options options, int thumbnailsPerDataset) {
        this.loader = loader;
        this.base = base;
        this.options = options;
        this.thumbnailsPerDataset = thumbnailsPerDataset;
    }

    public Result run(List<ObjectNode> records, Path out) throws IOException, InterruptedException {
        warmUp();
        ConvertRunner runner = ConvertRunner.withResults(new NpyConverter(loader, "", base), options, sampleTask(records, out), results(out));
        return finish(runner.run(records), out);
    }

    /**
     * Stats as a job riding on another's pass over the same records (convert --stats): {@link #finish} its result
     * once the pass is done. Samples done by an earlier run are skipped as stats alone skips them.
     */
    public ConvertRunner.Rider rider(List<ObjectNode> records, Path out) {
        warmUp();
        return ConvertRunner.Rider.withResults(new NpyConverter(loader, "", base), sampleTask(records, out), results(out));
    }

    private static final AtomicBoolean WARMING = new AtomicBoolean();

    /**
     * Starts, once per JVM, another thread that readies what the pictures and the report use first (AWT's graphics
     * and fonts, the PNG encoder, JFreeChart and JFreeSVG with each kind of chart, about half a second of a core,
     * mostly interpreting and compiling code met for the first time): the commands start it before they read and
     * check the records, while a core is idle; otherwise the first picture pays it, and the report, after the last
     * sample, with a core idle. What it readies is shared state, the same whoever initializes it; a daemon, so
     * nothing waits for it.
     */
    public static void warmUp() {
        if (WARMING.getAndSet(true)) return;
        Thread t = new Thread(() -> {
            try {
                Pictures.Layers tiny = new Pictures.Layers(new float[8], Pictures.Grid.of(new int[] {2, 2, 2}, Affine.identity()),
                        new byte[][] {new byte[8]});
                Png.encode(Pictures.montage(tiny, List.of("class"), new float[] {0, 1}, new Pictures.Caption("", Map.of())));
                Charts.warmUp();
                Report.html(Summary.of(List.of(), Jsonl.MAPPER.createArrayNode(), RecipeBook.builtIn()));
            } catch (IOException | RuntimeException e) {
                // nothing was readied: the pictures and the report initialize it themselves
            }
        }, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Where each sample's figures are kept (out/samples/), so that a rerun skips it. */
    private static ConvertRunner.Results results(Path out) {
        return new ConvertRunner.Results("stats", out.resolve("samples"), FORMAT,
                r -> r.hasNonNull("thumbnail") ? List.of(Path.of(r.get("thumbnail").asText())) : List.of());
    }

    /** One sample's figures, and its picture beside them when it is one of its dataset's first. */
    private ConvertRunner.Conversion sampleTask(List<ObjectNode> records, Path out) {
        ConvertRunner.Results results = results(out);
        boolean[] pictured = pictured(records);
        return (record, index, reader) -> {
            Path thumbnail = !pictured[index] ? null : results.manifest(new SampleRecord(record).dataset(),
                    SampleId.of(record, index)).resolveSibling(SampleId.of(record, index) + ".png");
            return SampleStats.of(loader, base, record, index, reader, thumbnail);
        };
    }

    /** Writes out/stats.json and out/report.html from the samples' figures and failures of a run. */
    public Result finish(ConvertRunner.Result run, Path out) throws IOException {
        List<ObjectNode> samples = new ArrayList<>(run.converted().values());
        ArrayNode failures = Jsonl.MAPPER.createArrayNode();
        for (ConvertRunner.Failure f : run.failures()) {
            ObjectNode r = f.record();
            failures.addObject().put("dataset", r.path("dataset").asText()).put("patient_id", r.path("patient_id").asText())
                    .put("image", r.path("image").asText()).put("error", r.path("error").asText());
        }
        ObjectNode stats = Summary.of(samples, failures, loader.recipes());
        Path statsJson = out.resolve("stats.json"), report = out.resolve("report.html");
        AtomicFiles.writeString(statsJson, stats.toPrettyString() + "\n");
        AtomicFiles.writeString(report, Report.html(stats));
        return new Result(statsJson, report, run.total(), run.failures().size(), run.skipped(), run.seconds());
    }

    /** The first thumbnailsPerDataset records of each dataset, by position. */
    private boolean[] pictured(List<ObjectNode> records) {
        boolean[] out = new boolean[records.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode d = records.get(i).get("dataset");
            if (d != null) out[i] = seen.merge(d.asText(), 1, Integer::sum) <= thumbnailsPerDataset;
        }
        return out;
    }
}
