package org.satds.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.pipeline.demo.Phantom;

/** Small real AbdomenCT1K samples (NIfTI phantoms) and a jsonl naming them by paths relative to {@code dir}. */
final class Samples {
    private Samples() {}

    /** Writes {@code n} cases under dir/caseI/ and returns their jsonl lines (relative paths, dataset as given). */
    static List<String> write(Path dir, int n, String dataset) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path c = Files.createDirectories(dir.resolve("case" + i));
            Phantom.write(c.resolve("image.nii.gz"), c.resolve("mask.nii.gz"), new int[] {40, 36, 16}, new double[] {1.5, 1.5, 4}, "CT", 4, i);
            lines.add(line("case" + i + "/image.nii.gz", "case" + i + "/mask.nii.gz", dataset, "p" + i));
        }
        return lines;
    }

    /** dir/in.jsonl naming one sample written under dir. */
    static Path jsonl(Path dir) throws IOException {
        return Files.write(dir.resolve("in.jsonl"), write(dir, 1, "AbdomenCT1K"));
    }

    static String line(String image, String mask, String dataset, String patient) {
        return "{\"image\": \"" + image + "\"" + (mask == null ? "" : ", \"mask\": \"" + mask + "\"")
                + ", \"label\": [], \"modality\": \"CT\", \"dataset\": \"" + dataset + "\", \"patient_id\": \"" + patient + "\"}";
    }
}
