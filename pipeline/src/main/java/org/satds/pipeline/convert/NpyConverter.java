package org.satds.pipeline.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.core.transform.Box;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Step 5: normalizes a record and writes what SAT-DS's convert_to_npy.py writes (image npy, one cropped bool npy
 * per non-empty label, and the record fields), plus the union mask SAT's training loader reads. Every file is
 * written atomically; the image is written last, so its presence marks a complete sample.
 */
public final class NpyConverter {
    private final SampleLoader loader;
    private final SatLayout layout;
    private final Path dataBase;
    private final PhaseTimes phases;

    /**
     * @param npyRoot  the npy root as it should appear in records (relative stays relative)
     * @param dataBase folder relative record paths are resolved against (null: working directory)
     */
    public NpyConverter(SampleLoader loader, String npyRoot, Path dataBase) {
        this(loader, new SatLayout(npyRoot), dataBase, PhaseTimes.OFF);
    }

    private NpyConverter(SampleLoader loader, SatLayout layout, Path dataBase, PhaseTimes phases) {
        this.loader = loader;
        this.layout = layout;
        this.dataBase = dataBase;
        this.phases = phases;
    }

    /** The same converter, charging the time of each phase of every sample it converts to {@code times}. */
    public NpyConverter timed(PhaseTimes times) {
        return new NpyConverter(loader, layout, dataBase, times);
    }

    public SatLayout layout() {
        return layout;
    }

    /**
     * The sample id the original uses: an existing id, or one recovered from earlier outputs; for an image-only
     * record the image's file name without .nii.gz/.nii (as SAT's inference names its outputs); else the index.
     */
    public static String sampleId(ObjectNode record, int index) {
        JsonNode id = record.get("sample_id");
        if (id != null && !id.isNull()) return id.asText();
        JsonNode dir = record.get("renorm_segmentation_dir");
        if (dir != null) return dir.asText().substring(dir.asText().lastIndexOf('/') + 1);
        JsonNode img = record.get("renorm_image");
        if (img != null) {
            String s = img.asText().substring(img.asText().lastIndexOf('/') + 1);
            return s.endsWith(".npy") ? s.substring(0, s.length() - 4) : s;
        }
        if (new SampleRecord(record).imageOnly() && record.hasNonNull("image")) return imageStem(record.get("image").asText());
        return Integer.toString(index);
    }

    /** SAT inference's sample id: the image's file name without .nii.gz or .nii. */
    public static String imageStem(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return name.endsWith(".nii.gz") ? name.substring(0, name.length() - 7)
                : name.endsWith(".nii") ? name.substring(0, name.length() - 4) : name;
    }

    /** Converts one record; returns the record with the converted fields (the input is not modified). */
    public ObjectNode convert(ObjectNode input, int index) throws IOException {
        return convert(input, index, Volumes::read);
    }

    /** As {@link #convert(ObjectNode, int)}, decoding files through {@code reader} (which may share decodes). */
    public ObjectNode convert(ObjectNode input, int index, VolumeReader reader) throws IOException {
        ObjectNode record = input.deepCopy();
        String id = sampleId(record, index);
        setSampleId(record, id);
        SampleRecord rec = new SampleRecord(record);
        // a sample other jobs of the pass read too was (or is) loaded once for all of them
        NormalizedSample sample = reader instanceof SharedSample shared ? shared.normalized(loader, rec, dataBase, phases)
                : loader.load(rec, dataBase, reader, phases);
        long t = phases.start();
        ObjectNode converted = write(record, rec.dataset(), id, sample);
        phases.lap(PhaseTimes.Phase.WRITE, t);
        return converted;
    }

    /** The files converting this record reads (image first, then mask). */
    public List<SampleLoader.Input> inputs(ObjectNode record) {
        return loader.inputs(new SampleRecord(record), dataBase);
    }

    /** The orientation that overrides image-only records' orientation_code, or null. */
    public String orientationOverride() {
        return loader.orientationOverride();
    }

    /** The recipe converting this record follows (as the loader's compatibility mode makes it). */
    public Recipe recipe(ObjectNode record) {
        return loader.recipe(new SampleRecord(record));
    }

