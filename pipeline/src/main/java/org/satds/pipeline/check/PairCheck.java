package org.satds.pipeline.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeSet;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;

/**
 * Checks of an image and its mask as stored, before normalization: what nnU-Net's verify_dataset_integrity checks
 * (label values against the recipe, shapes, spacing, origin and direction, NaN), with SAT's consequences in mind.
 * The loader reorients and resamples the image and the mask each by its own affine and then pairs voxels by index,
 * so a mask whose affine puts it elsewhere gives labels in the wrong place: more than half a voxel off is an error,
 * any difference beyond numpy.allclose's tolerance (the one nnU-Net uses) a warning. A mask value no recipe label
 * reads is a class silently lost: an error. A mask holding only 0 is a warning (autoPET's negative studies are
 * meant to be empty), as in nnU-Net. Each finding names the file at fault.
 *
 * <p>Convert and stats, which convert such a mask as asked, say the same of it ({@link #conversionWarning}).
 */
public final class PairCheck {
    /** numpy.allclose defaults, as verify_dataset_integrity calls it. */
    private static final double RTOL = 1e-5, ATOL = 1e-8;
    private static final int MAX_VALUES_LISTED = 10;

    private PairCheck() {}

    /** A problem and the file it is in (as the record names it). */
    public record Finding(String file, String problem) {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

    /** Errors (the sample is wrong) and warnings (worth a look), each one short line. */
    public record Findings(List<Finding> errors, List<Finding> warnings, boolean shapesDiffer) {
        Findings() {
            this(new ArrayList<>(), new ArrayList<>(), false);
        }
    }

    /** @param imageFile, maskFile the files as the findings name them */
    public static Findings check(Recipe recipe, String imageFile, Volume image, String maskFile, Volume mask) {
        if (!Arrays.equals(image.shape(), mask.shape()))
            return new Findings(List.of(new Finding(maskFile, "mask shape " + Arrays.toString(mask.shape()) + " differs from image shape "
                    + Arrays.toString(image.shape()))), List.of(), true);
        Findings f = new Findings();
        String off = offImage(image.affine(), mask.affine(), image.shape());
        if (off != null) f.errors.add(new Finding(maskFile, off + ": its labels would land in the wrong place"));
        else if (!allClose(image.affine(), mask.affine()))
            f.warnings.add(new Finding(maskFile, String.format(Locale.ROOT, "mask affine differs from the image's by up to %.3g mm, under half a voxel (%s)",
                    shift(image.affine(), mask.affine(), image.shape()), detail(image.affine(), mask.affine()))));
        long nonFinite = 0;
        boolean floats = !image.isBytes() && !image.isShorts(); // only floats can be NaN or Inf
        for (int c = 0; c < image.channels() && floats; c++) nonFinite += countNonFinite(image.floats(c));
        if (nonFinite > 0) f.errors.add(new Finding(imageFile, "image contains NaN or Inf (" + nonFinite + " voxels)"));
        if (recipe.channelMask()) channels(recipe, mask, maskFile, f);
        else values(recipe, mask, maskFile, f);
        return f;
    }

    /**
     * What convert and stats say of a mask they convert as it is, in one line naming it, or null when all is well:
     * it lies more than half a voxel off its image (the labels land elsewhere), or it holds values no label reads
     * (those voxels are dropped; counted on the normalized grid).
     *
     * @param unread values no label reads and their voxels, as the normalized sample counts them
     */
    public static String conversionWarning(Recipe recipe, String maskFile, Affine image, Affine mask, int[] shape,
                                           SortedMap<Float, Long> unread) {
        List<String> problems = new ArrayList<>();
        String off = offImage(image, mask, shape);
        if (off != null) problems.add(off + ": its labels land in the wrong place");
        if (!unread.isEmpty()) {
            List<String> values = unread.entrySet().stream()
                    .map(e -> value(e.getKey()) + String.format(Locale.ROOT, " (%d voxel%s)", e.getValue(), e.getValue() == 1 ? "" : "s")).toList();
            problems.add(unknownValues(recipe, values, "read") + ": those voxels are dropped");
        }
        return problems.isEmpty() ? null : new Finding(maskFile, String.join("; ", problems)).toString();
    }

    /** "mask lies up to X mm off its image (how)" when it is off by more than half the image's smallest voxel side, else null. */
    private static String offImage(Affine img, Affine seg, int[] shape) {
        double[] si = img.spacing();
        double shift = shift(img, seg, shape), halfVoxel = Math.min(si[0], Math.min(si[1], si[2])) / 2;
        return shift > halfVoxel ? String.format(Locale.ROOT, "mask lies up to %.1f mm off its image (%s)", shift, detail(img, seg)) : null;
    }

    /** The largest distance between where the two affines put a corner voxel of the grid, in mm. */
    private static double shift(Affine img, Affine seg, int[] shape) {
        double shift = 0;
        for (int corner = 0; corner < 8; corner++) {
            double x = (corner & 1) == 0 ? 0 : shape[0] - 1, y = (corner & 2) == 0 ? 0 : shape[1] - 1, z = (corner & 4) == 0 ? 0 : shape[2] - 1;
            double[] a = img.apply(x, y, z), b = seg.apply(x, y, z);
            shift = Math.max(shift, Math.sqrt(sq(a[0] - b[0]) + sq(a[1] - b[1]) + sq(a[2] - b[2])));
        }
        return shift;
    }

