package org.satds.pipeline;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's testdata/ folder (golden cases, published jsonl, specs; see its README): surefire names it in
 * satds.testdata. Tests fail, never skip, when it or a file in it is missing.
 */
public final class TestData {
    private TestData() {}

    public static Path dir() {
        String p = System.getProperty("satds.testdata");
        assertNotNull(p, "system property satds.testdata (the repository's testdata/, set by surefire) is not set");
        Path dir = Path.of(p).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(dir.resolve("published")) && Files.isDirectory(dir.resolve("golden")),
                "test data missing: " + dir + " has no published/ and golden/ folders");
        return dir;
    }

    /** A file or folder in testdata/, which must exist. */
    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        assertTrue(Files.exists(f), "test data missing: " + f);
        return f;
    }

    /** The case folders under golden/&lt;group&gt;, sorted. */
    public static List<Path> goldenCases(String group) throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve("golden").resolve(group))) {
            List<Path> cases = s.filter(Files::isDirectory).sorted().toList();
            assertTrue(!cases.isEmpty(), "no golden cases in " + group);
            return cases;
        }
    }
}
