package org.satds.datasets.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.core.transform.Box;
import org.satds.core.transform.Foreground;
import org.satds.core.transform.Intensity;
import org.satds.core.transform.Resampler;
import org.satds.core.transform.SpatialPlan;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.PhaseTimes.Phase;

/**
 * Loads one record and normalizes it as the original SAT-DS loader does on MONAI 1.1.0: orientation, spacing to
 * 1x1x3 mm (image trilinear, mask nearest), crop to the image's foreground (> 0), intensity normalization, and
 * the recipe's label channels. Masks are resampled only inside the crop box, and each class is kept as its
 * tight box, never as a full-size array.
 */
public final class SampleLoader {
    public static final double[] PIXDIM = {1, 1, 3};

    /**
     * DEFAULT fixes the original's defects (docs/deviations.md) and names classes by the recipe (the published,
     * vocabulary names); ORIGINAL reproduces the few defects that change the published SAT data (each label's
     * {@code original} sources) and, as the original loader did, takes the leading class names from the record.
     */
    public enum Compat { DEFAULT, ORIGINAL }

    private final RecipeBook recipes;
    private final Compat compat;
    /** Orientation for image-only records instead of their orientation_code; null: theirs, else RAS. */
    private final String orientation;

    public SampleLoader(RecipeBook recipes) {
        this(recipes, Compat.DEFAULT);
    }

    public SampleLoader(RecipeBook recipes, Compat compat) {
        this(recipes, compat, null);
    }

    /** @param orientation axis codes that override image-only records' orientation_code (null: no override) */
    public SampleLoader(RecipeBook recipes, Compat compat, String orientation) {
        if (orientation != null) AxisCodes.fromCodes(orientation); // reject a bad code before any sample runs
        this.recipes = recipes;
        this.compat = compat;
        this.orientation = orientation;
    }

    /** The override of image-only records' orientation, or null. */
    public String orientationOverride() {
        return orientation;
    }

    public RecipeBook recipes() {
        return recipes;
    }

    /** A file {@link #load} reads, and how it reads it. */
    public record Input(Path file, ReadOptions options) {}

    /** @param base folder that relative record paths are resolved against (null: the working directory) */
    public NormalizedSample load(SampleRecord record, Path base) throws IOException {
        return load(record, base, Volumes::read);
    }

    /**
     * Loads through {@code reader}, so that a runner can hand over volumes it already decoded for another record
     * (records of one TotalSegmentator CT or one BraTS mask share files).
     */
    public NormalizedSample load(SampleRecord record, Path base, VolumeReader reader) throws IOException {
        return load(record, base, reader, PhaseTimes.OFF);
    }

    /** As {@link #load(SampleRecord, Path, VolumeReader)}, charging each phase's time to {@code phases}. */
    public NormalizedSample load(SampleRecord record, Path base, VolumeReader reader, PhaseTimes phases) throws IOException {
        return load(record, base, reader, phases, true);
    }

    /**
     * As {@link #load(SampleRecord, Path, VolumeReader)}, but the image keeps its resampled, cropped native values:
     * for jobs that need the normalized geometry and classes only, and not the clip and z-score.
     */
    public NormalizedSample loadUnscaled(SampleRecord record, Path base, VolumeReader reader) throws IOException {
        return load(record, base, reader, PhaseTimes.OFF, false);
    }

