package org.satds.pipeline.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.satds.datasets.sample.PhaseTimes.Phase;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.pipeline.record.ConvertedRecord;

/**
 * What `satds bench` measures besides the conversion itself: the I/O floor of the same work in the same run
 * (inflating the same input files, writing as many bytes in as many files as the conversion wrote), and the
 * report of where the conversion's time went, phase by phase.
 */
public final class Bench {
    private static final int BUFFER = 1 << 20;

    private Bench() {}

    /** The floor of a run: the seconds to inflate its inputs and to write its outputs' bytes, on {@code threads}. */
    public record Floor(double inflateSeconds, double writeSeconds) {
        public double seconds() {
            return inflateSeconds + writeSeconds;
        }
    }

    /**
     * Inflates every input (gzip, or a plain read) into a scratch buffer, then writes files of the outputs' sizes
     * into {@code scratchDir} (deleted afterwards); each part spread over {@code threads} workers, files whole.
     */
    public static Floor floor(Collection<Path> inputs, List<Long> outputSizes, Path scratchDir, int threads)
            throws IOException, InterruptedException {
        List<Path> in = List.copyOf(inputs);
        double inflate = onThreads(threads, in.size(), i -> inflate(in.get(i)));
        Files.createDirectories(scratchDir);
        double write = onThreads(threads, outputSizes.size(), i -> write(scratchDir.resolve(".floor-" + i), outputSizes.get(i)));
        for (int i = 0; i < outputSizes.size(); i++) Files.deleteIfExists(scratchDir.resolve(".floor-" + i));
        return new Floor(inflate, write);
    }

    /** The sizes of the files a converted record names. */
    public static List<Long> outputSizes(Collection<ObjectNode> converted) throws IOException {
        List<Long> sizes = new ArrayList<>();
        for (ObjectNode r : converted) for (Path p : ConvertedRecord.outputFiles(r)) sizes.add(Files.size(p));
        return sizes;
    }

    /** Lines of "phase: seconds (share)", then the sum, for times summed over {@code samples} samples. */
    public static String phaseTable(PhaseTimes times, int samples) {
        StringBuilder s = new StringBuilder();
        double total = times.totalSeconds();
        for (Phase p : Phase.values()) {
            double sec = times.seconds(p);
            s.append(String.format(Locale.ROOT, "  %-32s %7.3f s  %5.1f%%%n", p.title(), sec / samples, 100 * sec / total));
        }
        s.append(String.format(Locale.ROOT, "  %-32s %7.3f s%n", "sum of phases", total / samples));
        return s.toString();
    }

    private interface Job {
        void run(int i) throws IOException;
    }

    private static double onThreads(int threads, int n, Job job) throws InterruptedException, IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    try {
                        job.run(index);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void inflate(Path file) throws IOException {
        byte[] sink = new byte[BUFFER];
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, BUFFER) : raw;
            while (in.read(sink) >= 0) {
                // the bytes are only inflated, not used
            }
        }
    }

    private static void write(Path file, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BUFFER);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = size; left > 0; left -= block.limit()) {
                block.clear().limit((int) Math.min(BUFFER, left));
                while (block.hasRemaining()) out.write(block);
            }
        }
    }
}
