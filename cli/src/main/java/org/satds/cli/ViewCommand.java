package org.satds.cli;

import java.awt.Desktop;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.viewer.Collection;
import org.satds.viewer.Viewer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Look at a collection in the browser (NiiVue): datasets, samples in normalized, native and restored space, "
                + "an evaluation's pairs worst first, the stats report linked in. Serves on 127.0.0.1 with a random token; Ctrl-C stops it.")
final class ViewCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, arity = "1..*", description = "raw, converted or restored jsonl files (any mix)")
    List<Path> jsonl;

    @Option(names = "--evaluate", description = "output folder of satds evaluate: its pairs, worst first")
    Path evaluate;

    @Option(names = "--pred", description = "the predictions that evaluation scored, to open its pairs: SAT's layout, or for "
            + "evaluate --native the output folder of satds restore (its restored.jsonl joins the collection)")
    Path predictions;

    @Option(names = "--stats", description = "output folder of satds stats: its report, linked to the viewer")
    Path stats;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--port", defaultValue = "0", description = "port (default: a free one)")
    int port;

    @Option(names = "--no-browser", description = "print the URL only")
    boolean noBrowser;

    @Mixin
    LoaderOptions source;

    @Override
    public Integer call() throws Exception {
        if (!Viewer.hasPage()) {
            System.err.println("satds view: this build has no viewer page, because npm was missing when it was built. Install Node.js and npm "
                    + "(Debian: apt-get install nodejs npm), then rebuild: mvn -q -DskipTests package -pl cli -am");
            return 2;
        }
        List<Path> files = new ArrayList<>(jsonl);
        if (predictions != null && Files.isRegularFile(PredictionLayout.restored(predictions).records()))
            files.add(PredictionLayout.restored(predictions).records());
        Viewer viewer = new Viewer(Collection.read(files, source.base()), source.loader(), source.base(), evaluate, predictions, stats);
        URI url = viewer.start(host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            viewer.close();
            System.out.println("\nsatds view stopped");
            stopped.countDown();
        }, "satds-view-stop"));
        System.out.println("satds view: open " + url + "\n(Ctrl-C stops it)");
        if (!noBrowser && Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) Desktop.getDesktop().browse(url);
        stopped.await();
        return 0;
    }
}
