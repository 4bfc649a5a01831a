package org.satds.viewer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.DataType;
import org.satds.core.io.Npy;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeHeader;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.transform.Box;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.evaluate.Evaluation;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.record.ConvertedRecord;
import org.satds.pipeline.record.PredictionLayout;
import org.satds.pipeline.visualize.Visualize;

/**
 * The volumes of a sample's page, made from its files when asked (nothing is kept): the image and the classes as a
 * label map (class j is j + 1) in each space, the restored prediction, the ground truth's outline, and a scored
 * pair's agreement map. Each comes with the NIfTI type it is sent as.
 */
final class SampleVolumes {
    /** A volume and the type it is written as. */
    record Typed(Volume volume, DataType type) {}

    /** Values of a pair's agreement map. */
    static final int BOTH = 1, PREDICTION_ONLY = 2, TRUTH_ONLY = 3;

    private final SampleLoader loader;
    private final Path base;

    SampleVolumes(SampleLoader loader, Path base) {
        this.loader = loader;
        this.base = base;
    }

    /** The normalized image, from the converted npy, on the normalized grid (1x1x3 mm in the recipe's axis codes). */
    Typed normalizedImage(Collection.Sample s) throws IOException {
        Path file = ConvertedRecord.of(s.converted(), base).image();
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        if (shape.length != 4 || shape[0] != 1) throw new VolumeFormatException(file, "not a (1, H, W, D) image");
        int[] hwd = {shape[1], shape[2], shape[3]};
        return new Typed(Volume.ofFloats(hwd, normalizedAffine(s.converted()), Visualize.xFastest(a.floats(), hwd)), DataType.FLOAT32);
    }

