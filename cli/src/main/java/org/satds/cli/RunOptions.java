package org.satds.cli;

import java.lang.management.ManagementFactory;
import org.satds.pipeline.run.ByteSize;
import org.satds.pipeline.run.ConvertRunner;
import picocli.CommandLine.Option;

/** How many samples run at once and in how much memory, for every command that processes samples in bulk. */
final class RunOptions {
    /** A budget below this holds no sample of SAT-DS; "--memory 10k" is a slip for 10g rather than a plan. */
    static final long SMALLEST_BUDGET = 64L << 20;

    @Option(names = "--threads", description = "samples processed at once (default and most: the number of cores)")
    Integer threads;

    @Option(names = "--memory", description = "heap budget for the samples in progress, e.g. 6g (default: 80%% of the Java heap; "
            + "./satds sizes the heap from this)")
    String memory;

    @Option(names = "--no-progress", description = "do not draw the progress bar on stderr")
    boolean noProgress;

    /** The options, refusing a budget too small or larger than the heap or the machine, and clamping threads to the cores. */
    ConvertRunner.Options options() {
        ConvertRunner.Options o = ConvertRunner.Options.defaults().withProgress(!noProgress);
        if (threads != null) {
            int cores = Runtime.getRuntime().availableProcessors();
            if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
            if (threads > cores) {
                // each sample's resampling already uses every core; more threads only hold more samples in memory
                System.err.println("note: --threads " + threads + " is more than the " + cores + " cores here; using " + cores);
            }
            o = o.withThreads(Math.min(threads, cores));
        }
        if (memory != null) o = o.withMemory(budget(memory));
        return o;
    }

    private static long budget(String text) {
        long bytes = ByteSize.parse(text);
        long heap = Runtime.getRuntime().maxMemory(), machine = machineMemory();
        if (bytes < SMALLEST_BUDGET)
            throw new IllegalArgumentException("--memory " + text + " is " + ByteSize.format(bytes) + ", too small to hold a sample "
                    + "(at least 64m; sizes take k, m, g or t, e.g. 6g)");
        if (machine > 0 && bytes > machine)
            throw new IllegalArgumentException("--memory " + text + " is more than this machine's " + ByteSize.format(machine) + " of memory");
        if (bytes > heap)
            throw new IllegalArgumentException("--memory " + text + " is more than the Java heap of " + ByteSize.format(heap)
                    + " (./satds sizes the heap from --memory; with java -jar, give -Xmx)");
        return bytes;
    }

    /** Physical memory (or the container's limit), 0 when the JVM cannot tell. */
    private static long machineMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : 0;
    }
}
