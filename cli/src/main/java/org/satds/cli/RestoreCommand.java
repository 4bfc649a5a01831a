package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.jsonl.Jsonl;
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
        Restorer restorer = new Restorer(source.loader(), source.base(), pred, out, mode);
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
}
