package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.ReadOptions;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.bench.SyntheticCollection;
import org.satds.core.io.Volumes;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.demo.StandInPredictions;
import org.satds.pipeline.restore.Restorer;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.run.ConvertRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time convert on a generated 512x512x200 int16 CT (0.78x0.78x2.5 mm, LPS, 4 organs) and print time and peak memory;"
                + " then restoring its 4 labels (stand-in predictions) back onto that grid.",
                "With --collection: time whole runs over a generated mixed collection (16 CT, 14 MRI, 10 PET) with 1 and 2 threads."})
final class BenchCommand implements Callable<Integer> {
    /** The original pipeline (SAT-DS loader on MONAI 1.1.0) on the same volume, measured on this machine kind. */
    static final double ORIGINAL_SECONDS = 27.9;
    static final double ORIGINAL_PEAK_GB = 2.8;

    @Option(names = "--repeat", defaultValue = "3", description = "timed runs after one warm-up (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--dir", description = "work folder (default: a temporary folder, deleted afterwards)")
    Path dir;

    @Option(names = "--collection", description = "benchmark whole runs over a generated mixed collection instead")
    boolean collection;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "with --collection: thread counts to time (default: ${DEFAULT-VALUE})")
    List<Integer> threads;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("satds-bench");
        int status = collection ? collection(work) : singleCt(work);
        if (dir == null) deleteTree(work);
        return status;
    }

    private int singleCt(Path work) throws Exception {
        System.out.println("generating 512x512x200 int16 CT in " + work + " ...");
        Phantom.write(work.resolve("image.nii.gz"), work.resolve("mask.nii.gz"), new int[] {512, 512, 200},
                new double[] {0.78, 0.78, 2.5}, "CT", 4, 7);
        ObjectNode record = (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"image.nii.gz\", \"mask\": \"mask.nii.gz\", "
                + "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\", "
                + "\"official_split\": \"train\", \"patient_id\": \"bench\"}");
        NpyConverter converter = new NpyConverter(new SampleLoader(RecipeBook.builtIn()), work.resolve("npy").toString(), work);
        double floor = Double.MAX_VALUE, best = Double.MAX_VALUE;
        ObjectNode converted = null;
        for (int i = 0; i <= repeat; i++) {
            long t0 = System.nanoTime();
            NiftiReader.read(work.resolve("image.nii.gz"), ReadOptions.IMAGE);
            NiftiReader.read(work.resolve("mask.nii.gz"), ReadOptions.MASK);
            long t1 = System.nanoTime();
            converted = converter.convert(record, 0);
            long t2 = System.nanoTime();
            if (i == 0) continue; // warm-up
            floor = Math.min(floor, (t1 - t0) / 1e9);
            best = Math.min(best, (t2 - t1) / 1e9);
        }
        double peakGb = PeakMemory.residentGb();
        System.out.printf("convert: %.2f s (best of %d), peak RSS %.2f GB%n", best, repeat, peakGb);
        System.out.printf("original: %.1f s, %.1f GB -> speed-up %.1fx, memory %.1fx less%n",
                ORIGINAL_SECONDS, ORIGINAL_PEAK_GB, ORIGINAL_SECONDS / best, ORIGINAL_PEAK_GB / peakGb);
        System.out.printf("floor (inflating image and mask alone): %.2f s = %.0f%% of convert%n", floor, 100 * floor / best);
        double restore = restore(work, converted);
        System.out.printf("restore (its 4 labels, stand-in predictions, back onto the 512x512x200 grid): %.2f s (best of %d) = %.0f%% of convert%n",
                restore, repeat, 100 * restore / best);
        return 0;
    }

    /** Best time of restoring the converted CT's stand-in predictions (the ground truth shifted one voxel) to native space. */
    private double restore(Path work, ObjectNode converted) throws Exception {
        Path pred = work.resolve("pred");
        StandInPredictions.write(List.of(converted), work, pred);
        ObjectNode infer = Jsonl.MAPPER.createObjectNode();
        for (String field : List.of("image", "label", "modality", "dataset", "sample_id")) infer.set(field, converted.get(field));
        Restorer restorer = new Restorer(new SampleLoader(RecipeBook.builtIn()), work, pred, work.resolve("restored"), Restorer.Mode.NEAREST);
        double best = Double.MAX_VALUE;
        for (int i = 0; i <= repeat; i++) {
            long t0 = System.nanoTime();
            restorer.run(infer, 0, Volumes::read);
            if (i > 0) best = Math.min(best, (System.nanoTime() - t0) / 1e9); // the first is the warm-up
        }
        return best;
    }

    private int collection(Path work) throws Exception {
        System.out.println("generating the collection in " + work + " (reused if there) ...");
        List<ObjectNode> records = SyntheticCollection.write(work);
        long inputBytes = 0;
        double voxels = 0, largerVoxels = 0;
        for (ObjectNode r : records) {
            Path image = work.resolve(r.get("image").asText());
            NiftiHeader h = NiftiReader.readHeader(image);
            double input = h.size(1) * h.size(2) * h.size(3), grid = input;
            double[] spacing = h.affine().spacing();
            for (int i = 0; i < 3; i++) grid *= spacing[i] / SampleLoader.PIXDIM[i]; // voxels of the 1x1x3 mm grid
            voxels += input;
            largerVoxels += Math.max(input, grid);
            inputBytes += Files.size(image) + Files.size(work.resolve(r.get("mask").asText()));
        }
        // the original's 27.9 s for 512x512x200 scaled by input voxels; and, as an upsampled sample (PET) costs it
        // its resampled grid rather than its input, scaled by the larger of the two
        double reference = 512.0 * 512 * 200;
        double originalSeconds = ORIGINAL_SECONDS * voxels / reference, originalByLarger = ORIGINAL_SECONDS * largerVoxels / reference;
        System.out.printf("%d samples, %.0f M voxels, input %.0f MB; the original would take about %.0f s (%.0f s by the larger of"
                + " input and 1x1x3 mm grid)%n", records.size(), voxels / 1e6, inputBytes / 1e6, originalSeconds, originalByLarger);
        NpyConverter converter = new NpyConverter(new SampleLoader(RecipeBook.builtIn()), work.resolve("npy").toString(), work);
        ConvertRunner.Options options = ConvertRunner.Options.defaults().withForce(true);
        // warm-up on a few samples, so the first timed run is not charged for compiling the hot loops
        new ConvertRunner(converter, options.withThreads(1)).run(records.subList(0, 3));
        for (int t : threads) {
            PeakMemory.reset();
            ConvertRunner.Result r = new ConvertRunner(converter, options.withThreads(t)).run(records);
            if (!r.failures().isEmpty()) {
                System.err.println("error: " + r.failures().get(0).record().get("error").asText());
                return 1;
            }
            System.out.printf("%d thread%s: %.1f s, %.2f samples/s, input %.1f MB/s, peak RSS %.2f GB, speed-up over the original"
                            + " %.1fx (%.1fx)%n", t, t == 1 ? "" : "s", r.seconds(), records.size() / r.seconds(), inputBytes / 1e6 / r.seconds(),
                    PeakMemory.residentGb(), originalSeconds / r.seconds(), originalByLarger / r.seconds());
        }
        return 0;
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
