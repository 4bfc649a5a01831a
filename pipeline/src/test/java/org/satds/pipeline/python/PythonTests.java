package org.satds.pipeline.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a module of the Python package's tests (python/tests) with Debian's python3 and fails with its output when
 * they fail, so `mvn test` holds the package to the same fixtures as the Java code.
 */
public final class PythonTests {
    private PythonTests() {}

    /** Debian's interpreter (its python3-numpy and python3-nibabel, which .ci/run installs), else python3 on the PATH. */
    static String interpreter() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs {@code python3 -m unittest -v <module>} in python/ with these environment variables. */
    public static void run(String module, Map<String, Path> env) throws IOException, InterruptedException {
        Path python = Path.of(System.getProperty("satds.python"));
        assertTrue(Files.isDirectory(python.resolve("satds")), "the Python package is missing: " + python);
        ProcessBuilder pb = new ProcessBuilder(List.of(interpreter(), "-m", "unittest", "-v", module))
                .directory(python.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", python.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        env.forEach((k, v) -> pb.environment().put(k, v.toAbsolutePath().toString()));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), module + " failed:\n" + output);
        assertTrue(output.contains("\nOK"), output);
    }
}
