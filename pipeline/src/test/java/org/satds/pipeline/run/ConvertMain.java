package org.satds.pipeline.run;

import java.nio.file.Path;
import org.satds.pipeline.jsonl.Jsonl;

/** A conversion in a child JVM, which {@link KillAndResumeTest} kills: args jsonl, out jsonl, npy root, data root. */
public final class ConvertMain {
    public static void main(String[] args) throws Exception {
        var converter = Fixtures.converter(Path.of(args[2]), Path.of(args[3]));
        ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(2)).run(Jsonl.read(Path.of(args[0])));
        Jsonl.write(Path.of(args[1]), java.util.List.copyOf(r.converted().values()));
        System.exit(r.failures().isEmpty() ? 0 : 1);
    }
}
