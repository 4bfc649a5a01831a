package org.satds.pipeline.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.satds.core.convert.ImageGeometry;
import org.satds.core.geom.Affine;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.core.transform.Box;
import org.satds.core.transform.Resampler;
import org.satds.core.transform.SpatialPlan;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.SampleException;
import org.satds.datasets.sample.SampleLoader.Input;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.NormalizationTrace;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.run.Job;

/**
 * Maps predictions made in SAT's normalized space back onto the patient's scan, as MONAI 1.1.0's
 * {@code Invertd(nearest_interp=True)} inverts SAT's Orientation → Spacing(1, 1, 3) → CropForeground: the crop is
 * padded back with zeros, the 1x1x3 mm grid resampled onto the oriented native grid (nearest, or trilinear with
 * {@link Mode#LINEAR} for probability maps), and the orientation undone.
 *
 * <p>Predictions are read where SAT's inference writes them: {@code <pred>/<dataset>/seg_<sample_id>/<label>.nii.gz}
 * (or {@code .npy}; (H, W, D) or (1, H, W, D)). Outputs: {@code <out>/<dataset>/<sample_id>/<label>.nii.gz} on the
 * scan's grid with the scan's geometry fields (uint8 0/1, or float32 in linear mode) and
 * {@code <out>/<dataset>/<sample_id>.nii.gz}, a label map (label i of the record is i + 1; where classes overlap
 * the later label in the record's order wins; in linear mode a voxel belongs to a class at probability ≥ 0.5).
 */
public final class Restorer implements Job {
    public enum Mode { NEAREST, LINEAR }

    /** Bump when the same inputs give other outputs, so a rerun redoes old ones. */
    private static final int FORMAT = 1;
    /** Channel-first, so that a (1, H, W, D) prediction reads as one (H, W, D) channel. */
    private static final ReadOptions PREDICTION = ReadOptions.CHANNEL_FIRST_MASK;

    private final SampleLoader loader;
    private final Path dataBase;
    private final PredictionLayout predicted;
    private final PredictionLayout restored;
    private final Mode mode;

    /**
     * @param dataBase folder relative image paths start from (null: the working directory)
     * @param predRoot SAT's inference output folder
     * @param outRoot  folder the native-space masks go to
     */
    public Restorer(SampleLoader loader, Path dataBase, Path predRoot, Path outRoot, Mode mode) {
        this.loader = loader;
        this.dataBase = dataBase;
        this.predicted = PredictionLayout.sat(predRoot);
        // absolute, so that restored.jsonl names its files wherever it is read from
        this.restored = PredictionLayout.restored(outRoot.toAbsolutePath().normalize());
        this.mode = mode;
    }

    /** Problems with a sample's predictions, one line each; the sample is not restored. */
    public static final class PredictionProblems extends IOException {
        private final List<String> problems;

