package org.satds.pipeline.python;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeFormatException;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyLoader;

/** The Python package (python/satds) on the project's fixtures; the demo's outputs are checked in DemoTest. */
class PythonPackageTest {
    static final Path TESTDATA = Path.of(System.getProperty("satds.testdata"));

    /**
     * satds.load_npy on every golden reference equals what this project's NpyLoader (the original npy_loader's
     * semantics: each crop pasted at its box into the full grid) reads from the same files, array for array.
     */
    @Test
    void everyGoldenReferenceLoadsAsTheOriginalLoaderBuildsIt(@TempDir Path expected) throws Exception {
        ArrayNode index = Jsonl.MAPPER.createArrayNode();
        for (String group : List.of("recipes", "geometry", "real")) {
            List<Path> cases;
            try (Stream<Path> s = Files.list(TESTDATA.resolve("golden").resolve(group))) {
                cases = s.filter(d -> Files.exists(d.resolve("reference.jsonl"))).sorted().toList();
            }
            for (Path dir : cases) {
                ObjectNode record = Jsonl.read(dir.resolve("reference.jsonl")).get(0);
                String name = group + "/" + dir.getFileName();
                ConvertedSample s;
                try {
                    s = NpyLoader.load(record, dir);
                } catch (VolumeFormatException e) { // DAP_Atlas, VerSe: a label named twice, one file under both boxes
                    index.addObject().put("case", name).put("error", e.getMessage());
                    continue;
                }
                int[] hwd = s.hwd();
                byte[] masks = new byte[s.masks().length * hwd[0] * hwd[1] * hwd[2]];
                for (int i = 0; i < s.masks().length; i++) System.arraycopy(s.masks()[i], 0, masks, i * s.masks()[i].length, s.masks()[i].length);
                String stem = name.replace('/', '_');
                Npy.writeFloat32(expected.resolve(stem + "_image.npy"), new int[] {1, hwd[0], hwd[1], hwd[2]}, s.image());
                Npy.writeBool(expected.resolve(stem + "_masks.npy"), new int[] {s.masks().length, hwd[0], hwd[1], hwd[2]}, masks);
                index.addObject().put("case", name).put("image", stem + "_image.npy").put("masks", stem + "_masks.npy");
            }
        }
        assertTrue(index.size() >= 90, "golden cases found: " + index.size());
        Files.writeString(expected.resolve("index.json"), Jsonl.dumps(index));
        PythonTests.run("tests.test_golden", Map.of("SATDS_TESTDATA", TESTDATA, "SATDS_EXPECTED", expected));
    }

    /** load_restored reads restore's files with nibabel, or without it the same arrays and affines. */
    @Test
    void ownNiftiReaderAgreesWithNibabel() throws Exception {
        PythonTests.run("tests.test_restored", Map.of("SATDS_TESTDATA", TESTDATA));
    }
}
