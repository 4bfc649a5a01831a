package org.satds.datasets.discovery;

import java.util.List;

/**
 * Runs the conversions a dataset's samples need, for {@link Processor#run(String, java.nio.file.Path,
 * java.nio.file.Path, java.util.Map, ConversionExecutor)}: in parallel, within a memory budget, with progress
 * (the pipeline's runner does). Each task records its own failure; the executor only has to run every one.
 */
@FunctionalInterface
public interface ConversionExecutor {
    void runAll(List<ConversionTask> tasks) throws InterruptedException;
}
