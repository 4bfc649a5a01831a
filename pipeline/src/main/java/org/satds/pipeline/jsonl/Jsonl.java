package org.satds.pipeline.jsonl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.IoErrors;

/**
 * JSON Lines as the original scripts read and write them: one object per line, keys in input order, written the way
 * Python's {@code json.dumps} writes (", " and ": " separators, non-ASCII escaped as lowercase {@code \}u
 * escapes, floats as Python's repr). Every published jsonl line is exactly {@code json.dumps(json.loads(line))},
 * so a record read and written again is byte-identical to its input line.
 */
public final class Jsonl {
    /** Python's json.loads accepts NaN and Infinity; duplicate keys keep the first position and the last value. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Jsonl() {}

    /** Reads every non-blank line as a JSON object; an error names the file and line. */
    public static List<ObjectNode> read(Path file) throws IOException {
        return readNumbered(file).stream().map(Line::record).toList();
    }

    /** A record and the line of the file it was read from (1-based), for messages that point at it. */
    public record Line(int number, ObjectNode record) {}

    /** As {@link #read}, keeping each record's line number. */
    public static List<Line> readNumbered(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.cannotRead(file, e);
        }
        List<Line> records = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (!line.isBlank()) records.add(new Line(n, parse(line, file + ":" + n)));
        }
        return records;
    }

    private static ObjectNode parse(String line, String where) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException(where + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode o)) throw new IOException(where + ": not a JSON object");
        return o;
    }

    /** Writes one record per line, atomically (a reader never sees a half-written file). */
    public static void write(Path file, List<? extends JsonNode> records) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (JsonNode r : records) w.write(dumps(r) + "\n");
            w.flush();
        });
    }

    /** The text Python's {@code json.dumps(value)} produces for this value. */
    public static String dumps(JsonNode node) {
        StringBuilder s = new StringBuilder();
        dump(node, s);
        return s.toString();
    }

    private static void dump(JsonNode node, StringBuilder s) {
        if (node.isObject()) {
            s.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                string(e.getKey(), s);
                s.append(": ");
                dump(e.getValue(), s);
                if (it.hasNext()) s.append(", ");
            }
            s.append('}');
        } else if (node.isArray()) {
            s.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) s.append(", ");
                dump(node.get(i), s);
            }
            s.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), s);
        } else if (node.isFloatingPointNumber()) {
            s.append(pythonRepr(node.doubleValue()));
        } else {
            s.append(node.toString()); // integers, true, false, null read the same in both languages
        }
    }

    /** Python's ensure_ascii escaping: everything outside printable ASCII becomes an escape. */
    private static void string(String text, StringBuilder s) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') s.append(c);
                    else s.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        s.append('"');
    }

    /** Python's float repr: shortest digits; plain notation for exponents -4..15, otherwise d.ddde+XX. */
    static String pythonRepr(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - b.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = b.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
}
