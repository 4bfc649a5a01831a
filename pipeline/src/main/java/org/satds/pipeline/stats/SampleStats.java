package org.satds.pipeline.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.check.PairCheck;
import org.satds.pipeline.convert.SharedSample;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;

/**
 * One sample's fingerprint: its native geometry (shape, nibabel's zooms, axis codes of the affine the loader
 * uses), the native intensities over the union of its classes, and after normalizing as convert does, the shape and
 * each class's voxels, volume, 26-connected components and box (as convert writes boxes); and what convert warns of
 * the mask ({@link PairCheck#conversionWarning}), in {@link #MASK_WARNING}.
 */
final class SampleStats {
    /** Volume of one voxel of the normalized grid in ml: 1 x 1 x 3 mm. */
    static final double VOXEL_ML = SampleLoader.PIXDIM[0] * SampleLoader.PIXDIM[1] * SampleLoader.PIXDIM[2] / 1000;

    /** The field of a sample whose mask convert would warn of: the warning, one line. */
    static final String MASK_WARNING = "mask_warning";

    private SampleStats() {}

    /**
     * @param base      folder relative record paths start from
     * @param thumbnail where to draw the sample's picture, or null for none
     */
    static ObjectNode of(SampleLoader loader, Path base, ObjectNode record, int index, VolumeReader reader, Path thumbnail)
            throws IOException {
        SampleRecord rec = new SampleRecord(record);
        Recipe recipe = loader.recipe(rec);
        int channel = Math.max(0, loader.imageChannel(rec));
        List<SampleLoader.Input> inputs = loader.inputs(rec, base);
        SampleLoader.Input scanIn = inputs.get(0), maskIn = inputs.get(1);
        // the loader and the native figures (and in a convert pass, convert and check) read the same volumes: decode each once
        SharedSample once = SharedSample.of(reader);
        // The native figures the moment the loader has read the mask after the scan: the scan goes then, before the
        // mask is resampled, rather than after the whole load (a CT's int16 scan, 100 MB, was held through it).
        Foreground[] early = new Foreground[1];
        once.whenRead(maskIn.file(), maskIn.options(), mask -> {
            Volume scan = once.held(scanIn.file(), scanIn.options());
            if (scan == null) return; // not read before the mask: the figures come after the load
            early[0] = foreground(recipe, scan, channel, mask);
            once.releaseVolumes();
        });
        NormalizedSample sample = once.unscaled(loader, rec, base); // stats read native intensities, not normalized ones
        Foreground foreground = early[0] != null ? early[0]
                : foreground(recipe, once.read(scanIn.file(), scanIn.options()), channel, once.read(maskIn.file(), maskIn.options()));
        once.releaseVolumes(); // the figures to come need the normalized sample only
        SharedSample.Grid image = once.grid(scanIn.file()), mask = once.grid(maskIn.file());

        String warning = PairCheck.conversionWarning(recipe, maskIn.file().toString(), image.affine(), mask.affine(),
                image.shape(), sample.unreadValues());
        ObjectNode out = Jsonl.MAPPER.createObjectNode();
        out.put("dataset", rec.dataset()).put("patient_id", rec.patientId()).put("image", rec.image());
        if (warning != null) out.put(MASK_WARNING, warning);
        SampleId.set(out, SampleId.of(record, index));
        ObjectNode nat = out.putObject("native");
        array(nat.putArray("shape"), image.shape());
        double[] zooms = zooms(scanIn.file(), image.affine());
        ArrayNode spacing = nat.putArray("spacing");
        for (double z : zooms) spacing.add(z);
        nat.put("axcodes", AxisCodes.codesOf(image.affine()));
        if (foreground.figures() == null) out.putNull("intensity");
        else out.set("intensity", foreground.figures());
        out.put(Intensities.POOL_FIELD, foreground.pool());

        ObjectNode norm = out.putObject("normalized");
        array(norm.putArray("shape"), sample.shape());
        ObjectNode classes = norm.putObject("classes");
        for (LabelMask m : sample.masks()) {
            ObjectNode c = classes.putObject(m.name());
            long voxels = m.isEmpty() ? 0 : m.count();
            c.put("voxels", voxels).put("volume_ml", voxels * VOXEL_ML);
            c.put("components", m.isEmpty() ? 0 : Components.count(m.voxels(), m.box().shape()));
            if (m.isEmpty()) c.put("box", false);
            else array(c.putArray("box"), m.box().toSat());
        }
        if (thumbnail != null) {
            Thumbnails.write(thumbnail, sample);
            out.put("thumbnail", thumbnail.toString());
        }
        return out;
    }

    /**
     * nibabel's zooms: the NIfTI header's voxel sizes (pixdim, made positive as nibabel's check_fix does), in file
     * axis order; other formats carry no such field, and their readers' affines have the voxel sizes as column norms.
     */
    static double[] zooms(Path file, Affine affine) throws IOException {
        NiftiHeader nifti = Volumes.header(file).nifti();
        return nifti == null ? affine.spacing() : new double[] {nifti.pixdim[1], nifti.pixdim[2], nifti.pixdim[3]};
    }

