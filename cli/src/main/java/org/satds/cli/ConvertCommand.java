package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.run.ByteSize;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.run.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Normalize every record of a jsonl and write SAT's npy layout and the converted jsonl.",
                "Samples run in parallel within a memory budget; a rerun skips samples whose outputs are complete and current."})
final class ConvertCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "input jsonl (one record per sample; a --failures file works too)")
    Path jsonl;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Option(names = "--out", required = true, description = "converted jsonl to write")
    Path out;

    @Option(names = "--npy-root", defaultValue = "preprocessed_npy",
            description = "npy output folder (default: ${DEFAULT-VALUE}); the records name it by its absolute path, so SAT finds the files from any folder")
    Path npyRoot;

    @Option(names = "--shard", description = "convert only part K of N (1-based, e.g. 3/8), balanced by size; for cluster array jobs")
    String shard;

    @Option(names = "--force", description = "convert every sample again, even those whose outputs are complete and current")
    boolean force;

    @Option(names = "--failures", description = "write the failed records, each with an \"error\" field, to this jsonl (feed it back as --jsonl to retry)")
    Path failures;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ConvertRunner.Options options = run.options().withForce(force);
        if (shard != null) options = options.withShard(Shard.parse(shard));
        List<ObjectNode> records = Jsonl.read(jsonl);
        NpyConverter converter = new NpyConverter(source.loader(), npyRoot.toAbsolutePath().normalize().toString(), source.base());
        ConvertRunner.Result r = new ConvertRunner(converter, options).run(records);
        Jsonl.write(out, List.copyOf(r.converted().values()));
        if (failures != null) Jsonl.write(failures, r.failures().stream().map(ConvertRunner.Failure::record).toList());
        for (ConvertRunner.Failure f : r.failures()) {
            System.err.println("error: " + f.record().get("error").asText());
            if (verbose) f.cause().printStackTrace();
        }
        int converted = r.converted().size() - r.skipped();
        System.out.printf("converted %d, skipped %d (complete and current), failed %d of %d samples%s in %.1f s "
                        + "(%.2f samples/s, input %.1f MB/s, %d threads, memory budget %s) -> %s%n",
                converted, r.skipped(), r.failures().size(), r.total(), shard == null ? "" : " (shard " + options.shard() + ")",
                r.seconds(), converted / r.seconds(), r.inputBytes() / 1e6 / r.seconds(), options.threads(),
                ByteSize.format(options.memoryBytes()), out);
        if (failures != null && !r.failures().isEmpty()) System.out.println("failed records -> " + failures);
        return r.failures().isEmpty() ? 0 : 1;
    }
}