    private static String detail(Affine img, Affine seg) {
        return "origin " + fmt(origin(img)) + " vs " + fmt(origin(seg)) + ", spacing " + fmt(img.spacing()) + " vs " + fmt(seg.spacing())
                + (directionsClose(img, seg) ? "" : ", directions differ");
    }

    /** A values mask: every value must be 0 or a source of some label (unless a label takes the raw map). */
    private static void values(Recipe recipe, Volume mask, String maskFile, Findings f) {
        TreeSet<Float> found = distinct(mask);
        if (found.isEmpty() || (found.size() == 1 && found.first() == 0f)) {
            f.warnings.add(new Finding(maskFile, "mask is empty (only 0)"));
            return;
        }
        if (found.stream().anyMatch(v -> !Float.isFinite(v))) f.errors.add(new Finding(maskFile, "mask contains NaN or Inf"));
        if (recipe.labels().stream().anyMatch(l -> l.sources().contains("raw"))) return;
        TreeSet<Float> known = read(recipe);
        List<String> unknown = found.stream().filter(v -> Float.isFinite(v) && v != 0f && !known.contains(v)).map(PairCheck::value).toList();
        if (!unknown.isEmpty())
            f.errors.add(new Finding(maskFile, unknownValues(recipe, unknown, "know") + ": those voxels would be lost"));
    }

    /** The label values a values recipe reads. */
    private static TreeSet<Float> read(Recipe recipe) {
        TreeSet<Float> read = new TreeSet<>();
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) read.add(((Number) s).floatValue());
        return read;
    }

    /** "mask holds value(s) A, B (and n more) that the X recipe does not {verb} (it reads 1, 2)". */
    private static String unknownValues(Recipe recipe, List<String> values, String verb) {
        return "mask holds value" + (values.size() > 1 ? "s " : " ") + String.join(", ", values.subList(0, Math.min(values.size(), MAX_VALUES_LISTED)))
                + (values.size() > MAX_VALUES_LISTED ? " (and " + (values.size() - MAX_VALUES_LISTED) + " more)" : "")
                + " that the " + recipe.dataset() + " recipe does not " + verb + " (it reads "
                + String.join(", ", read(recipe).stream().map(PairCheck::value).toList()) + ")";
    }

    /** A channel-first mask: channels the recipe does not read are a warning; all channels empty, too. */
    private static void channels(Recipe recipe, Volume mask, String maskFile, Findings f) {
        TreeSet<Integer> read = new TreeSet<>();
        for (Recipe.Label l : recipe.labels())
            for (Object s : l.sources()) if (s instanceof Number n) read.add(n.intValue());
        List<Integer> unread = new ArrayList<>();
        boolean empty = true;
        for (int c = 0; c < mask.channels(); c++) {
            if (!read.contains(c)) unread.add(c);
            TreeSet<Float> values = distinct(mask, c);
            if (values.stream().anyMatch(v -> !Float.isFinite(v))) f.errors.add(new Finding(maskFile, "mask channel " + c + " contains NaN or Inf"));
            if (values.stream().anyMatch(v -> v != 0f)) empty = false;
        }
        if (!unread.isEmpty()) f.warnings.add(new Finding(maskFile, "mask channels " + unread + " are not read by the " + recipe.dataset() + " recipe"));
        if (empty) f.warnings.add(new Finding(maskFile, "mask is empty (every channel only 0)"));
    }

    private static TreeSet<Float> distinct(Volume mask) {
        TreeSet<Float> all = new TreeSet<>();
        for (int c = 0; c < mask.channels(); c++) all.addAll(distinct(mask, c));
        return all;
    }

    private static TreeSet<Float> distinct(Volume mask, int channel) {
        TreeSet<Float> values = new TreeSet<>();
        if (mask.isBytes()) {
            boolean[] seen = new boolean[256];
            for (byte b : mask.bytes(channel)) seen[b & 0xff] = true;
            for (int v = 0; v < 256; v++) if (seen[v]) values.add((float) v);
            return values;
        }
        float last = Float.NaN;
        for (float v : mask.floats(channel)) {
            if (Float.compare(v, last) == 0) continue; // runs of one value: skip the set lookup
            values.add(v);
            last = v;
        }
        return values;
    }

    private static int countNonFinite(float[] v) {
        int n = 0;
        for (float x : v) if (!Float.isFinite(x)) n++;
        return n;
    }

    private static boolean allClose(Affine a, Affine b) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(a.get(i, j) - b.get(i, j)) > ATOL + RTOL * Math.abs(b.get(i, j))) return false;
        return true;
    }

    private static boolean directionsClose(Affine a, Affine b) {
        double[] sa = a.spacing(), sb = b.spacing();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                if (Math.abs(a.get(i, j) / sa[j] - b.get(i, j) / sb[j]) > 1e-4) return false;
        return true;
    }

    private static double[] origin(Affine a) {
        return new double[] {a.get(0, 3), a.get(1, 3), a.get(2, 3)};
    }

    private static String fmt(double[] v) {
        return String.format(Locale.ROOT, "(%.4g, %.4g, %.4g)", v[0], v[1], v[2]);
    }

    private static String value(float v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double sq(double x) {
        return x * x;
    }
}
