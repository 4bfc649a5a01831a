package org.satds.datasets.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.core.geom.Affine;
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

    public SampleLoader(RecipeBook recipes) {
        this(recipes, Compat.DEFAULT);
    }

    public SampleLoader(RecipeBook recipes, Compat compat) {
        this.recipes = recipes;
        this.compat = compat;
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
        return load(record, base, reader, true);
    }

    /**
     * As {@link #load(SampleRecord, Path, VolumeReader)}, but the image keeps its resampled, cropped native values:
     * for jobs that need the normalized geometry and classes only, and not the clip and z-score.
     */
    public NormalizedSample loadUnscaled(SampleRecord record, Path base, VolumeReader reader) throws IOException {
        return load(record, base, reader, false);
    }

    private NormalizedSample load(SampleRecord record, Path base, VolumeReader reader, boolean intensities) throws IOException {
        Recipe recipe = recipe(record);
        List<Input> inputs = inputs(record, base);
        Input image = inputs.get(0), mask = inputs.get(1);
        NormalizedSample s = normalize(recipe, reader.read(image.file(), image.options()), imageChannel(record),
                reader.read(mask.file(), mask.options()), image.file(), mask.file(), intensities);
        return compat == Compat.ORIGINAL ? s.renamed(originalNames(recipe, record.labels())) : s;
    }

    /** The files {@link #load} reads for this record: the image first, then the mask. */
    public List<Input> inputs(SampleRecord record, Path base) {
        Recipe recipe = recipe(record);
        return List.of(new Input(SampleRecord.resolve(base, ImageRef.of(record.image(), recipe).file()), ReadOptions.IMAGE),
                new Input(SampleRecord.resolve(base, record.mask()),
                        recipe.channelMask() ? ReadOptions.CHANNEL_FIRST_MASK : ReadOptions.MASK));
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

    NormalizedSample normalize(Recipe recipe, Volume image, int imageChannel, Volume mask,
                               Path imagePath, Path maskPath, boolean intensities) throws IOException {
        if (!Arrays.equals(image.shape(), mask.shape()))
            throw new SampleException(maskPath, "mask shape " + Arrays.toString(mask.shape()) + " differs from image shape "
                    + Arrays.toString(image.shape()) + " of " + imagePath.getFileName());
        if (imageChannel >= image.channels())
            throw new SampleException(imagePath, "image has " + image.channels() + " channels, channel " + imageChannel + " requested");
        if (imageChannel < 0 && image.channels() > 1)
            throw new SampleException(imagePath, "image has " + image.channels() + " channels and the recipe selects none");
        String axcodes = recipe.axisCodes();
        SpatialPlan imagePlan = SpatialPlan.of(image.shape(), image.affine(), axcodes, PIXDIM);
        SpatialPlan maskPlan = SpatialPlan.of(mask.shape(), mask.affine(), axcodes, PIXDIM);
        int[] grid = imagePlan.outShape();
        if (!Arrays.equals(grid, maskPlan.outShape()))
            throw new SampleException(maskPath, "mask geometry differs from the image's: resampled shapes "
                    + Arrays.toString(maskPlan.outShape()) + " and " + Arrays.toString(grid));
        float[][] resampled = new float[image.channels()][];
        for (int c = 0; c < image.channels(); c++) resampled[c] = Resampler.linear(imagePlan, image.floats(c));
        Box box = Foreground.box(grid, resampled);
        if (box.isEmpty()) throw new SampleException(imagePath, "image has no voxel above 0, so there is no foreground to crop to");
        float[] cropped = Foreground.crop(resampled[Math.max(imageChannel, 0)], grid, box);
        resampled = null; // release the full grid before the masks are built
        if (intensities) Intensity.normalize(cropped, recipe.isCt());
        List<String> names = outputNames(recipe);
        List<LabelMask> masks = LabelBuilder.build(recipe, names, mask, Resampler.nearestSources(maskPlan, box), box.shape(), maskPath);
        Affine cropAffine = imagePlan.outAffine().multiply(
                Affine.diagonal(1, 1, 1).withTranslation(box.start()[0], box.start()[1], box.start()[2]));
        return new NormalizedSample(box.shape(), cropped, masks, cropAffine);
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
