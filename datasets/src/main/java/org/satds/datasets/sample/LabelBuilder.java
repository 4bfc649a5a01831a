package org.satds.datasets.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.core.transform.Resampler;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;

/**
 * Builds a recipe's label masks inside the crop box. Each source (a label value, a channel, or the raw map) is
 * first reduced to its own tight box; a label is the sum of its sources in the union of their boxes, then
 * optionally min-max rescaled over the whole label stack, then binarized. This is the original's arithmetic
 * (sum, rescale, threshold) without ever holding one full-size array per label. Most recipes take a shorter way
 * to the same bytes ({@link #distinctValues}). Both also count the mask values no label reads, which the labels
 * drop: convert warns of them.
 */
final class LabelBuilder {
    /**
     * The label masks, and the values of a label map that no label reads with their voxels in the crop (none for a
     * channel-first mask or a recipe that reads the raw map).
     */
    record Built(List<LabelMask> masks, SortedMap<Float, Long> unread) {}

    /** The code of {@link #distinctValueCodes}'s table for a value that is no source (0 stays 0). */
    private static final byte UNREAD = (byte) 255;

    /** A source's non-zero values inside its tight box (C-order), or an empty source. */
    private record Sparse(Box box, float[] values) {
        static final Sparse EMPTY = new Sparse(null, new float[0]);
    }

    private LabelBuilder() {}

    /** Counts values a run of one value at a time (label maps come in long runs): one map update per run. */
    private static final class Tally {
        private final SortedMap<Float, Long> counts = new TreeMap<>();
        private float value;
        private long run;

        void add(float v) {
            if (run > 0 && Float.compare(v, value) == 0) {
                run++;
                return;
            }
            flush();
            value = v;
            run = 1;
        }

        SortedMap<Float, Long> counts() {
            flush();
            return counts;
        }

        private void flush() {
            if (run > 0) counts.merge(value, run, Long::sum);
            run = 0;
        }
    }

    static Built build(Recipe recipe, List<String> names, Volume mask, Resampler.Nearest nearest, int[] crop, Path maskPath)
            throws SampleException {
        byte[] codes = recipe.channelMask() || mask.channels() != 1 ? null : distinctValueCodes(recipe);
        return codes != null ? distinctValues(recipe, names, mask, nearest, crop, codes) : general(recipe, names, mask, nearest, crop, maskPath);
    }

    /**
     * The common recipe shape: an integer label map whose labels each draw from distinct values, all integers in
     * [1, 65535]. Per value of the map its source's code (1 + the value's index among the recipe's distinct source
     * values; {@link #UNREAD} for another value but 0, which stays 0), or null for any other recipe ("raw", a value
     * listed twice in one label, 0 or a non-integer as a source, more than 254 distinct values). The table has at
     * least 256 entries.
     */
    static byte[] distinctValueCodes(Recipe recipe) {
        Map<Integer, Integer> code = new LinkedHashMap<>();
        for (Recipe.Label l : recipe.labels()) {
            Set<Integer> own = new HashSet<>();
            for (Object s : l.sources()) {
                if (!(s instanceof Number n)) return null;
                float f = n.floatValue();
                int v = (int) f;
                if (v != f || v < 1 || v > 65535 || !own.add(v)) return null;
                code.putIfAbsent(v, code.size() + 1);
            }
        }
        if (code.size() > 254) return null;
        byte[] table = new byte[Math.max(256, code.keySet().stream().mapToInt(v -> v).max().orElse(0) + 1)];
        java.util.Arrays.fill(table, 1, table.length, UNREAD);
        code.forEach((v, c) -> table[v] = (byte) (int) c);
        return table;
    }

