package org.satds.pipeline.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.convert.SharedSample;
import org.satds.pipeline.record.SampleId;

/**
 * Runs a {@link Job} over a list of records (converting with {@link NpyConverter}, restoring, checking): samples in parallel, admitted against a memory budget
 * estimated from their headers; records that share a file run together so that the file is decoded once;
 * samples whose outputs are complete and current are skipped (see {@link Manifests}); a failing sample is
 * recorded and the others go on.
 */
public final class ConvertRunner {
    /** One sample's conversion: NpyConverter's, or in fault-injection tests one that fails. */
    @FunctionalInterface
    /** What the runner does to one sample, reading volumes through the run's decode-once cache. */
    public interface Conversion {
        ObjectNode convert(ObjectNode record, int index, VolumeReader reader) throws IOException;
    }

    /**
     * @param threads     samples converted at once
     * @param memoryBytes heap the running samples may take together, by their estimates
     * @param shard       the part of the records this run converts
     * @param force       convert even samples whose outputs are complete and current
     * @param progress    draw a progress bar on stderr
     */
    public record Options(int threads, long memoryBytes, Shard shard, boolean force, boolean progress) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
            if (memoryBytes < 1) throw new IllegalArgumentException("memory budget must be positive");
        }

        /** All cores, 80% of the heap (the rest is slack for the collector and I/O buffers), every record. */
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), defaultMemory(), Shard.ALL, false, false);
        }

        public static long defaultMemory() {
            return (long) (Runtime.getRuntime().maxMemory() * 0.8);
        }

        public Options withThreads(int n) { return new Options(n, memoryBytes, shard, force, progress); }

        public Options withMemory(long bytes) { return new Options(threads, bytes, shard, force, progress); }

        public Options withShard(Shard s) { return new Options(threads, memoryBytes, s, force, progress); }

        public Options withForce(boolean f) { return new Options(threads, memoryBytes, shard, f, progress); }

        public Options withProgress(boolean p) { return new Options(threads, memoryBytes, shard, force, p); }
    }

    /**
     * @param converted  converted records of this shard by input position (skipped ones included)
     * @param failures   the failed samples in input order
     * @param skippedSamples positions of the records whose outputs were complete and current
     * @param notStarted positions of the records not started because the run was asked to stop ({@link #stoppingWhen})
     * @param inputBytes bytes of the input files this run read (each file once; failed samples included)
     * @param warnings   per input position, what a job said of a sample it did (skipped ones included), in one line
     */
    public record Result(SortedMap<Integer, ObjectNode> converted, List<Failure> failures, SortedSet<Integer> skippedSamples,
                         SortedSet<Integer> notStarted, long inputBytes, double seconds, SortedMap<Integer, String> warnings) {
        /** Records in this shard. */
        public int total() {
            return converted.size() + failures.size() + notStarted.size();
        }

        public int skipped() {
            return skippedSamples.size();
        }

        /** Whether the run was stopped before every sample was converted or had failed. */
        public boolean stopped() {
            return !notStarted.isEmpty();
        }
    }

    /**
     * @param record the input record with its sample_id and an "error" field (the reason in one line): a jsonl of
     *               these can be converted again as it is
     */
    public record Failure(int index, ObjectNode record, Throwable cause) {}

    /** The files a record's task reads: the runner estimates its memory from their headers and decodes each once. */
    @FunctionalInterface
    public interface Inputs {
        List<Input> of(ObjectNode record);
    }

    /**
     * Where a task other than convert keeps each sample's result: a manifest per sample, dir/&lt;dataset&gt;/&lt;sample
     * id&gt;.json, holding the result itself, so that a rerun skips the samples whose inputs and recipe are unchanged.
     *
     * @param task   the progress bar's name
     * @param format bump when the task computes a different result from the same inputs, so old results are redone
     * @param files  the files a result names (written by the task beside its manifest): a rerun redoes a sample
     *               when one of them is missing or resized
     */
    public record Results(String task, Path dir, int format, Function<ObjectNode, List<Path>> files) {
        /** The manifest of a sample; a task writes its files in the same folder, named after the sample id. */
        public Path manifest(String dataset, String sampleId) {
            return dir.resolve(dataset).resolve(sampleId + ".json");
        }
    }

    /**
     * A job's output record may carry a warning (one line) in this field: the runner keeps it in the sample's manifest
     * (so a rerun that skips the sample says it again) and moves it out of the record into {@link Result#warnings}.
     * A record of a failures file that carries one is a record to convert like any other.
     */
    public static final String WARNING = "warning";

    /** A record to convert, with its position in the input (which names samples without an id) and its inputs. */
    private record Sample(int index, ObjectNode record, List<Input> inputs) {}

    /**
     * A job riding on the runner's pass over the same records (stats or check during convert): each sample's files
     * are decoded and the sample normalized once for the runner's job and its riders ({@link SharedSample}). Riders
     * run before the runner's job, in the order given (those reading the sample before intensity normalization
     * first); each keeps its own results, failures and skips, as if it had run alone.
     */
    public static final class Rider {
        private final Conversion task;
        /** Null when the task writes nothing (nothing to resume). */
        private final Manifests manifests;
        private final Map<Integer, ObjectNode> done = new ConcurrentHashMap<>();
        private final Failures failures;
        private final SortedSet<Integer> skipped = new TreeSet<>();
        private Result result;

        private Rider(Job job, Conversion task) {
            this.task = task;
            this.manifests = job == null ? null : new Manifests(job);
            this.failures = new Failures(job);
        }

        /** A task whose results are kept per sample, as {@link #withResults(NpyConverter, Options, Conversion, Results)}. */
        public static Rider withResults(NpyConverter converter, Conversion task, Results results) {
            Job job = new ResultsJob(converter, task, results);
            return new Rider(job, job::run);
        }

        /** A task that writes nothing, as {@link #withoutOutputs(NpyConverter, Options, Conversion, String)}. */
        public static Rider withoutOutputs(Conversion task) {
            return new Rider(null, task);
        }

        /** This rider's part of the pass, once the runner's {@link #run} returned. */
        public Result result() {
            if (result == null) throw new IllegalStateException("the pass has not run");
            return result;
        }

        /** Takes the stored result of a sample complete and current for this rider; false when it must run. */
        private boolean skips(Sample s, boolean force) {
            if (force || manifests == null || s.inputs().isEmpty()) return false;
            ObjectNode current;
            try {
                current = manifests.current(s.record(), s.index(), s.inputs());
            } catch (IOException | RuntimeException e) {
                return false; // e.g. an input is gone: running reports why
            }
            if (current == null) return false;
            done.put(s.index(), current);
            skipped.add(s.index());
            return true;
        }

        private void run(Sample s, VolumeReader reader) {
            try {
                if (manifests != null) manifests.invalidate(s.record(), s.index());
                ObjectNode out = task.convert(s.record(), s.index(), reader);
                if (manifests != null) manifests.write(s.record(), s.index(), s.inputs(), out);
                done.put(s.index(), out);
            } catch (Exception | OutOfMemoryError e) {
                failures.add(s.index(), s.record(), e);
            }
        }

        private void finish(SortedSet<Integer> all, long inputBytes, double seconds) {
            List<Failure> failed = failures.inInputOrder();
            SortedSet<Integer> notStarted = new TreeSet<>(all);
            notStarted.removeAll(done.keySet());
            failed.forEach(f -> notStarted.remove(f.index()));
            result = new Result(new TreeMap<>(done), failed, skipped, notStarted, inputBytes, seconds, new TreeMap<>());
        }
    }

    /** The files each record reads. */
    private final Inputs inputs;
    /** The job whose outputs the manifests record; null when the task writes nothing (nothing to resume). */
    private final Job job;
    private final Options options;
    private final Conversion conversion;
    /** Null when the task writes no outputs (nothing to resume). */
    private final Manifests manifests;
    /** Asked before each sample: true stops the run there, the samples in progress still finishing. */
    private final BooleanSupplier stop;
    /** What the progress bar calls the work. */
    private final String task;
    private final List<Rider> riders;

    public ConvertRunner(NpyConverter converter, Options options) {
        this(new ConvertJob(converter), options);
    }

    /** Runs another job (restoring predictions, say) with the same machinery; it resumes from its manifests. */
    public ConvertRunner(Job job, Options options) {
        this(job, options, job::run);
    }

    ConvertRunner(NpyConverter converter, Options options, Conversion conversion) {
        this(new ConvertJob(converter), options, conversion);
    }

    private ConvertRunner(Job job, Options options, Conversion conversion) {
        this(job::inputs, job, options, conversion, new Manifests(job), () -> false, job.name(), List.of());
    }

    private ConvertRunner(Inputs inputs, Job job, Options options, Conversion conversion, Manifests manifests,
                          BooleanSupplier stop, String task, List<Rider> riders) {
        this.inputs = inputs;
        this.job = job;
        this.task = task;
        this.options = options;
        this.conversion = conversion;
        this.manifests = manifests;
        this.stop = stop;
        this.riders = riders;
    }

    /**
     * This runner, stopping when {@code stop} says so (Ctrl-C, see {@link StopRequest}): no sample starts after
     * that, those in progress finish, and the result holds what was done.
     */
    public ConvertRunner stoppingWhen(BooleanSupplier stop) {
        return new ConvertRunner(inputs, job, options, conversion, manifests, stop, task, riders);
    }

    /** This runner, with {@code riders} on its pass (see {@link Rider}); each rider's result is there when the run returns. */
    public ConvertRunner withRiders(List<Rider> riders) {
        return new ConvertRunner(inputs, job, options, conversion, manifests, stop, task, List.copyOf(riders));
    }

    /**
     * A runner for a task that writes nothing, such as checking samples: the same parallelism, memory budget and
     * decode-once, without manifests or skipping (the task's result is the record it returns; a throw is a failure);
     * {@code name} labels the progress bar.
     */
    public static ConvertRunner withoutOutputs(NpyConverter converter, Options options, Conversion task, String name) {
        return withoutOutputs(converter::inputs, options, task, name);
    }

    /**
     * As above, for records that are not samples to normalize (a scoring task's pairs): their files are
     * {@code inputs}; {@code name} labels the progress bar.
     */
    public static ConvertRunner withoutOutputs(Inputs inputs, Options options, Conversion task, String name) {
        return new ConvertRunner(inputs, null, options, task, null, () -> false, name, List.of());
    }

    /**
     * A runner for a task whose result is the record it returns, kept per sample in {@code results} (the same
     * parallelism, memory budget and decode-once as convert; a rerun skips samples done before, unless forced).
     */
    public static ConvertRunner withResults(NpyConverter converter, Options options, Conversion task, Results results) {
        Job job = new ResultsJob(converter, task, results);
        return new ConvertRunner(job::inputs, job, options, job::run, new Manifests(job), () -> false, results.task(), List.of());
    }

    /** Converts the records of this run's shard; a record's position in the list names it when it has no id. */
    public Result run(List<ObjectNode> records) throws InterruptedException {
        long start = System.nanoTime();
        Footprint footprint = new Footprint();
        return convert(shardGroups(records, footprint), footprint, start);
    }

    /** The groups of records sharing files that this run's shard converts. */
    private List<List<Sample>> shardGroups(List<ObjectNode> records, Footprint footprint) {
        if (job != null) SampleId.requireDistinct(records, job::manifest);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) samples.add(plan(inputs, records.get(i), i));
        List<List<Sample>> groups = groupBySharedFiles(samples);
        long[] weights = groups.stream().mapToLong(g -> estimate(footprint, g)).toArray();
        List<List<Sample>> mine = new ArrayList<>();
        for (int g : options.shard().select(weights)) mine.add(groups.get(g));
        return mine;
    }

    /**
     * What {@link #run} would do, without converting: each sample of this shard with whether it is complete and
     * current (so skipped), and estimates of the heap the run needs and of the image files it writes.
     *
     * @param current     per input position in this shard: true when the sample would be skipped
     * @param peakBytes   heap the largest groups need together, as many as the threads run at once (at most the budget,
     *                    unless one group alone needs more)
     * @param imageBytes  float32 images on the 1x1x3 mm grid before the foreground crop, for the samples to convert
     *                    (an upper bound; the class masks come on top, one byte per voxel of each class's box)
     */
    public record DryRun(SortedMap<Integer, Boolean> current, long peakBytes, long imageBytes) {}

    /** Plans the records as {@link #run} does (shard, groups, skips) and estimates, converting nothing. */
    public DryRun dryRun(List<ObjectNode> records) {
        Footprint footprint = new Footprint();
        SortedMap<Integer, Boolean> current = new TreeMap<>();
        List<Long> estimates = new ArrayList<>();
        long imageBytes = 0;
        for (List<Sample> group : shardGroups(records, footprint)) {
            estimates.add(estimate(footprint, group));
            for (Sample s : group) {
                boolean skip = skippable(s) != null;
                current.put(s.index(), skip);
                if (!skip && !s.inputs().isEmpty()) imageBytes += 4 * footprint.gridVoxels(s.inputs().get(0));
            }
        }
        estimates.sort(Comparator.reverseOrder());
        long together = estimates.stream().limit(options.threads()).mapToLong(Long::longValue).sum();
        long largest = estimates.isEmpty() ? 0 : estimates.get(0);
        return new DryRun(current, Math.max(largest, Math.min(together, options.memoryBytes())), imageBytes);
    }

    /**
     * Converts a part of a larger list that is already chosen (a Spark partition; the shard option does not
     * apply), each record keyed by its position in the whole list.
     */
    public Result run(SortedMap<Integer, ObjectNode> part) throws InterruptedException {
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        part.forEach((index, record) -> samples.add(plan(inputs, record, index)));
        return convert(groupBySharedFiles(samples), new Footprint(), start);
    }

    /** Positions of the records that share files (directly or through others), each group ascending. */
    public static List<List<Integer>> groups(NpyConverter converter, List<ObjectNode> records) {
        SampleId.requireDistinct(records, new ConvertJob(converter)::manifest);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) samples.add(plan(converter::inputs, records.get(i), i));
        return groupBySharedFiles(samples).stream().map(g -> g.stream().map(Sample::index).toList()).toList();
    }

    private Result convert(List<List<Sample>> groups, Footprint footprint, long start) throws InterruptedException {
        Map<Integer, ObjectNode> converted = new ConcurrentHashMap<>();
        List<List<Sample>> pending = new ArrayList<>();
        SortedSet<Integer> all = new TreeSet<>(), skipped = new TreeSet<>();
        for (List<Sample> group : groups) {
            List<Sample> todo = new ArrayList<>();
            for (Sample s : group) {
                all.add(s.index());
                ObjectNode current = skippable(s);
                boolean ridersDone = true;
                for (Rider r : riders) ridersDone &= r.skips(s, options.force());
                if (current == null || !ridersDone) todo.add(s);
                if (current != null) {
                    converted.put(s.index(), current);
                    skipped.add(s.index());
                    RunLog.skipped(task, dataset(s), sampleId(s));
                }
            }
            if (!todo.isEmpty()) pending.add(todo);
        }

        Failures failures = new Failures(job);
        long inputBytes;
        try (Progress progress = new Progress(task, options.progress(), all.size(), skipped.size())) {
            inputBytes = runGroups(pending, footprint, converted, skipped, failures, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Rider r : riders) r.finish(all, inputBytes, seconds);
        SortedMap<Integer, String> warnings = new TreeMap<>();
        converted.replaceAll((index, record) -> withoutWarning(index, record, warnings)); // the workers are done
        List<Failure> failed = failures.inInputOrder();
        all.removeAll(converted.keySet());
        failed.forEach(f -> all.remove(f.index()));
        return new Result(new TreeMap<>(converted), failed, skipped, all, inputBytes, seconds, warnings);
    }

    /** The record without its warning field, the warning kept in {@code warnings}. */
    private static ObjectNode withoutWarning(int index, ObjectNode record, SortedMap<Integer, String> warnings) {
        if (record.hasNonNull(WARNING)) warnings.put(index, record.get(WARNING).asText());
        record.remove(WARNING);
        return record;
    }

    /** A record as the run converts it, and the files it reads (none when the record itself is invalid). */
    private static Sample plan(Inputs inputs, ObjectNode input, int index) {
        // a failures jsonl is meant to be fed back, so its "error" field is not part of the record
        ObjectNode record = input.deepCopy();
        record.remove("error");
        record.remove(WARNING);
        try {
            return new Sample(index, record, inputs.of(record));
        } catch (RuntimeException e) {
            return new Sample(index, record, List.of()); // e.g. no dataset: the conversion reports it
        }
    }

    /** The converted record of a sample this run skips (complete and current, and not forced), else null. */
    private ObjectNode skippable(Sample s) {
        return options.force() || manifests == null ? null : currentOutput(s);
    }

    private ObjectNode currentOutput(Sample s) {
        if (s.inputs().isEmpty()) return null;
        try {
            return manifests.current(s.record(), s.index(), s.inputs());
        } catch (IOException | RuntimeException e) {
            return null; // e.g. an input is gone: converting reports why
        }
    }

    /**
     * Records connected by a shared file (directly or through others) form one group, converted on one worker
     * in input order. Groups are listed in the order of their first record.
     */
    private static List<List<Sample>> groupBySharedFiles(List<Sample> samples) {
        int[] parent = new int[samples.size()]; // union-find over positions in samples
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        Map<Input, Integer> firstUser = new HashMap<>();
        for (int i = 0; i < samples.size(); i++)
            for (Input in : samples.get(i).inputs()) {
                Integer other = firstUser.putIfAbsent(SharedVolumes.key(in.file(), in.options()), i);
                if (other != null) parent[root(parent, i)] = root(parent, other);
            }
        Map<Integer, List<Sample>> groups = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) groups.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(samples.get(i));
        return new ArrayList<>(groups.values());
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    /** A group holds its distinct decoded inputs and the working arrays of one sample at a time. */
    private static long estimate(Footprint footprint, List<Sample> group) {
        Set<Input> distinct = new HashSet<>();
        long decoded = 0, working = 0;
        for (Sample s : group) {
            for (Input in : s.inputs()) if (distinct.add(SharedVolumes.key(in.file(), in.options()))) decoded += footprint.decoded(in);
            if (!s.inputs().isEmpty()) working = Math.max(working, footprint.working(s.inputs().get(0)));
        }
        return decoded + working;
    }

    /** Runs the groups on the budgeted pool; returns the input bytes read. */
    private long runGroups(List<List<Sample>> groups, Footprint footprint, Map<Integer, ObjectNode> converted, Set<Integer> skipped,
                           Failures failures, Progress progress) throws InterruptedException {
        long[] estimates = groups.stream().mapToLong(g -> estimate(footprint, g)).toArray();
        List<Callable<Long>> jobs = new ArrayList<>();
        for (List<Sample> group : groups) jobs.add(() -> stop.getAsBoolean() ? 0L : convertGroup(group, converted, skipped, failures, progress));
        long bytes = 0;
        for (long b : BudgetedPool.run(jobs, estimates, options.threads(), options.memoryBytes())) bytes += b;
        return bytes;
    }

    /** Converts a group's samples on this thread; a sample in {@code skipped} is current, only its riders run. */
    private long convertGroup(List<Sample> group, Map<Integer, ObjectNode> converted, Set<Integer> skipped, Failures failures,
                              Progress progress) {
        SharedVolumes volumes = new SharedVolumes(Volumes::read, group.stream().map(Sample::inputs).toList());
        Set<Path> counted = new HashSet<>();
        long groupBytes = 0;
        for (Sample s : group) {
            if (stop.getAsBoolean()) break;
            long bytes = 0;
            for (Input in : s.inputs()) if (counted.add(in.file())) bytes += sizeOrZero(in.file());
            groupBytes += bytes;
            long started = System.nanoTime();
            SharedSample shared = riders.isEmpty() ? null : new SharedSample(volumes);
            try {
                for (int k = 0; k < riders.size(); k++) {
                    shared.keepVolumes(k < riders.size() - 1); // a rider after this one may read the files
                    if (!riders.get(k).skipped.contains(s.index())) riders.get(k).run(s, shared);
                }
                if (skipped.contains(s.index())) continue;
                if (shared != null) {
                    shared.keepVolumes(false);
                    shared.releaseVolumes(); // the riders are done with the files; the job needs the sample
                }
                if (manifests != null) manifests.invalidate(s.record(), s.index());
                ObjectNode result = conversion.convert(s.record(), s.index(), shared == null ? volumes : shared);
                if (manifests != null) manifests.write(s.record(), s.index(), s.inputs(), result);
                converted.put(s.index(), result);
                progress.step(false, bytes);
                RunLog.sample(task, dataset(s), sampleId(s), (System.nanoTime() - started) / 1e9, null);
            } catch (Exception | OutOfMemoryError e) {
                // one sample's failure, even running out of heap, must not stop the others
                failures.add(s.index(), s.record(), e);
                progress.step(true, bytes);
                RunLog.sample(task, dataset(s), sampleId(s), (System.nanoTime() - started) / 1e9, e);
            } finally {
                volumes.release(s.inputs());
            }
        }
        return groupBytes;
    }

    private static String dataset(Sample s) {
        return s.record().path("dataset").asText("?");
    }

    private String sampleId(Sample s) {
        try {
            return job == null ? SampleId.of(s.record(), s.index()) : job.sampleId(s.record(), s.index());
        } catch (RuntimeException e) {
            return "#" + s.index(); // the record is invalid; its failure says why
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
