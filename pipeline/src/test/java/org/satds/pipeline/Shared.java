package org.satds.pipeline;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference folder (golden cases, published jsonl and splits); tests fail, never skip, without it. */
public final class Shared {
    private Shared() {}

    public static Path dir() {
        String p = System.getProperty("satds.shared");
        assertNotNull(p, "system property satds.shared is not set");
        Path dir = Path.of(p);
        assertTrue(Files.isDirectory(dir.resolve("reference")) && Files.isDirectory(dir.resolve("golden")),
                "satds.shared=" + p + " has no reference/ and golden/ folders");
        return dir;
    }
}