    /**
     * {@link #general} for a recipe {@link #distinctValueCodes} accepts, in three passes: the map gathered straight
     * into source codes, one pass for every code's box, then per label one pass over its box. A voxel has one value
     * and a label's values are distinct, so every label's sum is 0 or 1 everywhere; the stack's min and max are then
     * 0 and 1 (or equal, and it is not rescaled), rescaling leaves 0 and 1 as they are, and both the 0.5 threshold
     * and "non-zero" keep exactly the 1s. A label's bits are thus "the voxel's value is one of its sources", and the
     * union of its values' tight boxes is its tight box. 0 is no source here: -0.0 and 0 both read as no source, as
     * in the general path without a 0 source. Values that are no source share one code; only when it occurs are the
     * crop's values gathered again to tell them apart.
     */
    static Built distinctValues(Recipe recipe, List<String> names, Volume mask, Resampler.Nearest nearest, int[] crop,
                                byte[] codes) {
        byte[] map = mask.isBytes() ? nearest.gather(mask.bytes(0), codes) : nearest.gather(mask.floats(0), codes, UNREAD);
        int[][] boxes = codeBoxes(map, crop);
        Tally unread = new Tally();
        if (boxes[UNREAD & 0xff] != null) {
            float[] raw = mask.isBytes() ? nearest.gather(mask.bytes(0)) : nearest.gather(mask.floats(0));
            for (int i = 0; i < map.length; i++) if (map[i] == UNREAD) unread.add(raw[i]);
        }
        List<LabelMask> out = new ArrayList<>();
        for (int i = 0; i < recipe.labels().size(); i++) {
            byte[] member = new byte[256];
            int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {-1, -1, -1};
            for (Object s : recipe.labels().get(i).sources()) {
                int k = codes[(int) ((Number) s).floatValue()] & 0xff;
                member[k] = 1;
                int[] own = boxes[k];
                if (own == null) continue;
                for (int d = 0; d < 3; d++) {
                    lo[d] = Math.min(lo[d], own[d]);
                    hi[d] = Math.max(hi[d], own[d + 3]);
                }
            }
            if (hi[0] < 0) { out.add(LabelMask.empty(names.get(i))); continue; }
            Box box = new Box(lo, new int[] {hi[0] + 1, hi[1] + 1, hi[2] + 1});
            int s0 = box.size(0), s1 = box.size(1), s2 = box.size(2);
            byte[] bits = new byte[(int) box.voxels()];
            for (int a = 0, j = 0; a < s0; a++)
                for (int b = 0; b < s1; b++) {
                    int from = ((lo[0] + a) * crop[1] + lo[1] + b) * crop[2] + lo[2];
                    for (int c = 0; c < s2; c++, j++) bits[j] = member[map[from + c] & 0xff];
                }
            out.add(new LabelMask(names.get(i), box, bits));
        }
        return new Built(out, unread.counts());
    }

    /** Per code, the inclusive box of its voxels in a C-order map over {@code shape} (lo x, y, z, hi x, y, z), or null. */
    private static int[][] codeBoxes(byte[] map, int[] shape) {
        int[][] boxes = new int[256][];
        int n2 = shape[2];
        for (int a = 0, from = 0; a < shape[0]; a++)
            for (int b = 0; b < shape[1]; b++, from += n2)
                for (int c = 0; c < n2; ) { // a run of one code at a time: its box grows once per run
                    byte code = map[from + c];
                    int start = c;
                    while (++c < n2 && map[from + c] == code) ;
                    if (code == 0) continue; // most voxels
                    int[] x = boxes[code & 0xff];
                    if (x == null) x = boxes[code & 0xff] = new int[] {a, b, start, a, b, start};
                    x[1] = Math.min(x[1], b);
                    x[2] = Math.min(x[2], start);
                    x[3] = a; // rows come in order of a
                    x[4] = Math.max(x[4], b);
                    x[5] = Math.max(x[5], c - 1);
                }
        return boxes;
    }

