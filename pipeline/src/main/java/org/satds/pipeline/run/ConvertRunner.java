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
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.pipeline.convert.NpyConverter;

/**
 * Converts a list of records with {@link NpyConverter}: samples in parallel, admitted against a memory budget
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
     * @param total      records in this shard
     * @param skipped    records whose outputs were complete and current
     * @param inputBytes bytes of the input files this run read (each file once; failed samples included)
     */
    public record Result(SortedMap<Integer, ObjectNode> converted, List<Failure> failures, int total, int skipped, long inputBytes,
                         double seconds) {}

    /**
     * @param record the input record with its sample_id and an "error" field (the reason in one line): a jsonl of
     *               these can be converted again as it is
     */
    public record Failure(int index, ObjectNode record, Throwable cause) {}

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

    /** A record to convert, with its position in the input (which names samples without an id) and its inputs. */
    private record Sample(int index, ObjectNode record, List<Input> inputs) {}

    private final NpyConverter converter;
    private final Options options;
    private final Conversion conversion;
    /** Null when the task writes no outputs (nothing to resume). */
    private final Manifests manifests;

    public ConvertRunner(NpyConverter converter, Options options) {
        this(converter, options, converter::convert);
    }

    ConvertRunner(NpyConverter converter, Options options, Conversion conversion) {
        this(converter, options, conversion, new Manifests(converter));
    }

    private ConvertRunner(NpyConverter converter, Options options, Conversion conversion, Manifests manifests) {
        this.converter = converter;
        this.options = options;
        this.conversion = conversion;
        this.manifests = manifests;
    }

    /**
     * A runner for a task that writes nothing, such as checking samples: the same parallelism, memory budget and
     * decode-once, without manifests or skipping (the task's result is the record it returns; a throw is a failure).
     */
    public static ConvertRunner withoutOutputs(NpyConverter converter, Options options, Conversion task) {
        return new ConvertRunner(converter, options, task, null);
    }

    /**
     * A runner for a task whose result is the record it returns, kept per sample in {@code results} (the same
     * parallelism, memory budget and decode-once as convert; a rerun skips samples done before, unless forced).
     */
    public static ConvertRunner withResults(NpyConverter converter, Options options, Conversion task, Results results) {
        return new ConvertRunner(converter, options, task, new Manifests(converter, results));
    }

    /** Converts the records of this run's shard; a record's position in the list names it when it has no id. */
    public Result run(List<ObjectNode> records) throws InterruptedException {
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) samples.add(plan(converter, records.get(i), i));
        Footprint footprint = new Footprint();
        List<List<Sample>> groups = groupBySharedFiles(samples);
        long[] weights = groups.stream().mapToLong(g -> estimate(footprint, g)).toArray();
        List<List<Sample>> mine = new ArrayList<>();
        for (int g : options.shard().select(weights)) mine.add(groups.get(g));
        return convert(mine, footprint, start);
    }

    /**
     * Converts a part of a larger list that is already chosen (a Spark partition; the shard option does not
     * apply), each record keyed by its position in the whole list.
     */
    public Result run(SortedMap<Integer, ObjectNode> part) throws InterruptedException {
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        part.forEach((index, record) -> samples.add(plan(converter, record, index)));
        return convert(groupBySharedFiles(samples), new Footprint(), start);
    }

    /** Positions of the records that share files (directly or through others), each group ascending. */
    public static List<List<Integer>> groups(NpyConverter converter, List<ObjectNode> records) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) samples.add(plan(converter, records.get(i), i));
        return groupBySharedFiles(samples).stream().map(g -> g.stream().map(Sample::index).toList()).toList();
    }

    private Result convert(List<List<Sample>> groups, Footprint footprint, long start) throws InterruptedException {
        Map<Integer, ObjectNode> converted = new ConcurrentHashMap<>();
        List<List<Sample>> pending = new ArrayList<>();
        int total = 0, skipped = 0;
        for (List<Sample> group : groups) {
            List<Sample> todo = new ArrayList<>();
            for (Sample s : group) {
                total++;
                ObjectNode current = options.force() || manifests == null ? null : currentOutput(s);
                if (current == null) {
                    todo.add(s);
                } else {
                    converted.put(s.index(), current);
                    skipped++;
                }
            }
            if (!todo.isEmpty()) pending.add(todo);
        }

        Failures failures = new Failures();
        long inputBytes;
        try (Progress progress = new Progress(options.progress(), manifests == null ? "convert" : manifests.task(), total, skipped)) {
            inputBytes = runGroups(pending, footprint, converted, failures, progress);
        }
        return new Result(new TreeMap<>(converted), failures.inInputOrder(), total, skipped,
                inputBytes, (System.nanoTime() - start) / 1e9);
    }

    /** A record as the run converts it, and the files it reads (none when the record itself is invalid). */
    private static Sample plan(NpyConverter converter, ObjectNode input, int index) {
        // a failures jsonl is meant to be fed back, so its "error" field is not part of the record
        ObjectNode record = input.deepCopy();
        record.remove("error");
        try {
            return new Sample(index, record, converter.inputs(record));
        } catch (RuntimeException e) {
            return new Sample(index, record, List.of()); // e.g. no dataset: the conversion reports it
        }
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

    /** Runs the groups largest first (so big ones do not straggle at the end); returns the input bytes read. */
    private long runGroups(List<List<Sample>> groups, Footprint footprint, Map<Integer, ObjectNode> converted, Failures failures,
                           Progress progress) throws InterruptedException {
        // the budget in MiB, as a Semaphore counts in ints; fair, so a large group is not overtaken forever
        int budget = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.memoryBytes() >> 20));
        Semaphore memory = new Semaphore(budget, true);
        long[] estimates = groups.stream().mapToLong(g -> estimate(footprint, g)).toArray();
        List<Integer> order = IntStream.range(0, groups.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(g -> -estimates[g]).thenComparingInt(g -> g)).toList();
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int g : order) {
            // a group larger than the whole budget takes all of it, so it runs alone rather than never
            int permits = (int) Math.max(1, Math.min(budget, (estimates[g] + (1 << 20) - 1) >> 20));
            List<Sample> group = groups.get(g);
            tasks.add(() -> {
                memory.acquire(permits);
                try {
                    return convertGroup(group, converted, failures, progress);
                } finally {
                    memory.release(permits);
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            long bytes = 0;
            for (var f : pool.invokeAll(tasks)) bytes += f.get();
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a conversion worker failed", e.getCause()); // convertGroup catches per sample
        } finally {
            pool.shutdownNow();
        }
    }

    private long convertGroup(List<Sample> group, Map<Integer, ObjectNode> converted, Failures failures, Progress progress) {
        SharedVolumes volumes = new SharedVolumes(Volumes::read, group.stream().map(Sample::inputs).toList());
        Set<Path> counted = new HashSet<>();
        long groupBytes = 0;
        for (Sample s : group) {
            long bytes = 0;
            for (Input in : s.inputs()) if (counted.add(in.file())) bytes += sizeOrZero(in.file());
            groupBytes += bytes;
            try {
                if (manifests != null) manifests.invalidate(s.record(), s.index());
                ObjectNode result = conversion.convert(s.record(), s.index(), volumes);
                if (manifests != null) manifests.write(s.record(), s.index(), s.inputs(), result);
                converted.put(s.index(), result);
                progress.step(false, bytes);
            } catch (Exception | OutOfMemoryError e) {
                // one sample's failure, even running out of heap, must not stop the others
                failures.add(s.index(), s.record(), e);
                progress.step(true, bytes);
            } finally {
                volumes.release(s.inputs());
            }
        }
        return groupBytes;
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
