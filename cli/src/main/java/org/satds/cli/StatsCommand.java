package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.stats.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Fingerprint every sample (native spacing, shape, orientation and foreground intensities; classes after "
                + "normalizing: voxels, volume, components, box) in one parallel pass, and summarize each dataset.",
                "Writes OUT/stats.json and OUT/report.html (one self-contained page); a rerun skips samples done before."})
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, arity = "1..*", description = "raw jsonl files (one dataset, several, or a merged collection)")
    List<Path> jsonl;

    @Option(names = "--out", required = true, description = "folder for stats.json, report.html and the per-sample results")
    Path out;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Option(names = "--thumbnails", defaultValue = "" + Stats.THUMBNAILS, description = "samples pictured per dataset in the report (default: ${DEFAULT-VALUE})")
    int thumbnails;

    @Option(names = "--force", description = "compute every sample again, even those done by an earlier run")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Stats.warmUp(); // while this thread reads the records
        List<ObjectNode> records = new ArrayList<>();
        for (Path f : jsonl) records.addAll(Preflight.recordsOf(f));
        Stats.Result r = new Stats(source.loader(), source.base(), run.options().withForce(force), thumbnails).run(records, out);
        print(r);
        return r.failed() == 0 ? 0 : 1;
    }

    static void print(Stats.Result r) {
        System.out.printf("%d samples summarized (%d from an earlier run), %d failed, in %.1f s%n", r.samples() - r.failed(), r.skipped(),
                r.failed(), r.seconds());
        System.out.println("stats:  " + r.statsJson().toAbsolutePath());
        System.out.println("report: " + r.report().toAbsolutePath());
    }
}
