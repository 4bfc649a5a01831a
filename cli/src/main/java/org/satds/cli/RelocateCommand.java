package org.satds.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.relocate.Relocate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "relocate", mixinStandardHelpOptions = true,
        description = {"Point a converted jsonl at its npy folder after the folder moved (another disk, machine or mount).",
            "Paths are rebuilt from each record's dataset and sample_id; every file must be under the new root. "
                + "A rerun of convert with the new --npy-root does the same (skipping every sample) where the raw data is at hand."})
final class RelocateCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "converted jsonl whose paths point at the old place")
    Path jsonl;

    @Option(names = "--npy-root", required = true, description = "where the npy folder is now (written as an absolute path)")
    Path npyRoot;

    @Option(names = "--out", required = true, description = "converted jsonl to write (may be --jsonl itself)")
    Path out;

    @Override
    public Integer call() throws Exception {
        var records = Relocate.relocate(Preflight.recordsOf(jsonl), npyRoot.toAbsolutePath().normalize().toString(), jsonl.toString());
        Jsonl.write(out, records);
        System.out.printf("relocated %d records to %s -> %s%n", records.size(), npyRoot.toAbsolutePath().normalize(), out);
        return 0;
    }
}
