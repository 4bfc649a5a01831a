package org.satds.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The read-only reference material in ../shared (golden cases, published jsonl); tests fail if it is missing. */
public final class Shared {
    private Shared() {}

    public static Path root() {
        String p = System.getProperty("satds.shared", "../shared");
        Path root = Path.of(p).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(root.resolve("golden")), "shared reference material not found at " + root);
        return root;
    }

    /** The case folders under golden/&lt;group&gt;, sorted. */
    public static List<Path> goldenCases(String group) throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("golden").resolve(group))) {
            List<Path> cases = s.filter(Files::isDirectory).sorted().toList();
            assertTrue(!cases.isEmpty(), "no golden cases in " + group);
            return cases;
        }
    }
}
