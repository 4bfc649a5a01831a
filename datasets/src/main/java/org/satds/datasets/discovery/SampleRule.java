package org.satds.datasets.discovery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One way samples show up in a download: every file (or folder) whose path, relative to the scanned folder and
 * '/'-separated, fully matches {@code match} is one sample. The regex's named groups and the current variant's
 * entries are the templates' variables ({@code {name}}); a path template may also start with {@code {option}},
 * the folder of a rule option.
 *
 * @param in        name of a rule option whose folder is scanned instead of the dataset root
 * @param folders   match folder paths instead of file paths (a sample that is a folder, e.g. a DICOM series)
 * @param match     Java regex with named groups, matched against whole relative paths
 * @param image     path template of the image
 * @param mask      path template of the mask
 * @param patientId template of the patient id
 * @param modality  modality template (overrides the rule's)
 * @param split     official_split template (overrides the rule's)
 * @param requires  path templates that must be non-empty files; default: image and mask
 * @param variants  one record per entry, each adding its variables (e.g. one per MR sequence sharing a mask);
 *                  default: a single record
 * @param convert   steps that make image or mask from the raw files before the record is written
 * @param sameShape path templates of volumes whose shapes must be equal (read from their headers), e.g. an image
 *                  kept only where it lies on its mask's grid; default: no check
 */
public record SampleRule(
        String in,
        boolean folders,
        String match,
        String image,
        String mask,
        String patientId,
        String modality,
        String split,
        List<String> requires,
        List<Map<String, String>> variants,
        List<ConversionStep> convert,
        List<String> sameShape) {

    public SampleRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(patientId, "patient_id");
        requires = requires == null ? List.of(image, mask) : List.copyOf(requires);
        variants = variants == null || variants.isEmpty() ? List.of(Map.of()) : List.copyOf(variants);
        convert = convert == null ? List.of() : List.copyOf(convert);
        sameShape = sameShape == null ? List.of() : List.copyOf(sameShape);
    }
}