    /**
     * The files a converted record names: one npy per non-empty label, the union mask if any, and the image (an
     * image-only record: the image).
     */
    public static List<Path> outputFiles(ObjectNode converted) {
        List<Path> files = new ArrayList<>();
        if (!converted.has("renorm_segmentation_dir")) return List.of(Path.of(converted.get("renorm_image").asText()));
        String dir = converted.get("renorm_segmentation_dir").asText();
        JsonNode labels = converted.get("label"), boxes = converted.get("renorm_y1x1z1_y2x2z2");
        for (int i = 0; i < labels.size(); i++)
            if (boxes.get(i).isArray()) files.add(Path.of(dir, labels.get(i).asText() + ".npy"));
        if (converted.get("roi_y1x1z1_y2x2z2").isArray()) files.add(Path.of(dir + ".npy"));
        files.add(Path.of(converted.get("renorm_image").asText()));
        return files;
    }

    /** Sets sample_id as the original does: a number when the id is one. */
    public static void setSampleId(ObjectNode record, String id) {
        try {
            record.put("sample_id", Integer.parseInt(id));
        } catch (NumberFormatException e) {
            record.put("sample_id", id);
        }
    }

    ObjectNode write(ObjectNode record, String dataset, String id, NormalizedSample s) throws IOException {
        if (new SampleRecord(record).imageOnly()) return writeImage(record, dataset, id, s);
        ArrayNode boxes = Jsonl.MAPPER.createArrayNode();
        ArrayNode labels = Jsonl.MAPPER.createArrayNode();
        for (LabelMask m : s.masks()) {
            labels.add(m.name());
            if (m.isEmpty()) {
                boxes.add(BooleanNode.FALSE);
                continue;
            }
            boxes.add(boxNode(m.box()));
            Npy.writeBool(Path.of(layout.labelMask(dataset, id, m.name())), m.box().shape(), m.voxels());
        }
        Box roi = s.roi();
        if (roi != null) Npy.writeBool(Path.of(layout.unionMask(dataset, id)), roi.shape(), union(s, roi));
        writeImage(record, dataset, id, s);
        if (roi == null) record.put("roi_y1x1z1_y2x2z2", false);
        else record.set("roi_y1x1z1_y2x2z2", boxNode(roi));
        record.set("label", labels);
        record.put("renorm_segmentation_dir", layout.segmentationDir(dataset, id));
        record.set("renorm_y1x1z1_y2x2z2", boxes);
        return record;
    }

    /** The image npy (written last of a sample's files), renorm_image and chwd. */
    private ObjectNode writeImage(ObjectNode record, String dataset, String id, NormalizedSample s) throws IOException {
        int[] shape = s.shape();
        String imagePath = layout.image(dataset, id);
        Npy.writeFloat32(Path.of(imagePath), new int[] {1, shape[0], shape[1], shape[2]}, s.image());
        record.put("renorm_image", imagePath);
        record.putArray("chwd").add(1).add(shape[0]).add(shape[1]).add(shape[2]);
        return record;
    }

    private static ArrayNode boxNode(Box b) {
        ArrayNode a = Jsonl.MAPPER.createArrayNode();
        for (int v : b.toSat()) a.add(v);
        return a;
    }

    /** The union of all labels inside the roi box (C-order). */
    private static byte[] union(NormalizedSample s, Box roi) {
        int[] rs = roi.shape();
        byte[] out = new byte[(int) roi.voxels()];
        for (LabelMask m : s.masks()) {
            if (m.isEmpty()) continue;
            Box b = m.box();
            int s0 = b.size(0), s1 = b.size(1), s2 = b.size(2);
            for (int i = 0; i < s0; i++)
                for (int j = 0; j < s1; j++) {
                    int from = (i * s1 + j) * s2;
                    int to = ((b.start()[0] - roi.start()[0] + i) * rs[1] + b.start()[1] - roi.start()[1] + j) * rs[2]
                            + b.start()[2] - roi.start()[2];
                    for (int k = 0; k < s2; k++) out[to + k] |= m.voxels()[from + k];
                }
        }
        return out;
    }
}
