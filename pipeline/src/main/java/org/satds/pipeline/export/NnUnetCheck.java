package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.satds.core.geom.Affine;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * nnU-Net v2's verify_dataset_integrity (nnunetv2/experiment_planning/verify_dataset_integrity.py) for a raw
 * dataset in imagesTr/labelsTr layout read by one of its nibabel readers, in Java, so that an export is checked
 * without Python: dataset.json's required keys; the cases found in imagesTr (identifiers as nnU-Net derives them
 * from file names) against numTraining; a label file per case; the label declaration as its LabelManager reads it
 * (background 0, regions need regions_class_order of one entry per region, label values consecutive); each label
 * file's values among the declared ones; per case no NaN in image or label, 3D arrays, equal shapes, voxel sizes
 * equal within numpy.allclose, the number of channels; and, as nnU-Net's warning, affines equal within allclose.
 */
public final class NnUnetCheck {
    /** @param errors what makes nnU-Net stop; @param warnings what it only prints */
    public record Report(List<String> errors, List<String> warnings) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final List<String> REQUIRED = List.of("labels", "channel_names", "numTraining", "file_ending");
    private static final List<String> NIBABEL_READERS = List.of("NibabelIO", "NibabelIOWithReorient");

    private NnUnetCheck() {}

    public static Report verify(Path folder) throws IOException {
        List<String> errors = new ArrayList<>(), warnings = new ArrayList<>();
        Path jsonFile = folder.resolve("dataset.json");
        if (!Files.isRegularFile(jsonFile)) return fail(errors, warnings, "There needs to be a dataset.json file in folder " + folder);
        JsonNode json = Jsonl.MAPPER.readTree(Files.readAllBytes(jsonFile));
        for (String sub : List.of("imagesTr", "labelsTr"))
            if (!Files.isDirectory(folder.resolve(sub))) return fail(errors, warnings, "There needs to be a " + sub + " subfolder in " + folder);
        for (String k : REQUIRED)
            if (!json.has(k)) return fail(errors, warnings, "not all required keys are present in dataset.json: missing " + k);
        String ending = json.get("file_ending").asText();
        String reader = json.path("overwrite_image_reader_writer").asText("");
        if (!NIBABEL_READERS.contains(reader) || !(ending.equals(".nii.gz") || ending.equals(".nii")))
            return fail(errors, warnings, "this check reads NIfTI files with nnU-Net's nibabel readers only, not " + reader + " with " + ending);

        Map<String, List<Path>> cases = cases(folder.resolve("imagesTr"), ending);
        if (cases.size() != json.get("numTraining").asInt())
            errors.add("Did not find the expected number of training cases (" + json.get("numTraining").asInt() + "). Found " + cases.size() + " instead.");
        for (String id : cases.keySet())
            if (!Files.isRegularFile(folder.resolve("labelsTr").resolve(id + ending)))
                errors.add("not all training cases have a label file in labelsTr. Missing: " + id);
        if (!errors.isEmpty()) return new Report(errors, warnings);

        List<Integer> expected = expectedLabels(json, errors);
        if (!errors.isEmpty()) return new Report(errors, warnings);
        for (int i = 1; i < expected.size(); i++)
            if (expected.get(i) - expected.get(i - 1) != 1) errors.add("Labels must be in consecutive order (0, 1, 2, ...): " + expected);
        int channels = json.get("channel_names").size();
        // cases are independent (nnU-Net checks them in a pool too); their findings are listed in case order
        List<Report> perCase = cases.entrySet().parallelStream().map(e -> {
            List<String> caseErrors = new ArrayList<>(), caseWarnings = new ArrayList<>();
            try {
                checkCase(e.getKey(), e.getValue(), folder.resolve("labelsTr").resolve(e.getKey() + ending), expected, channels,
                        caseErrors, caseWarnings);
            } catch (IOException ex) {
                caseErrors.add(e.getKey() + ": " + ex.getMessage());
            }
            return new Report(caseErrors, caseWarnings);
        }).toList();
        for (Report r : perCase) {
            errors.addAll(r.errors());
            warnings.addAll(r.warnings());
        }
        Path splits = folder.resolve("splits_final.json");
        if (Files.exists(splits)) checkSplits(Jsonl.MAPPER.readTree(Files.readAllBytes(splits)), cases.keySet(), errors, warnings);
        return new Report(errors, warnings);
    }

    /**
     * splits_final.json as nnUNetTrainer.do_split reads it (the planner copies it from the raw folder): a list of
     * folds whose "train" and "val" lists of case ids each name a training case (nnUNetDataset loads them); a case
     * in both lists of a fold is a warning, as nnU-Net prints it.
     */
    static void checkSplits(JsonNode splits, Set<String> cases, List<String> errors, List<String> warnings) {
        if (!splits.isArray() || splits.isEmpty()) {
            errors.add("splits_final.json: needs a list of folds {\"train\": [case ids], \"val\": [...]}");
            return;
        }
        for (int i = 0; i < splits.size(); i++) {
            Set<String> train = new TreeSet<>();
            for (String key : List.of("train", "val")) {
                JsonNode ids = splits.get(i).path(key);
                if (!ids.isArray()) {
                    errors.add("splits_final.json fold " + i + ": no '" + key + "' list");
                    continue;
                }
                for (JsonNode id : ids) {
                    if (!id.isTextual() || !cases.contains(id.asText()))
                        errors.add("splits_final.json fold " + i + " " + key + ": " + id + " is not a case of imagesTr");
                    else if (key.equals("train")) train.add(id.asText());
                    else if (train.contains(id.asText()))
                        warnings.add("splits_final.json fold " + i + ": validation case " + id + " is also in the training set");
                }
            }
        }
    }

