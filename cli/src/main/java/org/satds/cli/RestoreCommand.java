package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.restore.Restorer;
import org.satds.pipeline.run.ConvertRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Map SAT's predictions (normalized space, <pred>/<dataset>/seg_<sample_id>/<label>.nii.gz) back onto each scan: "
                + "<out>/<dataset>/<sample_id>/<label>.nii.gz on the scan's grid with its geometry, a label map <out>/<dataset>/<sample_id>.nii.gz "
                + "(label i is i + 1, the later label wins where classes overlap) and <out>/restored.jsonl.",
                "The inverse is MONAI 1.1.0's Invertd over Orientation, Spacing(1, 1, 3) and CropForeground. Resumable like convert."})
final class RestoreCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "the records the predictions were made for (SAT's inference jsonl)")
    Path jsonl;

    @Option(names = "--pred", required = true, description = "SAT's inference output folder")
    Path pred;

    @Option(names = "--out", required = true, description = "folder to write the native-space masks into")
    Path out;

    @Option(names = "--mode", defaultValue = "nearest",
            description = "nearest: binary masks (uint8); linear: probability maps, trilinear (float32) (default: ${DEFAULT-VALUE})")
    Restorer.Mode mode;

    @Option(names = "--force", description = "restore every sample again, even those whose outputs are complete and current")
    boolean force;

    @Mixin
    LoaderOptions source;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> records = Preflight.recordsOf(jsonl);
        predictionsFolder(pred, records);
        // absolute, as convert's records name its npy files: restored.jsonl then works from any folder
        Restorer restorer = new Restorer(source.loader(), source.base(), pred, out.toAbsolutePath().normalize(), mode);
        ConvertRunner.Result r = new ConvertRunner(restorer, run.options().withForce(force)).run(records);
        Path restored = PredictionLayout.restored(out).records();
        Jsonl.write(restored, List.copyOf(r.converted().values()));
        for (ConvertRunner.Failure f : r.failures()) {
            if (f.cause() instanceof Restorer.PredictionProblems p) p.problems().forEach(line -> System.err.println("error: " + line));
            else System.err.println("error: " + f.record().get("error").asText());
        }
        int done = r.converted().size() - r.skipped();
        System.out.printf("restored %d, skipped %d (complete and current), failed %d of %d samples in %.1f s -> %s%n",
                done, r.skipped(), r.failures().size(), r.total(), r.seconds(), restored);
        return r.failures().isEmpty() ? 0 : 1;
    }

    /**
     * Refuses a --pred that holds no folder of the records' datasets when the folder one level up or down does
     * (SAT writes &lt;pred&gt;/&lt;dataset&gt;/seg_&lt;id&gt;/...), naming it: otherwise every prediction would be missing.
     */
    static void predictionsFolder(Path pred, List<ObjectNode> records) throws IOException {
        Set<String> datasets = new TreeSet<>();
        for (ObjectNode r : records) datasets.add(r.path("dataset").asText());
        if (!Files.isDirectory(pred) || datasets.stream().anyMatch(d -> Files.isDirectory(pred.resolve(d)))) return;
        List<Path> meant = new ArrayList<>();
        Path parent = pred.toAbsolutePath().normalize().getParent();
        if (parent != null && holdsPredictions(parent, datasets)) meant.add(parent);
        try (Stream<Path> children = Files.list(pred)) {
            children.filter(c -> holdsPredictions(c, datasets)).sorted().forEach(meant::add);
        }
        if (!meant.isEmpty())
            throw new IllegalArgumentException("--pred " + pred + " holds no folder of dataset " + String.join(", ", datasets)
                    + " (SAT writes <pred>/<dataset>/seg_<sample_id>/<label>.nii.gz): did you mean --pred " + meant.get(0) + "?");
    }

    /** Whether folder/&lt;dataset&gt; holds a seg_&lt;id&gt; folder for one of the datasets. */
    private static boolean holdsPredictions(Path folder, Set<String> datasets) {
        for (String d : datasets) {
            try (Stream<Path> entries = Files.list(folder.resolve(d))) {
                if (entries.anyMatch(e -> e.getFileName().toString().startsWith("seg_"))) return true;
            } catch (IOException e) {
                // no such folder
            }
        }
        return false;
    }
}
