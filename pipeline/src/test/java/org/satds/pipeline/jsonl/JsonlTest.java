package org.satds.pipeline.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTest {
    /** Expected text printed by Python 3: json.dumps of the same value. */
    @Test
    void writesWhatPythonJsonDumpsWrites() throws IOException {
        String in = "{\"a\":[1,2.5,\"\u00e9\\n\\t\\\"\\\\/\\u007f\\u0001\uD83D\uDE00\"],\"b\":{},\"c\":[],\"d\":null,\"e\":true,"
                + "\"f\":[1e-05,1e16,0.0001,123.0,-0.0,1.5e300,12345678901234567890,0.1,1e15,123456789.123]}";
        String python = "{\"a\": [1, 2.5, \"\\u00e9\\n\\t\\\"\\\\/\\u007f\\u0001\\ud83d\\ude00\"], \"b\": {}, \"c\": [], "
                + "\"d\": null, \"e\": true, \"f\": [1e-05, 1e+16, 0.0001, 123.0, -0.0, 1.5e+300, 12345678901234567890, "
                + "0.1, 1000000000000000.0, 123456789.123]}";
        assertEquals(python, Jsonl.dumps(Jsonl.MAPPER.readTree(in)));
    }

    @Test
    void keepsKeyOrderAndRoundTripsLines(@TempDir Path tmp) throws IOException {
        String line = "{\"zeta\": 1, \"alpha\": [true, false], \"mid\": \"x\"}";
        Path f = tmp.resolve("a.jsonl");
        Files.writeString(f, line + "\n\n" + line + "\n");
        List<ObjectNode> records = Jsonl.read(f);
        assertEquals(2, records.size());
        Path out = tmp.resolve("out/b.jsonl");
        Jsonl.write(out, records);
        assertEquals(line + "\n" + line + "\n", Files.readString(out));
    }

    @Test
    void namesFileAndLineOfBadRecord(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.jsonl");
        Files.writeString(f, "{\"a\": 1}\n[1, 2]\n");
        IOException e = assertThrows(IOException.class, () -> Jsonl.read(f));
        assertEquals(f + ":2: not a JSON object", e.getMessage());
    }
}
