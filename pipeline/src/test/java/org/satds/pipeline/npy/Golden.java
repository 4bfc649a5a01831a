package org.satds.pipeline.npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.satds.pipeline.TestData;

/** The golden case folders: reference.jsonl plus the npy tree the original convert_to_npy.py wrote. */
final class Golden {
    /** Cases whose record names a label twice; the original wrote one npy over the other (see golden/README.md). */
    static final List<String> DUPLICATE_LABEL = List.of("DAP_Atlas", "VerSe");

    private Golden() {}

    static List<Path> cases() throws IOException {
        try (Stream<Path> s = Files.walk(TestData.dir().resolve("golden"), 3)) {
            return s.filter(p -> p.getFileName().toString().equals("reference.jsonl")).map(Path::getParent).sorted().toList();
        }
    }
}
