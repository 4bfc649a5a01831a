package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.satds.core.io.AtomicFiles;
import org.satds.datasets.sample.RecordCheck;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.check.LoadedCheck;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ByteSize;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.run.Shard;
import org.satds.pipeline.run.StopRequest;
import org.satds.pipeline.stats.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Normalize every record of a jsonl and write SAT's npy layout and the converted jsonl.",
                "Samples run in parallel within a memory budget; a rerun skips samples whose outputs are complete and current.",
                "Ctrl-C stops after the samples in progress and writes the converted jsonl of what is done; the same command "
                        + "continues."})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "input jsonl (one record per sample; a --failures file works too)")
    Path jsonl;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Option(names = "--out", required = true, description = "converted jsonl to write")
    Path out;

    @Option(names = "--npy-root", defaultValue = "preprocessed_npy",
            description = "npy output folder (default: ${DEFAULT-VALUE}); the records name it by its absolute path, so SAT finds the files from any folder")
    Path npyRoot;

    @Option(names = "--shard", description = "convert only part K of N (1-based, e.g. 3/8), balanced by size; for cluster array jobs")
    String shard;

    @Option(names = "--datasets", split = ",", paramLabel = "A,B",
            description = "convert only the records of these datasets (any case), e.g. from a merged jsonl")
    List<String> datasets;

    @Option(names = "--dry-run", description = "say what would be converted and skipped, and the memory and disk it needs; write nothing")
    boolean dryRun;

    @Option(names = "--force", description = "convert every sample again, even those whose outputs are complete and current")
    boolean force;

    @Option(names = "--failures", description = "write the failed records, each with an \"error\" field, and the warned ones, each with a "
            + "\"warning\" field, to this jsonl (feed it back as --jsonl to retry)")
    Path failures;

    @Option(names = "--strict", description = "a sample with a warning (a mask off its image, or holding values the recipe does not read) "
            + "fails: it is left out of --out, and the run exits 1")
    boolean strict;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    @Option(names = "--stats", paramLabel = "DIR", description = "also write what `satds stats` writes (DIR/stats.json, DIR/report.html) "
            + "from the scans as this pass decodes them (each file decoded once)")
    Path stats;

    @Option(names = "--check", description = "also check every sample as `satds check` does, from the scans as this pass decodes them; "
            + "its findings are printed as check prints them, and its errors fail the run")
    boolean check;

    @Override
    public Integer call() throws Exception {
        if (stats != null && !dryRun) Stats.warmUp(); // while this thread reads and checks the records
        ConvertRunner.Options options = run.options().withForce(force);
        if (shard != null) options = options.withShard(Shard.parse(shard));
        Preflight.distinct("--out", out, "--jsonl", jsonl);
        Preflight.distinct("--out", out, "--failures", failures);
        SampleLoader loader = source.loader();
        List<Jsonl.Line> lines = Preflight.select(jsonl, Preflight.records(jsonl), datasets);
        List<ObjectNode> records = Preflight.valid(jsonl, lines, new RecordCheck(loader.recipes(), false));
        Preflight.someFilesExist(jsonl, records, loader, source.base());
        NpyConverter converter = new NpyConverter(loader, npyRoot.toAbsolutePath().normalize().toString(), source.base());
        ConvertRunner runner = new ConvertRunner(converter, options);
        if (dryRun) return dryRun(runner, records, options);
        AtomicFiles.checkWritable(out);
        if (failures != null) AtomicFiles.checkWritable(failures);
        AtomicFiles.checkWritableFolder(npyRoot);

        Stats statsJob = stats == null ? null : new Stats(loader, source.base(), options, Stats.THUMBNAILS);
        LoadedCheck checkJob = check ? new LoadedCheck(loader, source.base()) : null;
        List<ConvertRunner.Rider> riders = new ArrayList<>(); // stats read the sample before intensity normalization: first
        if (statsJob != null) riders.add(statsJob.rider(records, stats));
        if (checkJob != null) riders.add(checkJob.rider());
        try (StopRequest stop = StopRequest.onSignal(System.err)) {
            ConvertRunner.Result r = runner.stoppingWhen(stop::requested).withRiders(riders).run(records);
            if (strict) r = warningsFailed(records, r);
            boolean checkFailed = false;
            if (statsJob != null) StatsCommand.print(statsJob.finish(riders.get(0).result(), stats));
            if (checkJob != null) checkFailed = CheckCommand.print(checkJob.report(records, riders.get(riders.size() - 1).result()), records.size(), null, null);
            Jsonl.write(out, List.copyOf(r.converted().values()));
            if (failures != null) Jsonl.write(failures, failedAndWarned(records, r));
            for (ConvertRunner.Failure f : r.failures()) {
                System.err.println("error: " + f.record().get("error").asText());
                if (verbose) f.cause().printStackTrace();
            }
            r.warnings().values().forEach(w -> System.err.println("warning: " + w));
            System.out.print(summary(records, r));
            int converted = r.converted().size() - r.skipped();
            System.out.printf("converted %d, skipped %d (complete and current), failed %d of %d samples%s%s in %.1f s "
                            + "(%.2f samples/s, input %.1f MB/s, %d threads, memory budget %s) -> %s%n",
                    converted, r.skipped(), r.failures().size(), r.total(), shard == null ? "" : " (shard " + options.shard() + ")",
                    r.warnings().isEmpty() ? "" : ", " + r.warnings().size() + " with warnings",
                    r.seconds(), converted / r.seconds(), r.inputBytes() / 1e6 / r.seconds(), options.threads(),
                    ByteSize.format(options.memoryBytes()), out);
            System.out.println("npy files -> " + npyRoot.toAbsolutePath().normalize());
            if (failures != null && !r.failures().isEmpty()) System.out.println("failed records -> " + failures);
            if (failures != null && !r.warnings().isEmpty()) System.out.println("warned records (with a \"warning\" field) -> " + failures);
            if (r.stopped()) {
                System.err.printf("interrupted: %d of %d samples done (%d converted now, %d already), %d failed, %d not started; "
                                + "%s holds the %d done. Run the same command again to continue: finished samples are skipped.%n",
                        r.converted().size(), r.total(), converted, r.skipped(), r.failures().size(), r.notStarted().size(), out, r.converted().size());
                return Main.INTERRUPTED;
            }
            return r.failures().isEmpty() && !checkFailed ? 0 : Main.SAMPLES_FAILED;
        }
    }

    private int dryRun(ConvertRunner runner, List<ObjectNode> records, ConvertRunner.Options options) {
        ConvertRunner.DryRun plan = runner.dryRun(records);
        Map<String, int[]> byDataset = new TreeMap<>();
        plan.current().forEach((index, current) ->
                byDataset.computeIfAbsent(records.get(index).get("dataset").asText(), d -> new int[2])[current ? 1 : 0]++);
        StringBuilder s = new StringBuilder(String.format("%-32s %10s %8s%n", "dataset", "convert", "skip"));
        byDataset.forEach((d, n) -> s.append(String.format("%-32s %10d %8d%n", d, n[0], n[1])));
        long todo = plan.current().values().stream().filter(c -> !c).count();
        s.append(String.format("dry run: would convert %d and skip %d (complete and current) of %d samples%s; peak heap about %s "
                        + "(budget %s, %d threads); disk about %s of images (at most: before the foreground crop) plus the class masks; "
                        + "nothing written%n", todo, plan.current().size() - todo, plan.current().size(),
                shard == null ? "" : " (shard " + options.shard() + ")", ByteSize.format(plan.peakBytes()),
                ByteSize.format(options.memoryBytes()), options.threads(), ByteSize.format(plan.imageBytes())));
        System.out.print(s);
        return 0;
    }

    /**
     * One line per dataset, as the demo's table: samples, converted now, skipped as current, failed, not started;
     * and how many of the converted and skipped ones have a warning.
     */
    static String summary(List<ObjectNode> records, ConvertRunner.Result r) {
        Map<String, int[]> rows = new TreeMap<>();
        Set<Integer> failed = new HashSet<>();
        r.failures().forEach(f -> failed.add(f.index()));
        for (int i = 0; i < records.size(); i++) {
            int column = failed.contains(i) ? 3 : r.skippedSamples().contains(i) ? 2 : r.converted().containsKey(i) ? 1
                    : r.notStarted().contains(i) ? 4 : -1; // -1: in another shard
            if (column < 0) continue;
            int[] row = rows.computeIfAbsent(records.get(i).get("dataset").asText(), d -> new int[6]);
            row[0]++;
            row[column]++;
            if (r.warnings().containsKey(i)) row[5]++;
        }
        boolean stopped = r.stopped();
        StringBuilder b = new StringBuilder(String.format("%-32s %8s %10s %8s %7s %7s%s%n", "dataset", "samples", "converted", "skipped",
                "failed", "warned", stopped ? "  not started" : ""));
        rows.forEach((d, n) -> b.append(String.format("%-32s %8d %10d %8d %7d %7d%s%n", d, n[0], n[1], n[2], n[3], n[5],
                stopped ? String.format(" %12d", n[4]) : "")));
        return b.toString();
    }

    /** --strict: the samples with a warning become failures, each with its warning as the error. */
    private static ConvertRunner.Result warningsFailed(List<ObjectNode> records, ConvertRunner.Result r) {
        SortedMap<Integer, ObjectNode> converted = new TreeMap<>(r.converted());
        List<ConvertRunner.Failure> failed = new ArrayList<>(r.failures());
        r.warnings().forEach((index, warning) -> {
            ObjectNode record = inputWith(records.get(index), converted.remove(index), "error", warning);
            failed.add(new ConvertRunner.Failure(index, record, new IOException(warning)));
        });
        failed.sort(Comparator.comparingInt(ConvertRunner.Failure::index));
        SortedSet<Integer> skipped = new TreeSet<>(r.skippedSamples());
        skipped.removeAll(r.warnings().keySet());
        return new ConvertRunner.Result(converted, failed, skipped, r.notStarted(), r.inputBytes(), r.seconds(), new TreeMap<>());
    }

    /** The failed records with their "error" and the warned ones with their "warning", in input order. */
    private static List<ObjectNode> failedAndWarned(List<ObjectNode> records, ConvertRunner.Result r) {
        SortedMap<Integer, ObjectNode> out = new TreeMap<>();
        r.failures().forEach(f -> out.put(f.index(), f.record()));
        r.warnings().forEach((index, warning) -> out.put(index, inputWith(records.get(index), r.converted().get(index), ConvertRunner.WARNING, warning)));
        return List.copyOf(out.values());
    }

    /** The input record with the sample_id it was converted under and {@code field} set to {@code text}. */
    private static ObjectNode inputWith(ObjectNode input, ObjectNode converted, String field, String text) {
        ObjectNode record = input.deepCopy();
        record.remove("error");
        record.remove(ConvertRunner.WARNING);
        record.set("sample_id", converted.get("sample_id"));
        record.put(field, text);
        return record;
    }
}
