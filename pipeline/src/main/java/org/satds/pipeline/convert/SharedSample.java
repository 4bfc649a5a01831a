package org.satds.pipeline.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.satds.core.geom.Affine;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.transform.Intensity;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;

/**
 * One sample as several jobs of one pass read it (convert with stats and check): each file decoded once, and the
 * sample normalized once. Stats reads the sample before intensity normalization (its pictures show native values),
 * convert and check after; the image is normalized in place when first asked for normalized, so the jobs that want
 * it unscaled come first. A load that failed fails every job that asks again, with the same error. One thread.
 */
public final class SharedSample implements VolumeReader {
    private final VolumeReader reader;
    /** Whether the files read are kept for a later read; else only their grids are (one job alone reads each once). */
    private final boolean keepsFiles;
    private final Map<List<Object>, Volume> volumes = new HashMap<>();
    /** What a job does with a file's volume the moment it is decoded ({@link #whenRead}), by the read's key. */
    private final Map<List<Object>, Consumer<Volume>> onRead = new HashMap<>();
    /** The grid of every file read, kept when the voxels go (convert's warnings compare the image's and the mask's). */
    private final Map<Path, Grid> grids = new HashMap<>();
    private NormalizedSample sample;
    private boolean scaled;
    private boolean keepVolumes;
    private Exception failure;

    public SharedSample(VolumeReader reader) {
        this(reader, true);
    }

    private SharedSample(VolumeReader reader, boolean keepsFiles) {
        this.reader = reader;
        this.keepsFiles = keepsFiles;
    }

    /** The reader's one sample: {@code reader} itself when it is shared, else a new one over it. */
    public static SharedSample of(VolumeReader reader) {
        return reader instanceof SharedSample s ? s : new SharedSample(reader);
    }

    /**
     * As {@link #of}, for a job that reads each file once (convert alone): a new sample keeps no file once the loader
     * has it, so the scan can go as soon as it is cropped, before the mask is read.
     */
    public static SharedSample ofOneRead(VolumeReader reader) {
        return reader instanceof SharedSample s ? s : new SharedSample(reader, false);
    }

    @Override
    public Volume read(Path file, ReadOptions options) throws IOException {
        List<Object> key = key(file, options);
        Volume v = volumes.get(key);
        if (v == null) {
            v = reader.read(file, options);
            grids.put(file.toAbsolutePath().normalize(), new Grid(v.shape(), v.affine()));
            if (keepsFiles) volumes.put(key, v);
            Consumer<Volume> then = onRead.remove(key);
            if (then != null) then.accept(v);
        }
        return v;
    }

    private static List<Object> key(Path file, ReadOptions options) {
        return List.of(file.toAbsolutePath().normalize(), options);
    }

    /**
     * Has {@code then} take the file's volume the moment it is decoded, before whoever asked for it goes on (a job
     * can so be done with the files before the loader's next step, and {@link #releaseVolumes} them); once.
     */
    public void whenRead(Path file, ReadOptions options, Consumer<Volume> then) {
        onRead.put(key(file, options), then);
    }

    /** The file's volume if this sample holds it decoded, else null; reads nothing. */
    public Volume held(Path file, ReadOptions options) {
        return volumes.get(key(file, options));
    }

    /** A file's spatial shape and affine as read. */
    public record Grid(int[] shape, Affine affine) {}

    /** The grid of a file this sample read, or null. */
    public Grid grid(Path file) {
        return grids.get(file.toAbsolutePath().normalize());
    }

    /** The sample on the 1x1x3 grid with its native intensities (as {@link SampleLoader#loadUnscaled}). */
    public NormalizedSample unscaled(SampleLoader loader, SampleRecord record, Path base) throws IOException {
        if (scaled && !record.imageOnly()) throw new IllegalStateException("the sample's image is normalized already");
        if (sample == null && failure == null) {
            try {
                sample = loader.loadUnscaled(record, base, this);
                scaled = record.imageOnly(); // the loader normalizes an image-only record's image all the same
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        return loaded();
    }

    /** The sample as convert writes it (as {@link SampleLoader#load}), phases timed when it is loaded here. */
    public NormalizedSample normalized(SampleLoader loader, SampleRecord record, Path base, PhaseTimes phases) throws IOException {
        if (sample == null && failure == null) {
            try {
                sample = loader.load(record, base, this, phases);
                scaled = true;
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        if (sample != null && !scaled) {
            long t = phases.start();
            Intensity.normalize(sample.image(), loader.recipe(record).isCt());
            phases.lap(PhaseTimes.Phase.NORMALIZE, t);
            scaled = true;
        }
        return loaded();
    }

    /** Whether a job still to come reads the files themselves (check's raw pair check), so they must stay. */
    public void keepVolumes(boolean keep) {
        keepVolumes = keep;
    }

    /** A job is done with the files: they go (the loaded sample stays) unless a job still to come reads them. */
    public void releaseVolumes() {
        if (!keepVolumes) volumes.clear();
    }

    private NormalizedSample loaded() throws IOException {
        if (failure instanceof IOException e) throw e;
        if (failure instanceof RuntimeException e) throw e;
        return sample;
    }
}
