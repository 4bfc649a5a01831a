package org.satds.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.satds.core.io.IoErrors;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** The satds command line: thin picocli commands over the pipeline. */
@Command(name = "satds", mixinStandardHelpOptions = true, version = "satds 0.1.0",
        description = "SAT-DS for Java: build, normalize and convert the SAT-DS segmentation collection.",
        exitCodeListHeading = "%nExit status (every command):%n",
        exitCodeList = {"0:done, nothing failed", "1:some samples failed (or were flagged) and the run went on; they are listed",
                "2:nothing was run: a usage or setup mistake (bad option, unreadable input, unwritable output, invalid records)",
                "130:interrupted (Ctrl-C); what was finished is kept and a rerun continues"})
public final class Main {
    /**
     * The subcommands, in the order help lists them. Only the one a run names is given to picocli, which otherwise
     * reflects over every command's options before running one (about 0.13 s of CPU at each start; docs/performance.md).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, DatasetsCommand.class, ProcessCommand.class,
            ConvertCommand.class, CheckCommand.class, VisualizeCommand.class, RestoreCommand.class, SplitCommand.class,
            MergeCommand.class, RelocateCommand.class, EvaluateCommand.class, StatsCommand.class, ExportCommand.class, ViewCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class);

    /** Exit status: some samples failed and the run went on. */
    static final int SAMPLES_FAILED = 1;
    /** Exit status: nothing was run, because of a usage or setup mistake (picocli's own usage code is the same). */
    static final int SETUP_ERROR = CommandLine.ExitCode.USAGE;
    /** Exit status of an interrupted run, as the shell reports a process ended by SIGINT. */
    static final int INTERRUPTED = 130;

    public static void main(String[] args) {
        warmUp();
        System.exit(run(args));
    }

    /**
     * While picocli sets up the command line on this core (about 0.1 s, interpreted), another core initializes
     * Jackson, its YAML reader and the recipe deserializer, which the commands that read records need next. A
     * command that needs none of it loses nothing: the thread is a daemon, and what it warms is shared state that
     * is the same whoever initializes it.
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                Jsonl.MAPPER.readTree("{\"dataset\": \"AbdomenCT1K\"}");
                RecipeBook.builtIn().get("AbdomenCT1K");
            } catch (Exception e) {
                // nothing was warmed; the command will initialize it itself
            }
        }, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** --log on every command, once here rather than in each (LogFile acts on it before picocli parses). */
    private static void addLogOption(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().optionsMap().containsKey(LogFile.OPTION) || sub.getCommand() instanceof CommandLine.HelpCommand) continue;
            sub.getCommandSpec().addOption(OptionSpec.builder(LogFile.OPTION).paramLabel("FILE").type(Path.class)
                    .description("also append everything printed, each sample's time or failure, and the exit status, with "
                            + "timestamps, to FILE").build());
            addLogOption(sub);
        }
    }

    /** Runs a command; a failure prints one line (the stack trace too with --verbose) and exits with 2. */
    public static int run(String... args) {
        LogFile log;
        try {
            log = LogFile.open(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return SETUP_ERROR;
        }
        if (log == null) return execute(args);
        try (log) {
            int status = execute(args);
            log.exit(status);
            return status;
        } catch (java.io.IOException e) {
            System.err.println("error: --log: " + IoErrors.describe(e));
            return SETUP_ERROR;
        }
    }

    private static int execute(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine line = new CommandLine(new Main());
        List<Class<?>> named = args.length == 0 ? List.of()
                : SUBCOMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        // help, a typo or no command at all: every command, for the list, the suggestion or the help of one
        for (Class<?> c : named.isEmpty() || named.get(0) == CommandLine.HelpCommand.class ? SUBCOMMANDS : named) line.addSubcommand(c);
        addLogOption(line);
        return line.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    System.err.println("error: " + IoErrors.describe(e));
                    if (verbose) e.printStackTrace();
                    return SETUP_ERROR;
                })
                .execute(args);
    }
}