    /**
     * Any recipe: each source reduced to its own tight box, a label the sum of its sources in the union of their
     * boxes, rescaled and thresholded as the class comment says.
     */
    static Built general(Recipe recipe, List<String> names, Volume mask, Resampler.Nearest nearest, int[] crop, Path maskPath)
            throws SampleException {
        Tally unread = new Tally();
        Map<Object, Sparse> sparse = recipe.channelMask()
                ? channelSources(recipe, mask, nearest, crop, maskPath)
                : valueSources(recipe, mask, nearest, crop, maskPath, unread);
        List<Sparse> sums = new ArrayList<>();
        for (Recipe.Label label : recipe.labels()) sums.add(sum(label, sparse, crop));
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long cropVoxels = (long) crop[0] * crop[1] * crop[2];
        for (Sparse s : sums) {
            if (s.box == null || s.box.voxels() < cropVoxels) { min = Math.min(min, 0); max = Math.max(max, 0); }
            for (float v : s.values) { min = Math.min(min, v); max = Math.max(max, v); }
        }
        boolean rescale = recipe.rescale() && max > min; // a constant stack is left as is (the original divides by 0)
        boolean thresholds = recipe.thresholds();
        List<LabelMask> out = new ArrayList<>();
        for (int i = 0; i < sums.size(); i++) {
            Sparse s = sums.get(i);
            byte[] bits = new byte[s.values.length];
            for (int v = 0; v < bits.length; v++) {
                double x = rescale ? (s.values[v] - min) / (max - min) : s.values[v];
                bits[v] = (byte) ((thresholds ? x > 0.5 : x != 0) ? 1 : 0);
            }
            out.add(tight(names.get(i), s.box, bits));
        }
        return new Built(out, unread.counts());
    }

    private static LabelMask tight(String name, Box box, byte[] bits) {
        if (box == null) return LabelMask.empty(name);
        Box inner = Foreground.nonZeroBox(bits, box.shape());
        if (inner == null) return LabelMask.empty(name);
        byte[] cut = Foreground.crop(bits, box.shape(), inner);
        int[] s = new int[3], e = new int[3];
        for (int d = 0; d < 3; d++) {
            s[d] = box.start()[d] + inner.start()[d];
            e[d] = box.start()[d] + inner.end()[d];
        }
        return new LabelMask(name, new Box(s, e), cut);
    }

