package org.satds.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.core.io.AtomicFiles;

/** Reading and atomically writing jsonl files of records, keeping each record's key order. */
public final class Jsonl {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {}

    public static List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IOException(file + ":" + n + ": invalid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode o)) throw new IOException(file + ":" + n + ": a record must be a JSON object");
                out.add(o);
            }
        }
        return out;
    }

    /** Writes records as numpy/Python's json.dumps would lay them out: one compact object per line. */
    public static void write(Path file, List<? extends JsonNode> records) throws IOException {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : records) b.append(pythonStyle(r)).append('\n');
        AtomicFiles.writeString(file, b.toString());
    }

    /** Python json.dumps spacing (", " and ": ") so files diff cleanly against the original's. */
    public static String pythonStyle(JsonNode node) {
        StringBuilder b = new StringBuilder();
        append(b, node);
        return b.toString();
    }

    private static void append(StringBuilder b, JsonNode n) {
        if (n.isObject()) {
            b.append('{');
            var it = n.fields();
            boolean first = true;
            while (it.hasNext()) {
                var e = it.next();
                if (!first) b.append(", ");
                first = false;
                b.append(quote(e.getKey())).append(": ");
                append(b, e.getValue());
            }
            b.append('}');
        } else if (n.isArray()) {
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) b.append(", ");
                append(b, n.get(i));
            }
            b.append(']');
        } else if (n.isTextual()) {
            b.append(quote(n.asText()));
        } else {
            b.append(n.toString());
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
