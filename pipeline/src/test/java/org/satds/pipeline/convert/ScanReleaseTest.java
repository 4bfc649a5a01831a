package org.satds.pipeline.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.VolumeReader;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.Synthetic;

/**
 * Convert lets a sample's scan go once it is cropped, before the mask is read: the two never share the heap (an
 * int16 CT's scan and mask were most of a sample's peak memory). Checked by whether anything still reaches the
 * scan's volume when the mask is asked for.
 */
class ScanReleaseTest {
    @Test
    void theScanIsUnreachableWhenTheMaskIsRead(@TempDir Path dir) throws Exception {
        RecipeBook book = RecipeBook.builtIn();
        Recipe recipe = book.get("AbdomenCT1K");
        ObjectNode record = Synthetic.record(dir, recipe, SampleLoader.outputNames(recipe), Synthetic.image(recipe), Synthetic.mask(recipe));
        List<WeakReference<Volume>> read = new ArrayList<>();
        List<Boolean> scanReachable = new ArrayList<>();
        VolumeReader reader = (file, options) -> {
            if (!read.isEmpty()) scanReachable.add(reachable(read.get(0)));
            Volume v = Volumes.read(file, options);
            read.add(new WeakReference<>(v));
            return v;
        };
        ObjectNode converted = new NpyConverter(new SampleLoader(book), dir.resolve("npy").toString(), dir).convert(record, 0, reader);

        assertEquals(List.of(false), scanReachable, "the mask is read second, and the scan is gone by then");
        assertTrue(Files.isRegularFile(Path.of(converted.get("renorm_image").asText())));
        assertFalse(converted.has("warning"));
    }

    /**
     * Stats with convert keeps the files it reads for the jobs of the pass, but takes its native figures the moment the
     * mask is decoded and lets both files go then: the scan is unreachable before the loader goes on to the mask,
     * unless a job still to come reads the files (check's raw pair check).
     */
    @Test
    void aJobDoneWithTheFilesWhenTheMaskIsDecodedLetsTheScanGoThen(@TempDir Path dir) throws Exception {
        RecipeBook book = RecipeBook.builtIn();
        Recipe recipe = book.get("AbdomenCT1K");
        ObjectNode record = Synthetic.record(dir, recipe, SampleLoader.outputNames(recipe), Synthetic.image(recipe), Synthetic.mask(recipe));
        SampleLoader loader = new SampleLoader(book);
        List<SampleLoader.Input> inputs = loader.inputs(new SampleRecord(record), dir);
        for (boolean laterJobReadsFiles : new boolean[] {false, true}) {
            List<WeakReference<Volume>> read = new ArrayList<>();
            SharedSample once = new SharedSample((file, options) -> {
                Volume v = Volumes.read(file, options);
                read.add(new WeakReference<>(v));
                return v;
            });
            once.keepVolumes(laterJobReadsFiles);
            List<Boolean> scanHeld = new ArrayList<>(), scanReachable = new ArrayList<>();
            once.whenRead(inputs.get(1).file(), inputs.get(1).options(), mask -> {
                scanHeld.add(once.held(inputs.get(0).file(), inputs.get(0).options()) != null);
                once.releaseVolumes();
                scanReachable.add(reachable(read.get(0)));
            });
            once.unscaled(loader, new SampleRecord(record), dir);

            assertEquals(List.of(true), scanHeld, "the scan, read first, is held when the mask is decoded");
            assertEquals(List.of(laterJobReadsFiles), scanReachable, "released, the scan is gone before the loader goes on");
            assertEquals(2, read.size(), "each file decoded once");
        }
    }

    /** Whether something still holds the referent, after collections that clear what nothing does. */
    private static boolean reachable(WeakReference<?> ref) {
        for (int i = 0; i < 10 && ref.get() != null; i++) System.gc();
        return ref.get() != null;
    }
}