    private NormalizedSample load(SampleRecord record, Path base, VolumeReader reader, PhaseTimes phases, boolean intensities)
            throws IOException {
        if (record.imageOnly()) return loadImageOnly(record, base, reader);
        Recipe recipe = recipe(record);
        List<Input> inputs = inputs(record, base);
        Input image = inputs.get(0), mask = inputs.get(1);
        long t = phases.start();
        Volume scan = reader.read(image.file(), image.options());
        phases.lap(Phase.READ_IMAGE, t);
        Cropped c = resampleAndCrop(scan, imageChannel(record), recipe.axisCodes(), image.file(), phases);
        // The scan goes before the mask is read (only its cropped floats stay), so that its memory can take the mask:
        // an int16 CT and its mask at once were most of a sample's peak (docs/performance.md, Peak memory).
        scan = null;
        t = phases.start();
        Volume maskVolume = reader.read(mask.file(), mask.options());
        phases.lap(Phase.READ_MASK, t);
        NormalizedSample s = normalize(recipe, c, maskVolume, image.file(), mask.file(), phases, intensities);
        return compat == Compat.ORIGINAL ? s.renamed(originalNames(recipe, record.labels())) : s;
    }

    /**
     * An image-only record (SAT's inference jsonl: image, label, modality, dataset, optional orientation_code) as
     * SAT's inference normalizes it (data/inference_dataset.py load_image): orientation_code, else RAS;
     * 1x1x3 mm; crop to the foreground; modality "ct" (any case) the CT window, anything else percentiles. No
     * masks: the record's labels are what a model is asked to find.
     */
    NormalizedSample loadImageOnly(SampleRecord record, Path base, VolumeReader reader) throws IOException {
        Input in = inputs(record, base).get(0);
        Volume image = reader.read(in.file(), in.options());
        if (image.channels() > 1)
            throw new SampleException(in.file(), "image has " + image.channels() + " channels; an image-only record names one scan");
        Cropped c = resampleAndCrop(image, -1, axisCodes(record), in.file(), PhaseTimes.OFF);
        Intensity.normalize(c.image(), isCt(record));
        return new NormalizedSample(c.box().shape(), c.image(), List.of(), c.affine(), c.geometry());
    }

    /**
     * The orientation a record is normalized to (null: as stored): a labelled record its recipe's; an image-only
     * record the override, its orientation_code, else RAS.
     */
    public String axisCodes(SampleRecord record) {
        if (!record.imageOnly()) return recipe(record).axisCodes();
        if (orientation != null) return orientation;
        String code = record.json().path("orientation_code").asText("");
        return code.isEmpty() ? "RAS" : code;
    }

    /** SAT's inference windows an image as CT exactly when its modality is "ct" in any case. */
    static boolean isCt(SampleRecord record) {
        return record.text("modality").equalsIgnoreCase("ct");
    }

    /**
     * Where normalization put a scan: the orientation it was turned to (null: as stored), the scan's shape and
     * affine as read, the orientation and spacing plan, and the foreground box on the 1x1x3 grid.
     */
    public record Geometry(String axisCodes, int[] nativeShape, Affine nativeAffine, SpatialPlan plan, Box box) {
        /** The geometry of a scan with this shape and affine, turned to {@code axisCodes} and cropped to {@code box}. */
        public static Geometry of(String axisCodes, int[] nativeShape, Affine nativeAffine, Box box) {
            return new Geometry(axisCodes, nativeShape, nativeAffine, SpatialPlan.of(nativeShape, nativeAffine, axisCodes, PIXDIM), box);
        }
    }

    /**
     * The normalization geometry of a record's scan, recomputed as {@link #load} computes it (resampled image,
     * foreground box), without intensity normalization or masks.
     */
    public Geometry geometry(SampleRecord record, Volume image, Path imagePath) throws IOException {
        String axcodes = axisCodes(record);
        SpatialPlan plan = plan(image, axcodes, imagePath);
        return new Geometry(axcodes, image.shape(), image.affine(), plan, foreground(Resampler.linear(plan), image, imagePath).box());
    }

    /** The files {@link #load} reads for this record: the image first, then the mask (image-only: the image). */
    public List<Input> inputs(SampleRecord record, Path base) {
        if (record.imageOnly()) return List.of(new Input(SampleRecord.resolve(base, record.image()), ReadOptions.SCAN));
        Recipe recipe = recipe(record);
        return List.of(new Input(SampleRecord.resolve(base, ImageRef.of(record.image(), recipe).file()), ReadOptions.SCAN),
                new Input(SampleRecord.resolve(base, record.mask()),
                        recipe.channelMask() ? ReadOptions.CHANNEL_FIRST_MASK : ReadOptions.MASK));
    }

