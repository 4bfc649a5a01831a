package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.convert.NpyConverter;

/** Small generated CT samples (a fraction of a second each) and comparisons of output trees. */
final class Fixtures {
    static final RecipeBook RECIPES = RecipeBook.builtIn();

    private Fixtures() {}

    /** Writes {@code n} CTs of slightly different sizes under data/case&lt;i&gt;/ and returns one record each. */
    static List<ObjectNode> cts(Path data, int n) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path dir = Files.createDirectories(data.resolve("case" + i));
            ct(dir, 40 + 4 * i, 36, 16 + i, i);
            records.add(record("case" + i + "/image.nii.gz", "case" + i + "/mask.nii.gz", "case" + i));
        }
        return records;
    }

    /** A phantom CT (int16 image, uint8 mask with 4 organs) at 1.5 x 1.5 x 4 mm as image.nii.gz and mask.nii.gz. */
    static void ct(Path dir, int nx, int ny, int nz, long seed) throws IOException {
        Phantom.write(dir.resolve("image.nii.gz"), dir.resolve("mask.nii.gz"), new int[] {nx, ny, nz}, new double[] {1.5, 1.5, 4},
                "CT", 4, seed);
    }

    static ObjectNode record(String image, String mask, String patient) throws IOException {
        return (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"" + image + "\", \"mask\": \"" + mask + "\", "
                + "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\", "
                + "\"official_split\": \"train\", \"patient_id\": \"" + patient + "\"}");
    }

    static NpyConverter converter(Path npy, Path data) {
        return new NpyConverter(new SampleLoader(RECIPES), npy.toString(), data);
    }

    static ConvertRunner.Options options(int threads) {
        return ConvertRunner.Options.defaults().withThreads(threads);
    }

    /** Every file under {@code root} (hidden ones too) by relative path, with its bytes. */
    static TreeMap<String, byte[]> tree(Path root, boolean withManifests) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(p).toString();
                if (withManifests || !name.contains("renorm_manifest")) files.put(name, Files.readAllBytes(p));
            }
        }
        return files;
    }

    /**
     * The same files with the same bytes; manifests are compared only when asked, as they name the npy root,
     * which differs between runs unless it is relative.
     */
    static void assertSameTree(Path expected, Path actual, boolean withManifests) throws IOException {
        TreeMap<String, byte[]> e = tree(expected, withManifests), a = tree(actual, withManifests);
        assertEquals(e.keySet(), a.keySet(), "files under " + actual);
        for (String name : e.keySet()) assertArrayEquals(e.get(name), a.get(name), name);
    }

    /** The jsonl text of records with {@code root} (an absolute npy root) written as "npy", to compare runs. */
    static String portable(java.util.Collection<ObjectNode> records, Path root) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode r : records) b.append(Jsonl.dumps(r).replace(root.toString(), "npy")).append('\n');
        return b.toString();
    }
}
