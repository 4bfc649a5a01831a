package org.satds.cli;

import org.satds.pipeline.run.ByteSize;
import org.satds.pipeline.run.ConvertRunner;
import picocli.CommandLine.Option;

/** How many samples run at once and in how much memory, for every command that processes samples in bulk. */
final class RunOptions {
    @Option(names = "--threads", description = "samples processed at once (default: the number of cores)")
    Integer threads;

    @Option(names = "--memory", description = "heap budget for the samples in progress, e.g. 6g (default: 80%% of -Xmx)")
    String memory;

    @Option(names = "--no-progress", description = "do not draw the progress bar on stderr")
    boolean noProgress;

    ConvertRunner.Options options() {
        ConvertRunner.Options o = ConvertRunner.Options.defaults().withProgress(!noProgress);
        if (threads != null) o = o.withThreads(threads);
        if (memory != null) o = o.withMemory(ByteSize.parse(memory));
        return o;
    }
}