        PredictionProblems(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The image, and the predictions that exist (so that a changed prediction makes a rerun redo the sample). */
    @Override
    public List<Input> inputs(ObjectNode record) {
        SampleRecord r = new SampleRecord(record);
        List<Input> inputs = new ArrayList<>();
        inputs.add(loader.inputs(r, dataBase).get(0));
        String id = sampleId(record, -1);
        for (String label : r.labels()) {
            Path p = predicted.existingLabelFile(r.dataset(), id, label);
            if (p != null) inputs.add(new Input(p, PREDICTION));
        }
        return inputs;
    }

    @Override
    public String sampleId(ObjectNode record, int index) {
        return SampleId.of(record, index);
    }

    @Override
    public ObjectNode run(ObjectNode input, int index, VolumeReader reader) throws IOException {
        ObjectNode record = input.deepCopy();
        SampleRecord r = new SampleRecord(record);
        String dataset = r.dataset(), id = sampleId(record, index);
        List<String> labels = r.labels();
        Path imagePath = loader.inputs(r, dataBase).get(0).file();
        // the predictions are read while the image is (inflating is single-threaded), on the pool this job runs on
        List<List<String>> labelProblems = labels.stream().map(l -> new ArrayList<String>()).collect(Collectors.toList());
        ForkJoinTask<List<Prediction>> reading = ForkJoinTask.adapt(() -> IntStream.range(0, labels.size()).parallel()
                .mapToObj(l -> readPrediction(r, id, labels.get(l), labelProblems.get(l))).collect(Collectors.toList())).fork();
        SampleLoader.Geometry g;
        try {
            g = geometry(record, r, imagePath, reader);
        } catch (IOException | RuntimeException e) {
            reading.quietlyJoin();
            throw e;
        }
        int[] imageShape = g.nativeShape();
        Affine imageAffine = g.nativeAffine();

        List<String> problems = new ArrayList<>();
        if (labels.isEmpty()) problems.add(imagePath + ": the record names no labels, so there is nothing to restore");
        List<Prediction> read = reading.join();
        List<Prediction> predictions = IntStream.range(0, labels.size()).parallel()
                .mapToObj(l -> checkPrediction(read.get(l), r, id, g, labelProblems.get(l))).collect(Collectors.toList());
        labelProblems.forEach(problems::addAll);
        problems.addAll(predicted.unexpectedFiles(dataset, id, labels));
        if (!problems.isEmpty()) throw new PredictionProblems(problems);

        Box box = g.box();
        SpatialPlan inverse = g.plan().inverse(box);
        NiftiHeader scan = niftiHeader(imagePath);
        Path sampleDir = restored.sampleDir(dataset, id);
        Path mapFile = restored.labelMap(dataset, id);
        int n = labels.size();
        LabelMap map = new LabelMap(n, imageShape);
        if (mode == Mode.NEAREST) {
            byte[][] masks = nearestMasks(predictions, g.plan(), inverse, box, map);
            // the label files and the label map written at once: deflate is single-threaded per file
            inParallel(n + 1, l -> {
                if (l < n) write(sampleDir.resolve(labels.get(l) + ".nii.gz"), Volume.ofBytes(imageShape, imageAffine, masks[l]), DataType.UINT8, scan);
                else map.write(mapFile, imageAffine, scan);
            });
        } else {
            byte[][] set = new byte[n][];
            inParallel(n, l -> set[l] = restoreLinear(predictions.get(l).volume(), g.plan(), inverse, box.start(),
                    sampleDir.resolve(labels.get(l) + ".nii.gz"), imageAffine, scan));
            int chunk = 1 << 20, voxels = set[0].length;
            IntStream.range(0, (voxels + chunk - 1) / chunk).parallel().forEach(c -> map.mark(set, c * chunk, Math.min(voxels, (c + 1) * chunk)));
            map.write(mapFile, imageAffine, scan);
        }
        ObjectNode files = record.putObject("restored");
        for (String label : labels) files.put(label, restored.labelFile(dataset, id, label).toString());
        SampleId.set(record, id);
        record.put("restored_label_map", mapFile.toString());
        // the scan (and truth) by absolute path, so that restored.jsonl is read from anywhere and pairs with its truth
        record.put("image", SampleRecord.resolve(dataBase, r.image()).toAbsolutePath().normalize().toString());
        if (!r.imageOnly()) record.put("mask", SampleRecord.resolve(dataBase, r.mask()).toAbsolutePath().normalize().toString());
        return record;
    }

    /**
     * Where normalization put the scan: for a converted record what convert recorded ({@link NormalizationTrace}),
     * checked against the scan's header; else recomputed from the scan as the loader normalizes the record (a
     * labelled record turned to its recipe's orientation, an image-only one to SAT inference's).
     */
    private SampleLoader.Geometry geometry(ObjectNode record, SampleRecord r, Path imagePath, VolumeReader reader) throws IOException {
        SampleLoader.Geometry recorded = NormalizationTrace.of(record);
        if (recorded == null) return loader.geometry(r, reader.read(imagePath, ReadOptions.SCAN), imagePath);
        ImageGeometry scan = ImageGeometry.of(imagePath);
        String mismatch = NormalizationTrace.mismatch(recorded, scan.shape(), scan.affine());
        if (mismatch != null) throw new SampleException(imagePath, "not the scan this record was converted from: " + mismatch);
        return recorded;
    }

    private interface LabelTask {
        void run(int label) throws IOException;
    }

    /** Runs task 0 .. count - 1 in parallel (on the pool this job runs on); the first failure is thrown. */
    private static void inParallel(int count, LabelTask task) throws IOException {
        try {
            IntStream.range(0, count).parallel().forEach(l -> {
                try {
                    task.run(l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Every label's mask on the scan's grid, x-fastest, and the label map: for each scan voxel the 1x1x3 grid voxel
     * its nearest neighbour reads (orientation undone), found once per row and read from every label's prediction
     * (outside the crop box, where Invertd pads with zeros, nothing is read: the arrays start at zero).
     */
    private static byte[][] nearestMasks(List<Prediction> predictions, SpatialPlan plan, SpatialPlan inverse, Box box, LabelMap map) {
        int[] shape = plan.inShape();
        byte[][] binary = predictions.stream().map(Prediction::mask).toArray(byte[][]::new);
        // zeroing a scan-size array is not free: both cores do it
        byte[][] masks = IntStream.range(0, binary.length).parallel().mapToObj(l -> new byte[shape[0] * shape[1] * shape[2]]).toArray(byte[][]::new);
        Resampler.nearest(inverse, Box.whole(plan.orientedShape())).nativeRows(plan, box, (first, indices, from, to) -> {
            for (int l = 0; l < binary.length; l++) {
                byte[] in = binary[l], out = masks[l];
                for (int x = from; x < to; x++) out[first + x] = in[indices[x]];
            }
            map.mark(masks, first + from, first + to);
        });
        return masks;
    }

    /** One probability map back on the scan's grid (trilinear), written to {@code file}; returns where it is ≥ 0.5. */
    private static byte[] restoreLinear(Volume prediction, SpatialPlan plan, SpatialPlan inverse, int[] start, Path file,
                                        Affine imageAffine, NiftiHeader scan) throws IOException {
        float[] p = Resampler.unorient(plan, Resampler.linear(inverse, pad(prediction, plan.outShape(), start)));
        write(file, Volume.ofFloats(plan.inShape(), imageAffine, p), DataType.FLOAT32, scan);
        byte[] set = new byte[p.length];
        for (int i = 0; i < p.length; i++) set[i] = (byte) (p[i] >= 0.5f ? 1 : 0);
        return set;
    }

    /** A prediction file as read; in nearest mode with its 0/1 bytes, null when it is not binary. */
    private record Prediction(Path file, Volume volume, byte[] mask) {}

    /** The prediction file of one label, read; null (and a problem) when missing or unreadable. */
    private Prediction readPrediction(SampleRecord r, String id, String label, List<String> problems) {
        Path file = predicted.existingLabelFile(r.dataset(), id, label);
        if (file == null) {
            problems.add(predicted.labelFile(r.dataset(), id, label) + ": missing: no prediction of label '" + label + "' (nor .nii or .npy)");
            return null;
        }
        try {
            Volume v = Volumes.read(file, PREDICTION);
            return new Prediction(file, v, mode == Mode.NEAREST && v.channels() == 1 ? binaryBytes(v) : null);
        } catch (IOException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** The prediction checked against the normalized grid; null (and a problem) when unusable. */
    private Prediction checkPrediction(Prediction read, SampleRecord r, String id, SampleLoader.Geometry g, List<String> problems) {
        if (read == null) return null;
        Path file = read.file();
        Volume p = read.volume();
        int[] expected = g.box().shape();
        if (p.channels() != 1 || !Arrays.equals(p.shape(), expected)) {
            String shape = p.channels() == 1 ? dims(p.shape()) : p.channels() + "×" + dims(p.shape());
            problems.add(file + " is " + shape + ", but image " + id + " normalizes to " + dims(expected)
                    + " with orientation " + loader.axisCodes(r) + ": was it predicted on this image?");
            return null;
        }
        if (mode == Mode.NEAREST && read.mask() == null) {
            problems.add(file + ": not a binary mask (values other than 0 and 1); restore probability maps with --mode linear");
            return null;
        }
        return read;
    }

    /**
     * A binary prediction as 0/1 bytes (a quarter of the memory) and one more, a zero, read where a scan voxel lies
     * outside the crop box ({@link Resampler.Nearest#nativeRows}); null when it holds values other than 0 and 1.
     */
    private static byte[] binaryBytes(Volume v) {
        if (v.isBytes()) {
            byte[] in = v.bytes(0);
            for (byte b : in) if (b != 0 && b != 1) return null;
            return Arrays.copyOf(in, in.length + 1);
        }
        float[] in = v.floats(0);
        byte[] out = new byte[in.length + 1];
        for (int i = 0; i < in.length; i++) {
            if (in[i] != 0 && in[i] != 1) return null;
            out[i] = (byte) in[i];
        }
        return out;
    }

    /** The cropped prediction pasted into the whole 1x1x3 grid (zeros elsewhere, as Invertd pads), x-fastest. */
    private static float[] pad(Volume prediction, int[] grid, int[] start) {
        int[] s = prediction.shape();
        float[] in = prediction.floats(0);
        float[] out = new float[grid[0] * grid[1] * grid[2]];
        for (int z = 0; z < s[2]; z++)
            for (int y = 0; y < s[1]; y++)
                System.arraycopy(in, s[0] * (y + s[1] * z), out, start[0] + grid[0] * (start[1] + y + grid[1] * (start[2] + z)), s[0]);
        return out;
    }

    /** Label i + 1 where label i is set; the later label wins where classes overlap. Bytes below 256 labels. */
    private static final class LabelMap {
        private final int[] shape;
        private final byte[] small;
        private final float[] large;

        LabelMap(int labels, int[] shape) {
            this.shape = shape;
            int n = shape[0] * shape[1] * shape[2];
            small = labels < 256 ? new byte[n] : null;
            large = small == null ? new float[n] : null;
        }

        /** Voxels [from, to) from where each label is set (0/1). */
        void mark(byte[][] set, int from, int to) {
            for (int l = 0; l < set.length; l++) {
                byte[] s = set[l];
                if (small == null) {
                    for (int i = from; i < to; i++) if (s[i] != 0) large[i] = l + 1;
                    continue;
                }
                // without a branch per voxel: the set bit, negated, is a byte mask of all ones
                byte label = (byte) (l + 1);
                for (int i = from; i < to; i++) small[i] = (byte) (small[i] & ~-s[i] | label & -s[i]);
            }
        }

        void write(Path file, Affine affine, NiftiHeader scan) throws IOException {
            Volume v = small != null ? Volume.ofBytes(shape, affine, small) : Volume.ofFloats(shape, affine, large);
            Restorer.write(file, v, small != null ? DataType.UINT8 : DataType.UINT16, scan);
        }
    }

    /** With the scan's own header geometry when it is NIfTI, else a fresh header with its affine. */
    private static void write(Path file, Volume v, DataType type, NiftiHeader scan) throws IOException {
        if (scan != null) NiftiWriter.writeWithGeometryOf(file, v, type, scan);
        else NiftiWriter.write(file, v, type);
    }

    /** The header of a NIfTI scan (for its geometry fields), or null for another format. */
    public static NiftiHeader niftiHeader(Path image) throws IOException {
        return Volumes.header(image).nifti();
    }

    private static String dims(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("×"));
    }

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public Path manifest(ObjectNode record, int index) {
        return restored.root().resolve("manifests").resolve(new SampleRecord(record).dataset()).resolve(sampleId(record, index) + ".json");
    }

    @Override
    public List<Path> outputs(ObjectNode result) {
        List<Path> files = new ArrayList<>();
        result.get("restored").forEach(f -> files.add(Path.of(f.asText())));
        files.add(Path.of(result.get("restored_label_map").asText()));
        return files;
    }

    @Override
    public String rules(ObjectNode record) {
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("restore", FORMAT);
        rules.put("mode", mode.name());
        rules.put("orientation", String.valueOf(loader.orientationOverride()));
        try {
            return Jsonl.MAPPER.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void clean(ObjectNode record, int index) throws IOException {
        String dataset = new SampleRecord(record).dataset(), id = sampleId(record, index);
        AtomicFiles.deleteTemporaries(restored.sampleDir(dataset, id), ".");
        AtomicFiles.deleteTemporaries(restored.sampleDir(dataset, id).getParent(), "." + id + ".nii.gz.");
        AtomicFiles.deleteTemporaries(manifest(record, index).getParent(), "." + id + ".json.");
    }
}
