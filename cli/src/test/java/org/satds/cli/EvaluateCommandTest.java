package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.volume.Volume;

/**
 * `satds evaluate` on the golden ACDC sample with planted faults: a missing file, a wrong shape and a non-binary
 * prediction are each listed with their reason and never scored; the exit code says so; --missing-as-empty scores
 * the missing one as SAT does.
 */
class EvaluateCommandTest {
    static final Path GOLDEN = Path.of(System.getProperty("satds.testdata"), "golden", "evaluate");

    @Test
    void listsBadPredictionsAndScoresTheRest(@TempDir Path dir) throws Exception {
        String acdc = Files.readAllLines(GOLDEN.resolve("gt.jsonl")).stream().filter(l -> l.contains("\"dataset\": \"ACDC\"")).findFirst().orElseThrow();
        Path gt = dir.resolve("gt.jsonl");
        Files.writeString(gt, acdc + "\n");
        Path pred = dir.resolve("pred").resolve("ACDC").resolve("seg_0");
        Files.createDirectories(pred);
        Files.copy(GOLDEN.resolve("pred/ACDC/seg_0/left heart ventricle.nii.gz"), pred.resolve("left heart ventricle.nii.gz"));
        // chwd is [1, 62, 53, 17]: a prediction of another shape, and one with a value that is not 0 or 1
        NiftiWriter.write(pred.resolve("myocardium.nii.gz"), Volume.ofFloats(new int[] {62, 53, 16}, Affine.diagonal(1, 1, 1),
                new float[62 * 53 * 16]), DataType.FLOAT32);
        float[] half = new float[62 * 53 * 17];
        half[7] = 0.5f;
        NiftiWriter.write(pred.resolve("heart ventricle.nii.gz"), Volume.ofFloats(new int[] {62, 53, 17}, Affine.diagonal(1, 1, 1), half),
                DataType.FLOAT32);
        Path out = dir.resolve("out");
        String[] args = {"evaluate", "--gt", gt.toString(), "--data-root", GOLDEN.toString(), "--pred", dir.resolve("pred").toString(),
            "--out", out.toString(), "--no-progress"};
        assertEquals(1, Main.run(args));
        List<String> unscored = Files.readAllLines(out.resolve("unscored.csv"));
        assertEquals(4, unscored.size(), String.join("\n", unscored));
        assertTrue(line(unscored, "right heart ventricle").contains("no prediction"), line(unscored, "right heart ventricle"));
        assertTrue(line(unscored, "myocardium").contains("shape [62, 53, 16] differs"), line(unscored, "myocardium"));
        assertTrue(line(unscored, ",heart ventricle").contains("value 0.5 is not 0 or 1"), line(unscored, ",heart ventricle"));
        List<String> samples = Files.readAllLines(out.resolve("samples.csv"));
        assertEquals(List.of("dataset,modality,sample_id,label,dice,nsd", "ACDC,mri,0,left heart ventricle,1.0,1.0"), samples);

        String[] empty = java.util.Arrays.copyOf(args, args.length + 1);
        empty[args.length] = "--missing-as-empty";
        assertEquals(1, Main.run(empty), "the wrong shape and the non-binary values still count");
        assertTrue(Files.readAllLines(out.resolve("samples.csv")).contains("ACDC,mri,0,right heart ventricle,0.0,0.0"));
        assertEquals(3, Files.readAllLines(out.resolve("unscored.csv")).size());
    }

    private static String line(List<String> lines, String label) {
        return lines.stream().filter(l -> l.contains(label)).findFirst().orElse("(no line for " + label + ")");
    }
}
