package org.satds.cli;

import java.util.Arrays;
import org.satds.core.io.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The satds command line: thin picocli commands over the pipeline. */
@Command(name = "satds", mixinStandardHelpOptions = true, version = "satds 0.1.0",
        description = "SAT-DS for Java: build, normalize and convert the SAT-DS segmentation collection.",
        exitCodeListHeading = "%nExit status (every command):%n",
        exitCodeList = {"0:done, nothing failed", "1:some samples failed (or were flagged) and the run went on; they are listed",
                "2:nothing was run: a usage or setup mistake (bad option, unreadable input, unwritable output, invalid records)",
                "130:interrupted (Ctrl-C); what was finished is kept and a rerun continues"},
        subcommands = {DemoCommand.class, DatasetsCommand.class, ProcessCommand.class, ConvertCommand.class, CheckCommand.class,
            VisualizeCommand.class, RestoreCommand.class, SplitCommand.class, MergeCommand.class, RelocateCommand.class, EvaluateCommand.class, StatsCommand.class, ExportCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit status: some samples failed and the run went on. */
    static final int SAMPLES_FAILED = 1;
    /** Exit status: nothing was run, because of a usage or setup mistake (picocli's own usage code is the same). */
    static final int SETUP_ERROR = CommandLine.ExitCode.USAGE;
    /** Exit status of an interrupted run, as the shell reports a process ended by SIGINT. */
    static final int INTERRUPTED = 130;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; a failure prints one line (the stack trace too with --verbose) and exits with 2. */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("error: " + IoErrors.describe(e));
                    if (verbose) e.printStackTrace();
                    return SETUP_ERROR;
                })
                .execute(args);
    }
}