    /**
     * The record's classes on the mask's own grid, without reorientation, resampling or crop: what a prediction
     * restored to native space is scored against.
     *
     * @param shape   the mask's (x, y, z) size; each mask is C-order over it, as nibabel's array of the file
     * @param spacing the mask's voxel size in mm along x, y, z (norms of its affine's columns)
     */
    public record NativeMasks(int[] shape, double[] spacing, List<LabelMask> masks) {}

    /** @see NativeMasks */
    public NativeMasks nativeMasks(SampleRecord record, Path base, VolumeReader reader) throws IOException {
        Recipe recipe = recipe(record);
        Input in = inputs(record, base).get(1);
        Volume mask = reader.read(in.file(), in.options());
        int nx = mask.nx(), ny = mask.ny(), nz = mask.nz();
        int[] shape = {nx, ny, nz};
        List<String> names = compat == Compat.ORIGINAL ? originalNames(recipe, record.labels()) : outputNames(recipe);
        return new NativeMasks(shape, mask.spacing(),
                LabelBuilder.build(recipe, names, mask, Resampler.Nearest.cOrder(nx, ny, nz), shape, in.file()).masks());
    }

    /** The channel of a 4D image the record addresses as "file.nii.gz/SUFFIX", or -1 when it names the file alone. */
    public int imageChannel(SampleRecord record) {
        return ImageRef.of(record.image(), recipe(record)).channel();
    }

    /** The recipe this loader follows for the record (in ORIGINAL mode, with the original's defects). */
    public Recipe recipe(SampleRecord record) {
        Recipe recipe = recipes.get(record.dataset());
        return compat == Compat.ORIGINAL ? recipe.asOriginal() : recipe;
    }

    /** The original's names: a class the record names by one of its aliases keeps that name. */
    static List<String> originalNames(Recipe recipe, List<String> recordLabels) {
        return recipe.labels().stream().map(l -> l.aliases() == null ? l.name()
                : l.aliases().stream().filter(recordLabels::contains).findFirst().orElse(l.name())).toList();
    }

    /** The volume's resampling plan; an affine it cannot orient (a degenerate voxel axis) is an error naming the file. */
    private static SpatialPlan plan(Volume v, String axcodes, Path file) throws SampleException {
        try {
            return SpatialPlan.of(v.shape(), v.affine(), axcodes, PIXDIM);
        } catch (IllegalArgumentException e) {
            throw new SampleException(file, e.getMessage());
        }
    }

    /** The cropped image's sample with the recipe's classes from the mask (read after the image was cropped). */
    private NormalizedSample normalize(Recipe recipe, Cropped c, Volume mask, Path imagePath, Path maskPath, PhaseTimes phases,
                                       boolean intensities) throws IOException {
        long t = phases.start();
        int[] imageShape = c.geometry().nativeShape();
        if (!Arrays.equals(imageShape, mask.shape()))
            throw new SampleException(maskPath, "mask shape " + Arrays.toString(mask.shape()) + " differs from image shape "
                    + Arrays.toString(imageShape) + " of " + imagePath.getFileName());
        SpatialPlan maskPlan = plan(mask, recipe.axisCodes(), maskPath);
        if (!Arrays.equals(c.plan().outShape(), maskPlan.outShape()))
            throw new SampleException(maskPath, "mask geometry differs from the image's: resampled shapes "
                    + Arrays.toString(maskPlan.outShape()) + " and " + Arrays.toString(c.plan().outShape()));
        t = phases.lap(Phase.ORIENTATION, t);
        if (intensities) Intensity.normalize(c.image(), recipe.isCt());
        t = phases.lap(Phase.NORMALIZE, t);
        List<String> names = outputNames(recipe);
        LabelBuilder.Built masks = LabelBuilder.build(recipe, names, mask, Resampler.nearest(maskPlan, c.box()), c.box().shape(), maskPath);
        phases.lap(Phase.MASKS, t);
        return new NormalizedSample(c.box().shape(), c.image(), masks.masks(), c.affine(), c.geometry(), masks.unread());
    }

