package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.satds.core.io.Volumes;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.bench.Bench;
import org.satds.pipeline.bench.SyntheticCollection;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.restore.Restorer;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.stats.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time convert on a generated 512x512x200 int16 CT (0.78x0.78x2.5 mm, LPS, 4 organs): each phase and"
                + " its share, and the I/O floor measured in the same run (inflating the same input, writing as many bytes);"
                + " then restoring its 4 labels (stand-in predictions) back onto that grid.",
                "With --collection, --cts N or --mixed: whole runs over a generated collection with each --threads count, and satds stats"
                        + " over it.",
                "With --evaluate: time SAT's Dice and NSD on that CT converted (4 labels against stand-in predictions): in process, as a"
                        + " fresh `satds evaluate` process, and over --pairs pairs with each thread count.",
                "Nothing is compared with a figure typed into the program: --original-seconds takes one you measured."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--repeat", defaultValue = "3", description = "single CT: timed runs after one warm-up (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--dir", description = "work folder; generated inputs are reused from it (default: a temporary folder, deleted afterwards)")
    Path dir;

    @Option(names = "--collection", description = "time whole runs over a generated mixed collection (16 CT, 14 MRI, 10 PET)")
    boolean collection;

    @Option(names = "--cts", paramLabel = "N", description = "time whole runs over N distinct generated 512x512x200 CTs")
    int cts;

    @Option(names = "--mixed", description = "time whole runs over 4 distinct generated 512x512x200 CTs and 4 distinct 240x240x155"
            + " MRIs (1 mm, as AMOS22_MRI), the mix of issue 10")
    boolean mixed;

    @Option(names = "--threads", split = ",", description = "with --collection, --cts, --mixed or --evaluate: threads to time"
            + " (default: 1 and all cores)")
    List<Integer> threads;

    @Option(names = "--original-seconds", paramLabel = "S",
            description = "your own measurement of the original (SAT-DS on MONAI) on the same input; printed as yours, with the ratio")
    Double originalSeconds;

    @Option(names = "--evaluate", description = "benchmark scoring (satds evaluate) instead")
    boolean evaluate;

    @Option(names = "--pairs", defaultValue = "1000", description = "with --evaluate: pairs of the parallel run (default: ${DEFAULT-VALUE})")
    int pairs;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("satds-bench");
        try {
            if (evaluate) return EvaluateBench.run(work, repeat, pairs,
                    threads != null ? threads : List.of(1, Runtime.getRuntime().availableProcessors()));
            return collection || cts > 0 || mixed ? collection(work) : singleCt(work);
        } finally {
            if (dir == null) deleteTree(work);
        }
    }

    private NpyConverter converter(Path work) {
        return new NpyConverter(new SampleLoader(RecipeBook.builtIn()), work.resolve("npy").toString(), work);
    }

    private int singleCt(Path work) throws Exception {
        System.out.println("input: one 512x512x200 int16 CT, 0.78x0.78x2.5 mm, 4 organs (generated in " + work + ")");
        ObjectNode record = SyntheticCollection.ct(work);
        List<Path> inputs = inputs(work, List.of(record));
        NpyConverter converter = converter(work);
        PhaseTimes phases = new PhaseTimes();
        double[] seconds = new double[repeat];
        List<Bench.Floor> floors = new ArrayList<>();
        ObjectNode converted = null;
        for (int i = 0; i <= repeat; i++) {
            PeakMemory.reset();
            long t0 = System.nanoTime();
            converted = (i == 0 ? converter : converter.timed(phases)).convert(record, 0);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i == 0) {
                System.out.printf("first run (classes loading, code not yet compiled): %.2f s%n", s);
                continue;
            }
            seconds[i - 1] = s;
            floors.add(Bench.floor(inputs, Bench.outputSizes(List.of(converted)), work.resolve("floor"), 1));
        }
        double median = median(seconds);
        System.out.printf("convert: %.2f s, the median of %d runs after the first (%s), peak RSS %.2f GB%n", median, repeat,
                list(seconds), PeakMemory.residentGb());
        System.out.println("phases (mean per run):");
        System.out.print(Bench.phaseTable(phases, repeat));
        floors.sort(java.util.Comparator.comparingDouble(Bench.Floor::seconds));
        printFloor(floors.get(floors.size() / 2), median, 1);
        printOriginal(median);
        double restore = restore(work, converted);
        System.out.printf("restore (its 4 labels, stand-in predictions, back onto the 512x512x200 grid): %.2f s (median of %d) = %.0f%% of convert%n",
                restore, repeat, 100 * restore / median);
        return 0;
    }

    /** Best time of restoring the converted CT's stand-in predictions (the ground truth shifted one voxel) to native space. */
    private double restore(Path work, ObjectNode converted) throws Exception {
        Path pred = work.resolve("pred");
        StandInPredictions.write(List.of(converted), work, pred);
        ObjectNode infer = Jsonl.MAPPER.createObjectNode();
        for (String field : List.of("image", "label", "modality", "dataset", "sample_id")) infer.set(field, converted.get(field));
        Restorer restorer = new Restorer(new SampleLoader(RecipeBook.builtIn()), work, pred, work.resolve("restored"), Restorer.Mode.NEAREST);
        double[] runs = new double[repeat];
        for (int i = 0; i <= repeat; i++) {
            long t0 = System.nanoTime();
            restorer.run(infer, 0, Volumes::read);
            if (i > 0) runs[i - 1] = (System.nanoTime() - t0) / 1e9; // the first is the warm-up
        }
        return median(runs); // as convert's
    }

    private int collection(Path work) throws Exception {
        List<ObjectNode> records = mixed ? SyntheticCollection.mixed(work) : cts > 0 ? SyntheticCollection.cts(work, cts)
                : SyntheticCollection.write(work);
        List<Path> inputs = inputs(work, records);
        long inputBytes = 0;
        for (Path p : inputs) inputBytes += Files.size(p);
        System.out.printf("input: %s, %d samples, %.0f MB of .nii.gz (generated in %s)%n",
                mixed ? "4 distinct 512x512x200 CTs and 4 distinct 240x240x155 MRIs" : cts > 0 ? cts + " distinct 512x512x200 CTs"
                : "mixed collection (16 CT 384x384x80-140, 14 MRI 256x256x48-74, 10 PET 192x192x120-192)", records.size(),
                inputBytes / 1e6, work);
        NpyConverter converter = converter(work);
        ConvertRunner.Options options = ConvertRunner.Options.defaults().withForce(true);
        // a warm-up on a few samples, so the first timed run is not charged for compiling the hot loops; stats gets one
        // too (its pictures and report, first used, also set up AWT and JFreeChart), or it would be timed cold against
        // a warm convert
        List<ObjectNode> warmUp = records.subList(0, Math.min(2, records.size()));
        new ConvertRunner(converter, options.withThreads(1)).run(warmUp);
        new Stats(new SampleLoader(RecipeBook.builtIn()), work, options.withThreads(1), 3).run(warmUp, work.resolve("stats-warm-up"));
        List<Integer> counts = threads != null ? threads
                : new ArrayList<>(new LinkedHashSet<>(List.of(1, Runtime.getRuntime().availableProcessors())));
        for (int t : counts) {
            PhaseTimes phases = new PhaseTimes();
            PeakMemory.reset();
            ConvertRunner.Result r = new ConvertRunner(converter.timed(phases), options.withThreads(t)).run(records);
            double peak = PeakMemory.residentGb();
            if (!r.failures().isEmpty()) {
                System.err.println("error: " + r.failures().get(0).record().get("error").asText());
                return 1;
            }
            Bench.Floor floor = Bench.floor(inputs, Bench.outputSizes(r.converted().values()), work.resolve("floor"), t);
            System.out.printf("%n%d sample%s in flight: %.1f s, %.3f s per sample, %.2f samples/s, input %.1f MB/s, peak RSS %.2f GB%n",
                    t, t == 1 ? "" : "s", r.seconds(), r.seconds() / records.size(), records.size() / r.seconds(),
                    inputBytes / 1e6 / r.seconds(), peak);
            System.out.println("phases (mean per sample; with several in flight their times overlap):");
            System.out.print(Bench.phaseTable(phases, records.size()));
            printFloor(floor, r.seconds(), t);
            printOriginal(r.seconds());
            // satds stats over the same records and threads, report included, against this convert run
            PeakMemory.reset();
            long t0 = System.nanoTime();
            Stats.Result s = new Stats(new SampleLoader(RecipeBook.builtIn()), work, options.withThreads(t), 3).run(records, work.resolve("stats"));
            double statsSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("   stats: %.1f s (%d failed), peak RSS %.2f GB: %.2f of convert's time%n", statsSeconds, s.failed(),
                    PeakMemory.residentGb(), statsSeconds / r.seconds());
            // convert with stats on its pass (convert --stats): one decode and one normalization per sample for both
            PeakMemory.reset();
            Stats together = new Stats(new SampleLoader(RecipeBook.builtIn()), work, options.withThreads(t), 3);
            ConvertRunner.Rider rider = together.rider(records, work.resolve("stats-on-convert"));
            t0 = System.nanoTime();
            ConvertRunner.Result both = new ConvertRunner(converter, options.withThreads(t)).withRiders(List.of(rider)).run(records);
            together.finish(rider.result(), work.resolve("stats-on-convert"));
            double bothSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("   convert --stats: %.1f s (%d and %d failed), peak RSS %.2f GB: %.2f of convert's time%n", bothSeconds,
                    both.failures().size(), rider.result().failures().size(), PeakMemory.residentGb(), bothSeconds / r.seconds());
        }
        return 0;
    }

    private static void printFloor(Bench.Floor floor, double seconds, int threads) {
        System.out.printf("floor, measured now on %d thread%s: inflate the inputs %.2f s + write as many bytes %.2f s = %.2f s;"
                        + " convert takes %.1fx the floor%n", threads, threads == 1 ? "" : "s", floor.inflateSeconds(),
                floor.writeSeconds(), floor.seconds(), seconds / floor.seconds());
    }

    private void printOriginal(double seconds) {
        if (originalSeconds == null) return;
        System.out.printf("the original: %.2f s by your measurement (--original-seconds, not measured here): %.1fx that%n",
                originalSeconds, originalSeconds / seconds);
    }

    private static List<Path> inputs(Path work, List<ObjectNode> records) {
        Set<Path> files = new LinkedHashSet<>();
        for (ObjectNode r : records) {
            files.add(work.resolve(r.get("image").asText()));
            files.add(work.resolve(r.get("mask").asText()));
        }
        return List.copyOf(files);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String list(double[] v) {
        StringBuilder s = new StringBuilder();
        for (double x : v) s.append(s.length() == 0 ? "" : ", ").append(String.format("%.2f", x));
        return s.append(" s").toString();
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