    /** The converted classes as a label map on the normalized grid. */
    Typed normalizedLabels(Collection.Sample s) throws IOException {
        ObjectNode r = s.converted();
        int[] hwd = hwd(r);
        List<String> labels = s.labels();
        List<LabelMask> masks = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) masks.add(new LabelMask(labels.get(i), Box.whole(hwd), NpyLoader.mask(r, base, i)));
        return labelMap(masks, merged(s, labels), hwd, normalizedAffine(r));
    }

    /** The scan as stored (the record's channel of a 4D image), int16 when it is stored so. */
    Typed nativeImage(Collection.Sample s) throws IOException {
        SampleRecord record = new SampleRecord(s.image());
        Path file = loader.inputs(record, base).get(0).file();
        Volume v = Volumes.read(file, ReadOptions.SCAN);
        int channel = record.imageOnly() ? 0 : Math.max(loader.imageChannel(record), 0);
        if (v.isShorts() && v.channels() == 1) return new Typed(v, DataType.INT16);
        if (channel >= v.channels()) throw new VolumeFormatException(file, "has no channel " + channel);
        return new Typed(Volume.ofFloats(v.shape(), v.affine(), v.floats(channel)), DataType.FLOAT32);
    }

    /** The classes the recipe builds from the stored mask, on the scan's grid. */
    Typed nativeLabels(Collection.Sample s) throws IOException {
        Native n = nativeMasks(s);
        return labelMap(n.masks().masks(), merged(s, n.names()), n.masks().shape(), n.affine());
    }

    /**
     * The recipe's classes from the stored mask, on the scan's grid: the scan's header is read, not its voxels. A
     * mask of another shape or orientation than its scan is refused, as convert refuses it.
     */
    private Native nativeMasks(Collection.Sample s) throws IOException {
        SampleRecord record = new SampleRecord(s.labelled());
        List<SampleLoader.Input> inputs = loader.inputs(record, base);
        VolumeHeader scan = Volumes.header(inputs.get(0).file()), mask = Volumes.header(inputs.get(1).file());
        int[] shape = Arrays.copyOf(scan.shape(), 3);
        if (!Arrays.equals(shape, Arrays.copyOf(mask.shape(), 3)) || !AxisCodes.codesOf(scan.affine()).equals(AxisCodes.codesOf(mask.affine())))
            throw new VolumeFormatException(inputs.get(1).file(), "is not on the grid of its scan " + inputs.get(0).file().getFileName()
                    + " (shape " + Arrays.toString(shape) + ", " + AxisCodes.codesOf(scan.affine()) + ")");
        return new Native(loader.nativeMasks(record, base, Volumes::read), scan.affine());
    }

    private record Native(SampleLoader.NativeMasks masks, Affine affine) {
        List<String> names() {
            return masks.masks().stream().map(LabelMask::name).toList();
        }
    }

    /** The classes of a restored record, in the order of its label map's values (label i is i + 1). */
    static List<String> restoredNames(Collection.Sample s) {
        List<String> names = new ArrayList<>();
        s.restored().path("label").forEach(l -> names.add(l.asText()));
        return names;
    }

    /**
     * Whether the ground truth's outlines go into the restored page's label volume: the sample has a mask, and the
     * prediction's and the outlines' classes together fit its 8 bits (the page draws 8-bit labels).
     */
    boolean outlined(Collection.Sample s) {
        return s.labelled() != null && restoredNames(s).size() + truthNames(s).size() <= 255;
    }

    /** The classes the recipe builds from a sample's mask (none without one). */
    List<String> truthNames(Collection.Sample s) {
        return s.labelled() == null ? List.of() : SampleLoader.outputNames(loader.recipe(new SampleRecord(s.labelled())));
    }

    /**
     * restore's label map (label i of the record is i + 1), with the ground truth's outlines over it when
     * {@link #outlined}: class j of the truth is {@code restoredNames(s).size() + j + 1} where it has a face outside
     * it (see {@link Pages#truthOutlines}). One volume, so that the page draws every class from one bitmap.
     */
    Typed restoredLabels(Collection.Sample s) throws IOException {
        Path file = base.resolve(s.restored().get("restored_label_map").asText());
        Volume restored = Volumes.read(file, ReadOptions.MASK);
        if (!outlined(s)) return restored.isBytes() ? new Typed(restored, DataType.UINT8)
                : new Typed(Volume.ofFloats(restored.shape(), restored.affine(), restored.floats(0)), DataType.UINT16);
        Native n = nativeMasks(s);
        if (!Arrays.equals(restored.shape(), n.masks().shape()))
            throw new VolumeFormatException(file, "is not on the grid of the sample's mask " + Arrays.toString(n.masks().shape()));
        List<LabelMask> surfaces = new ArrayList<>();
        for (LabelMask m : n.masks().masks()) surfaces.add(m.isEmpty() ? m : new LabelMask(m.name(), m.box(), surface(m.voxels(), m.box().shape())));
        byte[] outlines = labelMap(surfaces, merged(s, n.names()), n.masks().shape(), restored.affine()).volume().bytes(0);
        byte[] prediction = restored.bytes(0), map = new byte[outlines.length];
        int offset = restoredNames(s).size();
        for (int i = 0; i < map.length; i++) map[i] = outlines[i] != 0 ? (byte) (offset + (outlines[i] & 0xff)) : prediction[i];
        return new Typed(Volume.ofBytes(restored.shape(), restored.affine(), map), DataType.UINT8);
    }

    /**
     * A pair of {@code evaluate --native} on the scan's grid, as {@link #pair}: the restored prediction of
     * {@code label} (the file its restored record names) against the class the recipe builds from the stored mask.
     */
    Typed nativePair(Collection.Sample s, String label) throws IOException {
        Native n = nativeMasks(s);
        int[] shape = n.masks().shape();
        byte[] truth = n.masks().masks().get(n.names().indexOf(label)).full(shape);
        byte[] pred = Evaluation.prediction(base.resolve(s.restored().get("restored").get(label).asText()), shape);
        return new Typed(Volume.ofBytes(shape, n.affine(), Visualize.xFastest(agreement(truth, pred), shape)), DataType.UINT8);
    }

    /**
     * A scored pair on the normalized grid: {@link #BOTH}, {@link #PREDICTION_ONLY} (false positive),
     * {@link #TRUTH_ONLY} (false negative). The prediction is SAT's {@code <pred>/<dataset>/seg_<id>/<label>.nii.gz}.
     */
    Typed pair(Collection.Sample s, Path predictions, String label) throws IOException {
        ObjectNode r = s.converted();
        int[] hwd = hwd(r);
        int index = s.labels().indexOf(label);
        byte[] truth = Visualize.xFastest(NpyLoader.mask(r, base, index), hwd);
        PredictionLayout layout = PredictionLayout.sat(predictions);
        Path file = layout.existingLabelFile(s.dataset(), s.id(), label);
        if (file == null) throw new NoSuchFileException(layout.labelFile(s.dataset(), s.id(), label).toString(), null, "no prediction");
        Volume p = Volumes.read(file, ReadOptions.MASK);
        if (p.voxels() != truth.length) throw new VolumeFormatException(file, "is not the sample's normalized shape");
        float[] pred = p.floats(0);
        byte[] q = new byte[pred.length];
        for (int i = 0; i < q.length; i++) q[i] = (byte) (pred[i] != 0 ? 1 : 0);
        return new Typed(Volume.ofBytes(hwd, normalizedAffine(r), agreement(truth, q)), DataType.UINT8);
    }

    /** Each voxel's agreement of two masks in one order: {@link #BOTH}, {@link #PREDICTION_ONLY}, {@link #TRUTH_ONLY} or 0. */
    private static byte[] agreement(byte[] truth, byte[] prediction) {
        byte[] map = new byte[truth.length];
        for (int i = 0; i < map.length; i++) {
            boolean t = truth[i] != 0, q = prediction[i] != 0;
            map[i] = (byte) (t && q ? BOTH : q ? PREDICTION_ONLY : t ? TRUTH_ONLY : 0);
        }
        return map;
    }

    /** The recipe's merged classes (not in the label maps: they cover their parts) when these are its classes. */
    Map<Integer, List<Integer>> merged(Collection.Sample s, List<String> labels) {
        return loader.recipes().has(s.dataset()) && loader.recipes().get(s.dataset()).labels().size() == labels.size()
                ? loader.recipes().get(s.dataset()).mergedLabels() : Map.of();
    }

    /** The normalized grid's affine: where convert put it (the record's trace), else along its axis codes. */
    private Affine normalizedAffine(ObjectNode r) throws IOException {
        return Visualize.normalizedAffine(r, loader);
    }

    private static int[] hwd(ObjectNode r) {
        return new int[] {r.get("chwd").get(1).asInt(), r.get("chwd").get(2).asInt(), r.get("chwd").get(3).asInt()};
    }

    /**
     * The label map of classes given as boxes of C-order voxels on a grid of {@code shape}, made as bytes in NIfTI's
     * order (x fastest): j + 1 where class j is set, merged classes left out (they cover their parts), a later class
     * winning where two overlap, as Visualize's seg.nii.gz; 16 bits past 255 classes.
     */
    static Typed labelMap(List<LabelMask> masks, Map<Integer, List<Integer>> merged, int[] shape, Affine affine) {
        int nx = shape[0], nxy = shape[0] * shape[1];
        boolean wide = masks.size() > 255;
        byte[] bytes = wide ? null : new byte[nxy * shape[2]];
        float[] floats = wide ? new float[nxy * shape[2]] : null;
        for (int j = 0; j < masks.size(); j++) {
            LabelMask m = masks.get(j);
            if (m.isEmpty() || merged.containsKey(j)) continue;
            int[] o = m.box().start();
            int sx = m.box().size(0), sy = m.box().size(1), sz = m.box().size(2);
            for (int x = 0, i = 0; x < sx; x++)
                for (int y = 0; y < sy; y++)
                    for (int z = 0; z < sz; z++, i++) {
                        if (m.voxels()[i] == 0) continue;
                        int v = o[0] + x + nx * (o[1] + y) + nxy * (o[2] + z);
                        if (wide) floats[v] = j + 1; else bytes[v] = (byte) (j + 1);
                    }
        }
        return wide ? new Typed(Volume.ofFloats(shape, affine, floats), DataType.UINT16) : new Typed(Volume.ofBytes(shape, affine, bytes), DataType.UINT8);
    }

    /** The voxels of a C-order mask that have a face neighbour outside it (or on the grid's edge). */
    static byte[] surface(byte[] m, int[] s) {
        byte[] out = new byte[m.length];
        int nz = s[2], nyz = s[1] * s[2];
        for (int x = 0, i = 0; x < s[0]; x++)
            for (int y = 0; y < s[1]; y++)
                for (int z = 0; z < nz; z++, i++) {
                    if (m[i] == 0) continue;
                    boolean inside = x > 0 && x < s[0] - 1 && y > 0 && y < s[1] - 1 && z > 0 && z < nz - 1
                            && m[i - nyz] != 0 && m[i + nyz] != 0 && m[i - nz] != 0 && m[i + nz] != 0 && m[i - 1] != 0 && m[i + 1] != 0;
                    if (!inside) out[i] = 1;
                }
        return out;
    }
}