    /** The image on the 1x1x3 grid cropped to its foreground (one channel, not yet intensity-normalized), and where it came from. */
    private record Cropped(Geometry geometry, float[] image) {
        SpatialPlan plan() {
            return geometry.plan();
        }

        Box box() {
            return geometry.box();
        }

        /** The world affine of the cropped grid. */
        Affine affine() {
            Box box = box();
            return plan().outAffine().multiply(Affine.diagonal(1, 1, 1).withTranslation(box.start()[0], box.start()[1], box.start()[2]));
        }
    }

    /**
     * Orientation, spacing (trilinear) and the foreground box over all channels; keeps {@code channel} (-1: the only
     * one, an error when there are more).
     */
    private static Cropped resampleAndCrop(Volume image, int channel, String axcodes, Path imagePath, PhaseTimes phases)
            throws SampleException {
        if (channel >= image.channels())
            throw new SampleException(imagePath, "image has " + image.channels() + " channels, channel " + channel + " requested");
        if (channel < 0 && image.channels() > 1)
            throw new SampleException(imagePath, "image has " + image.channels() + " channels and the recipe selects none");
        long t = phases.start();
        SpatialPlan plan = plan(image, axcodes, imagePath);
        Resampler.Linear linear = Resampler.linear(plan);
        t = phases.lap(Phase.ORIENTATION, t);
        // the box first, then only its voxels: the rest of the grid would be cropped away
        Foreground.Resampled f = foreground(linear, image, imagePath);
        t = phases.lap(Phase.CROP, t);
        Cropped c = new Cropped(new Geometry(axcodes, image.shape(), image.affine(), plan, f.box()), f.sample(Math.max(channel, 0)));
        phases.lap(Phase.RESAMPLE_IMAGE, t);
        return c;
    }

    /** CropForeground's box of the resampled image (voxels above 0 in any channel). */
    private static Foreground.Resampled foreground(Resampler.Linear linear, Volume image, Path imagePath) throws SampleException {
        Foreground.Resampled f = Foreground.ofResampled(linear, image);
        if (f.box().isEmpty()) throw new SampleException(imagePath, "image has no voxel above 0, so there is no foreground to crop to");
        return f;
    }


    /**
     * Output names: always the recipe's, whatever the record's label list says. The original named its first
     * classes from the record (datum['label'][:n]), so a record written by the original processor.py (e.g. ACDC
     * 'left ventricle cavity', MRSpineSeg 'intervertebral discs between ...') got names that are not in SAT's
     * vocabulary, and the published records differ from processor.py's; taking the names from the recipe makes
     * both give the published list (docs/deviations.md).
     */
    public static List<String> outputNames(Recipe recipe) {
        return recipe.labels().stream().map(Recipe.Label::name).toList();
    }

    /** Where the image is: a file, and for 4D multi-modality images the channel named by a path suffix. */
    record ImageRef(String file, int channel) {
        static ImageRef of(String path, Recipe recipe) {
            Map<String, Integer> channels = recipe.imageChannel() == null ? Map.of() : new LinkedHashMap<>(recipe.imageChannel());
            int slash = path.lastIndexOf('/');
            if (!channels.isEmpty() && slash > 0 && channels.containsKey(path.substring(slash + 1)))
                return new ImageRef(path.substring(0, slash), channels.get(path.substring(slash + 1)));
            return new ImageRef(path, -1);
        }
    }
}
