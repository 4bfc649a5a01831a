package org.satds.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The satds command line: thin picocli commands over the pipeline. */
@Command(name = "satds", mixinStandardHelpOptions = true, version = "satds 0.1.0",
        description = "SAT-DS for Java: build, normalize and convert the SAT-DS segmentation collection.",
        subcommands = {ConvertCommand.class, DatasetsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
