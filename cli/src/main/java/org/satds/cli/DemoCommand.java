package org.satds.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a small synthetic collection in real raw layouts (CT, MRI, PET) and run process, convert, split, check, visualize and stats on it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "satds-demo", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--per-dataset", defaultValue = "4", description = "patients per dataset, at least 1 (default: ${DEFAULT-VALUE})")
    int perDataset;

    @Override
    public Integer call() throws Exception {
        if (perDataset < 1) throw new IllegalArgumentException("--per-dataset must be at least 1, not " + perDataset);
        Demo demo = new Demo(out, System.out);
        List<Demo.Row> rows = demo.run(perDataset);
        System.out.println();
        System.out.print(Demo.table(rows));
        System.out.println("\noutputs in " + out.toAbsolutePath() + ": raw/ jsonl/ npy/ converted/ split/ visualize/ predictions/ restored/ evaluate/ stats/");
        System.out.println("look at them in the browser:\n" + demo.viewCommand());
        return Demo.allSound(rows) ? 0 : 1;
    }
}