    /** The sum of a label's sources over the union of their boxes. */
    private static Sparse sum(Recipe.Label label, Map<Object, Sparse> sparse, int[] crop) {
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, hi = {-1, -1, -1};
        List<Sparse> parts = new ArrayList<>();
        for (Object src : label.sources()) {
            Sparse s = sparse.get(key(src));
            if (s.box == null) continue;
            parts.add(s);
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], s.box.start()[d]);
                hi[d] = Math.max(hi[d], s.box.end()[d]);
            }
        }
        if (parts.isEmpty()) return Sparse.EMPTY;
        Box union = new Box(lo, hi);
        float[] values = new float[(int) union.voxels()];
        int u1 = union.size(1), u2 = union.size(2);
        for (Sparse s : parts) {
            int s0 = s.box.size(0), s1 = s.box.size(1), s2 = s.box.size(2);
            for (int i = 0; i < s0; i++)
                for (int j = 0; j < s1; j++) {
                    int from = (i * s1 + j) * s2;
                    int to = ((s.box.start()[0] - lo[0] + i) * u1 + s.box.start()[1] - lo[1] + j) * u2 + s.box.start()[2] - lo[2];
                    for (int k = 0; k < s2; k++) values[to + k] += s.values[from + k];
                }
        }
        return new Sparse(union, values);
    }

    private static Object key(Object source) {
        return source instanceof Number n ? (Object) n.doubleValue() : source;
    }

    /**
     * Integer label map: one sparse 0/1 source per value used, and "raw" for the map's own values; counts into
     * {@code unread} the voxels of values that are no source (unless the raw map is read).
     */
    private static Map<Object, Sparse> valueSources(Recipe recipe, Volume mask, Resampler.Nearest nearest, int[] crop, Path maskPath,
                                                    Tally unread) throws SampleException {
        if (mask.channels() != 1)
            throw new SampleException(maskPath, "mask has " + mask.channels() + " channels; the " + recipe.dataset()
                    + " recipe expects one integer label map");
        float[] raw = mask.isBytes() ? nearest.gather(mask.bytes(0)) : nearest.gather(mask.floats(0));
        Map<Float, Integer> slot = new HashMap<>();
        List<Object> keys = new ArrayList<>();
        boolean wantsRaw = false;
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) {
                if ("raw".equals(s)) wantsRaw = true;
                else if (!slot.containsKey(((Number) s).floatValue())) {
                    slot.put(((Number) s).floatValue(), keys.size());
                    keys.add(key(s));
                }
            }
        int n = keys.size();
        int[][] lo = new int[n][], hi = new int[n][];
        boolean zeroIsSource = slot.containsKey(0f);
        int[] byInteger = integerSlots(slot);
        for (int a = 0, i = 0; a < crop[0]; a++)
            for (int b = 0; b < crop[1]; b++)
                for (int c = 0; c < crop[2]; c++, i++) {
                    float x = raw[i];
                    if (x == 0 && !zeroIsSource) continue; // most voxels
                    int v = (int) x;
                    // zeros go to the map, which tells -0.0 from 0 as before (Float.equals); an integer in [1, 65536)
                    // not in the table is no source, as every such source is in it
                    int k = x != 0 && v == x && v > 0 && v < 65536 ? (v < byInteger.length ? byInteger[v] : -1) : slot.getOrDefault(x, -1);
                    if (k < 0) {
                        if (!wantsRaw) unread.add(x);
                        continue;
                    }
                    if (lo[k] == null) { lo[k] = new int[] {a, b, c}; hi[k] = new int[] {a, b, c}; continue; }
                    lo[k][0] = Math.min(lo[k][0], a); hi[k][0] = Math.max(hi[k][0], a);
                    lo[k][1] = Math.min(lo[k][1], b); hi[k][1] = Math.max(hi[k][1], b);
                    lo[k][2] = Math.min(lo[k][2], c); hi[k][2] = Math.max(hi[k][2], c);
                }
        Map<Object, Sparse> out = new LinkedHashMap<>();
        for (Map.Entry<Float, Integer> e : slot.entrySet()) {
            int k = e.getValue();
            if (lo[k] == null) { out.put(keys.get(k), Sparse.EMPTY); continue; }
            Box box = new Box(lo[k], new int[] {hi[k][0] + 1, hi[k][1] + 1, hi[k][2] + 1});
            float[] cut = Foreground.crop(raw, crop, box);
            float value = e.getKey();
            for (int i = 0; i < cut.length; i++) cut[i] = cut[i] == value ? 1f : 0f;
            out.put(keys.get(k), new Sparse(box, cut));
        }
        if (wantsRaw) out.put("raw", nonZero(raw, crop));
        return out;
    }

    /**
     * The slots of the label values that are small non-negative integers (label maps' values nearly always are),
     * indexed by value, -1 for a value that is no source (0 is left to the map): a voxel then costs an array read instead of a boxed
     * map lookup. Other values are looked up in the map.
     */
    private static int[] integerSlots(Map<Float, Integer> slot) {
        int max = -1;
        for (float v : slot.keySet()) if (v == (int) v && v > 0 && v < 65536) max = Math.max(max, (int) v);
        int[] table = new int[max + 1];
        java.util.Arrays.fill(table, -1);
        slot.forEach((v, k) -> { if (v == (int) (float) v && v > 0 && v < table.length) table[(int) (float) v] = k; });
        return table;
    }

    /** Channel-first mask: one sparse source per channel used, with the channel's own values. */
    private static Map<Object, Sparse> channelSources(Recipe recipe, Volume mask, Resampler.Nearest nearest, int[] crop, Path maskPath)
            throws SampleException {
        Map<Object, Sparse> out = new HashMap<>();
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) {
                Object k = key(s);
                if (out.containsKey(k)) continue;
                if (!(s instanceof Number num) || num.intValue() < 0 || num.intValue() >= mask.channels())
                    throw new SampleException(maskPath, "mask has " + mask.channels() + " channels; the " + recipe.dataset()
                            + " recipe reads channel " + s);
                int c = num.intValue();
                float[] values = mask.isBytes() ? nearest.gather(mask.bytes(c)) : nearest.gather(mask.floats(c));
                out.put(k, nonZero(values, crop));
            }
        return out;
    }

    private static Sparse nonZero(float[] values, int[] crop) {
        Box box = Foreground.box(crop, absolute(values));
        if (box.isEmpty()) return Sparse.EMPTY;
        return new Sparse(box, Foreground.crop(values, crop, box));
    }

    /** Foreground.box selects values > 0; negative mask values count as present too. */
    private static float[] absolute(float[] v) {
        for (float x : v) if (x < 0) {
            float[] a = new float[v.length];
            for (int i = 0; i < v.length; i++) a[i] = Math.abs(v[i]);
            return a;
        }
        return v;
    }
}
