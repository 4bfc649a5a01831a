package org.satds.pipeline.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.datasets.discovery.ConversionExecutor;
import org.satds.datasets.discovery.ConversionTask;
import org.satds.pipeline.run.BudgetedPool;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.run.Progress;

/**
 * Runs `satds process`'s format conversions (DICOM series, PNG stacks, per-organ stacks, MAT, NRRD, MetaImage)
 * on the runner's pool: --threads at once within the --memory budget, with a progress bar. A rerun skips
 * finished conversions because the processor only plans outputs that are missing.
 */
public final class ParallelConversions implements ConversionExecutor {
    /**
     * A conversion holds its decoded input and its output as floats while it writes: about four bytes per input
     * byte of the (mostly uncompressed) raw files, plus a margin for the small ones. A rough guess, deliberately
     * high; conversions are far smaller than the conversion runs of `satds convert`.
     */
    static final long BYTES_PER_INPUT_BYTE = 4, MARGIN = 64L << 20;

    private final ConvertRunner.Options options;

    public ParallelConversions(ConvertRunner.Options options) {
        this.options = options;
    }

    @Override
    public void runAll(List<ConversionTask> tasks) throws InterruptedException {
        long[] bytes = new long[tasks.size()], estimates = new long[tasks.size()];
        List<Callable<Void>> jobs = new ArrayList<>();
        try (Progress progress = new Progress("process", options.progress(), tasks.size(), 0)) {
            for (int i = 0; i < tasks.size(); i++) {
                ConversionTask task = tasks.get(i);
                bytes[i] = task.inputBytes();
                estimates[i] = bytes[i] * BYTES_PER_INPUT_BYTE + MARGIN;
                long read = bytes[i];
                jobs.add(() -> {
                    task.run();
                    progress.step(task.failure() != null, read);
                    return null;
                });
            }
            BudgetedPool.run(jobs, estimates, options.threads(), options.memoryBytes());
        }
    }
}
