package org.satds.pipeline.convert;

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
import org.satds.pipeline.check.PairCheck;
import org.satds.pipeline.record.ConvertedRecord;
import org.satds.pipeline.record.NormalizationTrace;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.record.SatLayout;
import org.satds.pipeline.run.ConvertRunner;

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

    /** Converts one record; returns the record with the converted fields (the input is not modified). */
    public ObjectNode convert(ObjectNode input, int index) throws IOException {
        return convert(input, index, Volumes::read);
    }

    /**
     * As {@link #convert(ObjectNode, int)}, decoding files through {@code reader} (which may share decodes). A mask
     * that is converted as it is though it is likely wrong (see {@link PairCheck#conversionWarning}) gives the
     * record a {@link ConvertRunner#WARNING}, which the runner takes out.
     */
    public ObjectNode convert(ObjectNode input, int index, VolumeReader reader) throws IOException {
        ObjectNode record = input.deepCopy();
        String id = SampleId.of(record, index);
        SampleId.set(record, id);
        SampleRecord rec = new SampleRecord(record);
        // a sample other jobs of the pass read too was (or is) loaded once for all of them
        SharedSample shared = SharedSample.ofOneRead(reader);
        NormalizedSample sample = shared.normalized(loader, rec, dataBase, phases);
        long t = phases.start();
        ObjectNode converted = write(record, rec.dataset(), id, sample);
        phases.lap(PhaseTimes.Phase.WRITE, t);
        if (!rec.imageOnly()) {
            List<SampleLoader.Input> in = inputs(record);
            SharedSample.Grid image = shared.grid(in.get(0).file()), mask = shared.grid(in.get(1).file());
            String warning = PairCheck.conversionWarning(loader.recipe(rec), in.get(1).file().toString(), image.affine(), mask.affine(),
                    image.shape(), sample.unreadValues());
            if (warning != null) converted.put(ConvertRunner.WARNING, warning);
        }
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

    ObjectNode write(ObjectNode record, String dataset, String id, NormalizedSample s) throws IOException {
        ObjectNode trace = NormalizationTrace.toJson(s.geometry());
        if (new SampleRecord(record).imageOnly()) {
            writeImage(dataset, id, s);
            ConvertedRecord.put(record, layout, dataset, id, s.shape(), null, null, null, trace);
            return record;
        }
        List<int[]> boxes = new ArrayList<>();
        for (LabelMask m : s.masks()) {
            boxes.add(m.isEmpty() ? null : m.box().toSat());
            if (!m.isEmpty()) Npy.writeBool(Path.of(layout.labelMask(dataset, id, m.name())), m.box().shape(), m.voxels());
        }
        Box roi = s.roi();
        if (roi != null) Npy.writeBool(Path.of(layout.unionMask(dataset, id)), roi.shape(), union(s, roi));
        writeImage(dataset, id, s);
        ConvertedRecord.put(record, layout, dataset, id, s.shape(), s.labels(), boxes, roi == null ? null : roi.toSat(), trace);
        return record;
    }

    /** The image npy, written last of a sample's files. */
    private void writeImage(String dataset, String id, NormalizedSample s) throws IOException {
        int[] shape = s.shape();
        Npy.writeFloat32(Path.of(layout.image(dataset, id)), new int[] {1, shape[0], shape[1], shape[2]}, s.image());
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
