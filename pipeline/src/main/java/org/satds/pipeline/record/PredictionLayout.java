package org.satds.pipeline.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where predictions of a sample lie, one file per label and a label map beside the folder:
 * <ul>
 *   <li>{@link #sat}: what SAT's inference and evaluation write, {@code <root>/<dataset>/seg_<id>/<label>.nii.gz}
 *       (read as {@code .nii.gz}, {@code .nii} or {@code .npy}) and {@code <root>/<dataset>/seg_<id>.nii.gz};</li>
 *   <li>{@link #restored}: what {@code satds restore} writes on the native scan,
 *       {@code <root>/<dataset>/<id>/<label>.nii.gz} and {@code <root>/<dataset>/<id>.nii.gz}.</li>
 * </ul>
 */
public record PredictionLayout(Path root, String folderPrefix) {
    /** The suffixes a prediction file may have, in the order they are looked for. */
    public static final List<String> SUFFIXES = List.of(".nii.gz", ".nii", ".npy");

    public static PredictionLayout sat(Path root) {
        return new PredictionLayout(root, "seg_");
    }

    public static PredictionLayout restored(Path root) {
        return new PredictionLayout(root, "");
    }

    public Path sampleDir(String dataset, String id) {
        return root.resolve(dataset).resolve(folderPrefix + id);
    }

    /** The file a label's prediction is written to ({@code .nii.gz}). */
    public Path labelFile(String dataset, String id, String label) {
        return sampleDir(dataset, id).resolve(label + SUFFIXES.get(0));
    }

    /** The label's prediction file that exists ({@code .nii.gz}, {@code .nii}, then {@code .npy}), or null. */
    public Path existingLabelFile(String dataset, String id, String label) {
        Path dir = sampleDir(dataset, id);
        for (String suffix : SUFFIXES) {
            Path p = dir.resolve(label + suffix);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** The label map beside the sample's folder. */
    public Path labelMap(String dataset, String id) {
        return sampleDir(dataset, id).resolveSibling(folderPrefix + id + ".nii.gz");
    }

    /** The jsonl of the restored records (restore's layout): each names its scan and its files. */
    public Path records() {
        return root.resolve("restored.jsonl");
    }

    /** Prediction files in the sample's folder that belong to none of {@code labels}, one line each, sorted. */
    public List<String> unexpectedFiles(String dataset, String id, List<String> labels) throws IOException {
        Path dir = sampleDir(dataset, id);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String label = labelOf(p.getFileName().toString());
                if (label != null && !labels.contains(label))
                    out.add(p + ": label '" + label + "' is not in the record's labels (" + String.join(", ", labels) + ")");
            }
        }
        out.sort(null);
        return out;
    }

    /** The label a prediction file is of (its name without a prediction suffix), or null when it is none. */
    static String labelOf(String fileName) {
        for (String suffix : SUFFIXES)
            if (fileName.toLowerCase(Locale.ROOT).endsWith(suffix)) return fileName.substring(0, fileName.length() - suffix.length());
        return null;
    }
}
