package org.satds.pipeline.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the reference CSVs (pandas to_csv: fields quoted only when they hold a comma or a quote). */
final class Csv {
    private Csv() {}

    static List<List<String>> read(Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isEmpty()) continue;
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { field.append('"'); i++; }
                else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) { row.add(field.toString()); field.setLength(0); }
                else field.append(c);
            }
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