    /**
     * The {@link Intensities} figures (null when there are none) and pool ({@link Intensities#poolOf}) of the image
     * channel's values in the native mask's classes, in voxel order.
     */
    record Foreground(ObjectNode figures, String pool) {}

    /**
     * The image channel's values where the native mask holds any of the recipe's classes: a label value one of its
     * labels is built from (any non-zero value for "raw"), or a non-zero value in a channel one is built from.
     */
    static Foreground foreground(Recipe recipe, Volume image, int channel, Volume mask) {
        Set<Float> values = new HashSet<>();
        Set<Integer> channels = new HashSet<>();
        boolean anyValue = false;
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) {
                if (!(s instanceof Number n)) anyValue = true; // "raw": the map's own values
                else if (recipe.channelMask()) channels.add(n.intValue());
                else values.add(n.floatValue());
            }
        boolean raw = anyValue;
        FloatTest inLabel = v -> (raw && v != 0) || values.contains(v);
        // the voxels in: where a byte map holds a value accepts[] takes (most maps: read as they are, one pass less)
        byte[] map;
        boolean[] accepts = new boolean[256];
        if (!recipe.channelMask() && mask.isBytes()) {
            map = mask.bytes(0);
            for (int v = 0; v < 256; v++) accepts[v] = inLabel.test(v); // a byte map has 256 possible values: test each once
        } else {
            map = new byte[image.voxels()];
            accepts[1] = true;
            if (recipe.channelMask()) for (int c : channels) mark(map, mask, c, v -> v != 0);
            else mark(map, mask, 0, inLabel);
        }
        if (image.isShorts()) return int16(map, accepts, image.shorts(channel)); // read where they are: no float copy of the scan
        float[] floats = image.floats(channel);
        float[] out = new float[Math.max(64, map.length >>> 6)];
        int n = 0;
        for (Voxels in = new Voxels(map, accepts); in.next(); )
            for (int j = 0; j < in.count; j++) {
                if (n == out.length) out = Arrays.copyOf(out, 2 * n);
                out[n++] = floats[in.block[j]];
            }
        out = Arrays.copyOf(out, n);
        return new Foreground(Intensities.of(out), Intensities.poolOf(out));
    }

    /**
     * An int16 image's figures from its values gathered as they are (two bytes a voxel, not four) and counted on the
     * way: sum, extremes and percentiles follow from the counts, exactly; the squared deviations from the mean and the
     * pool are taken in voxel order, as from the values as floats, so the figures are the same to the bit.
     */
    private static Foreground int16(byte[] map, boolean[] accepts, short[] shorts) {
        int[] counts = new int[1 << 16];
        short[] values = new short[Math.max(64, map.length >>> 6)];
        int n = 0;
        for (Voxels in = new Voxels(map, accepts); in.next(); ) {
            if (n + in.count > values.length) values = Arrays.copyOf(values, Math.max(2 * values.length, n + in.count));
            for (int j = 0; j < in.count; j++) counts[(values[n++] = shorts[in.block[j]]) - Short.MIN_VALUE]++;
        }
        if (n == 0) return new Foreground(null, Intensities.poolOf(new float[0]));
        Intensities.Int16 figures = new Intensities.Int16(counts, values, n);
        return new Foreground(figures.figures(), figures.pool());
    }

    /** The voxels whose map value accepts[] takes, in order, a block of indices at a time. */
    private static final class Voxels {
        private static final byte[] ZEROS = new byte[4096];
        final int[] block = new int[4096];
        int count;
        private final byte[] map;
        private final boolean[] accepts;
        private final boolean skipZeros;
        private int from;

        Voxels(byte[] map, boolean[] accepts) {
            this.map = map;
            this.accepts = accepts;
            this.skipZeros = !accepts[0];
        }

        /** Fills block with the next voxels, count of them; false when none is left. */
        boolean next() {
            int i = from, n = 0, to = map.length;
            while (i < to && n < block.length) {
                if (skipZeros && map[i] == 0) { // most of a label map is 0: the next non-zero byte by a bulk compare
                    int length = Math.min(ZEROS.length, to - i), k = Arrays.mismatch(map, i, i + length, ZEROS, 0, length);
                    i += k < 0 ? length : k;
                } else {
                    if (accepts[map[i] & 0xff]) block[n++] = i;
                    i++;
                }
            }
            from = i;
            count = n;
            return n > 0;
        }
    }

    private interface FloatTest {
        boolean test(float v);
    }

    /** Sets {@code marked} to 1 where the mask's channel holds a value {@code test} accepts. */
    private static void mark(byte[] marked, Volume mask, int channel, FloatTest test) {
        if (mask.isBytes()) {
            byte[] b = mask.bytes(channel);
            boolean[] hit = new boolean[256];
            for (int v = 0; v < 256; v++) hit[v] = test.test(v);
            for (int i = 0; i < b.length; i++) if (hit[b[i] & 0xff]) marked[i] = 1;
        } else {
            float[] f = mask.floats(channel);
            boolean zero = test.test(0f);
            for (int i = 0; i < f.length; i++) if (f[i] == 0 ? zero : test.test(f[i])) marked[i] = 1;
        }
    }

    private static void array(ArrayNode a, int[] values) {
        for (int v : values) a.add(v);
    }
}