    private static Report fail(List<String> errors, List<String> warnings, String error) {
        errors.add(error);
        return new Report(errors, warnings);
    }

    /** get_identifiers_from_splitted_dataset_folder and create_paths_fn: ids drop the ending and "_XXXX". */
    static Map<String, List<Path>> cases(Path imagesTr, String ending) throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(imagesTr)) {
            files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ending)).sorted().toList();
        }
        TreeSet<String> ids = new TreeSet<>();
        for (String f : files) if (f.length() >= ending.length() + 5) ids.add(f.substring(0, f.length() - ending.length() - 5));
        Map<String, List<Path>> out = new TreeMap<>();
        for (String id : ids) {
            Pattern p = Pattern.compile(Pattern.quote(id) + "_\\d\\d\\d\\d" + Pattern.quote(ending));
            out.put(id, files.stream().filter(f -> p.matcher(f).matches()).map(imagesTr::resolve).toList());
        }
        return out;
    }

    /** LabelManager's checks and all_labels (plus the ignore label), sorted. */
    static List<Integer> expectedLabels(JsonNode json, List<String> errors) {
        JsonNode labels = json.get("labels");
        JsonNode bg = labels.get("background");
        if (bg == null) { errors.add("Background label not declared"); return List.of(); }
        if (bg.isArray() || bg.asInt() != 0) { errors.add("Background label must be 0, not " + bg); return List.of(); }
        TreeSet<Integer> all = new TreeSet<>();
        boolean hasRegions = false;
        int regions = 0;
        var it = labels.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("ignore")) continue;
            JsonNode v = e.getValue();
            TreeSet<Integer> values = new TreeSet<>();
            if (v.isArray()) v.forEach(x -> values.add(x.asInt()));
            else values.add(v.asInt());
            all.addAll(values);
            if (v.isArray() && v.size() > 1) hasRegions = true;
            if (!(values.size() == 1 && values.first() == 0)) regions++;
        }
        if (hasRegions) {
            JsonNode order = json.get("regions_class_order");
            if (order == null || order.isNull()) errors.add("if region-based training is requested then you need to define regions_class_order!");
            else if (order.size() != regions) errors.add("regions_class_order must have as many entries as there are regions (" + regions + "), not " + order.size());
        }
        List<Integer> out = new ArrayList<>(all);
        JsonNode ignore = labels.get("ignore");
        if (ignore != null) {
            if (!ignore.isInt()) errors.add("Ignore label has to be an integer, not " + ignore);
            else if (ignore.asInt() != all.last() + 1) errors.add("If you use the ignore label it must have the highest label value");
            else out.add(ignore.asInt());
        }
        return out;
    }

    private static void checkCase(String id, List<Path> images, Path label, List<Integer> expected, int channels,
                                  List<String> errors, List<String> warnings) throws IOException {
        NiftiHeader segHeader = NiftiReader.readHeader(label);
        Volume seg = NiftiReader.read(label, ReadOptions.IMAGE);
        if (segHeader.dim[0] != 3) errors.add(label + ": only 3d images are supported by NibabelIO (" + segHeader.dim[0] + "D)");
        TreeSet<Double> found = new TreeSet<>();
        boolean segNan = false;
        for (float v : seg.floats(0)) {
            if (Float.isNaN(v)) segNan = true;
            else found.add((double) v);
        }
        if (segNan) errors.add("Segmentation contains NaN pixel values: " + label);
        for (int e : expected) found.remove((double) e);
        if (!found.isEmpty()) errors.add("Unexpected labels found in file " + label + ": " + found + " (expected " + expected + ")");
        if (images.size() != channels) errors.add(id + ": expected " + channels + " modalities, got " + images.size());
        for (Path image : images) {
            NiftiHeader h = NiftiReader.readHeader(image);
            if (h.dim[0] != 3) { errors.add(image + ": only 3d images are supported by NibabelIO (" + h.dim[0] + "D)"); continue; }
            Volume v = NiftiReader.read(image, ReadOptions.IMAGE);
            for (float x : v.floats(0)) if (Float.isNaN(x)) { errors.add("Images contain NaN pixel values: " + image); break; }
            if (!Arrays.equals(v.shape(), seg.shape()))
                errors.add("Shape mismatch between segmentation and corresponding images: " + Arrays.toString(v.shape()) + " and "
                        + Arrays.toString(seg.shape()) + " (" + image.getFileName() + ", " + label.getFileName() + ")");
            for (int d = 0; d < 3; d++)
                if (!NnUnetExport.allclose(segHeader.pixdim[d + 1], h.pixdim[d + 1])) {
                    errors.add("Spacing mismatch between segmentation and corresponding images: " + zooms(h) + " and " + zooms(segHeader)
                            + " (" + image.getFileName() + ", " + label.getFileName() + ")");
                    break;
                }
            if (!affinesClose(v.affine(), seg.affine()))
                warnings.add("Affine mismatch between segmentation and corresponding images: " + image.getFileName() + ", " + label.getFileName());
        }
    }

    private static String zooms(NiftiHeader h) {
        return Arrays.toString(Arrays.copyOfRange(h.pixdim, 1, 4));
    }

    /** numpy.allclose(image, seg) element-wise. */
    private static boolean affinesClose(Affine image, Affine seg) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                if (!NnUnetExport.allclose(image.get(i, j), seg.get(i, j))) return false;
        return true;
    }
}
