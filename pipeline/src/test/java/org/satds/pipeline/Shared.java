package org.satds.pipeline;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared reference folder (golden cases, published jsonl and splits); tests fail, never skip, without it. */
public final class Shared {
    private Shared() {}

    public static Path dir() {
        String p = System.getProperty("satds.shared");
        assertNotNull(p, "system property satds.shared is not set");
        Path dir = Path.of(p).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(dir.resolve("reference")) && Files.isDirectory(dir.resolve("golden")),
                "satds.shared=" + p + " has no reference/ and golden/ folders");
        return dir;
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
