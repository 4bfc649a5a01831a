package org.satds.cli;

import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The satds command line: thin picocli commands over the pipeline. */
@Command(name = "satds", mixinStandardHelpOptions = true, version = "satds 0.1.0",
        description = "SAT-DS for Java: build, normalize and convert the SAT-DS segmentation collection.",
        subcommands = {DemoCommand.class, DatasetsCommand.class, ProcessCommand.class, ConvertCommand.class, CheckCommand.class,
            VisualizeCommand.class, RestoreCommand.class, SplitCommand.class, MergeCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command; a failure prints one line (the stack trace too with --verbose) and exits with 2. */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("error: " + e.getMessage());
                    if (verbose) e.printStackTrace();
                    return 2;
                })
                .execute(args);
    }
}
