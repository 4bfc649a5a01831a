package org.satds.datasets.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets SAT-DS covers, as shipped data (catalog.yaml and citation.bib next to this package's resources):
 * what each is, how many records and scans the published SAT-DS jsonl holds, where to get it and how to cite it.
 */
public final class Catalog {
    private static final String BASE = "/org/satds/datasets/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One dataset.
     *
     * @param records  records of the published jsonl (null: the original published none)
     * @param images   distinct image paths among them (MSD_Prostate addresses two modalities of one file)
     * @param masks    distinct mask paths (several images may share one mask)
     * @param licence  the data licence where its own page states one, else null
     * @param cite     citation.bib keys
     * @param notes    where the original README's table differs, and why
     */
    public record Entry(String name, String modality, String region, int classes, Integer records, Integer images,
                        Integer masks, String download, String licence, List<String> cite, String notes) {}

    private static Catalog instance;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final String bib;

    private Catalog(List<Entry> list, String bib) {
        for (Entry e : list) entries.put(e.name(), e);
        this.bib = bib;
    }

    /** The shipped catalog (read once). */
    public static synchronized Catalog builtIn() {
        if (instance == null) {
            try {
                List<Entry> list = new ObjectMapper(new YAMLFactory()).readValue(resource("catalog.yaml"), new TypeReference<>() {});
                instance = new Catalog(list, new String(resource("citation.bib").readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the dataset catalog: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Catalog.class.getResourceAsStream(BASE + name);
        if (in == null) throw new IOException("resource missing: " + name);
        return in;
    }

    public List<Entry> list() {
        return List.copyOf(entries.values());
    }

    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("no dataset '" + name + "' in the catalog");
        return e;
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The BibTeX entries to cite for a dataset, as citation.bib has them. */
    public String bibtex(String name) {
        List<String> out = new ArrayList<>();
        for (String key : get(name).cite()) out.add(bibEntry(key));
        return String.join("\n\n", out);
    }

    /** One entry of citation.bib: from its '@type{key,' to the brace that closes it. */
    String bibEntry(String key) {
        int at = -1;
        for (int i = bib.indexOf('@'); i >= 0; i = bib.indexOf('@', i + 1)) {
            int open = bib.indexOf('{', i);
            if (open > 0 && bib.startsWith(key + ",", open + 1)) {
                at = i;
                break;
            }
        }
        if (at < 0) throw new IllegalArgumentException("citation.bib has no entry '" + key + "'");
        int depth = 0;
        for (int i = bib.indexOf('{', at); i < bib.length(); i++) {
            char c = bib.charAt(i);
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return bib.substring(at, i + 1);
        }
        throw new IllegalStateException("citation.bib: entry '" + key + "' is not closed");
    }

    /** The whole catalog as a JSON array. */
    public String json() {
        return toJson(list());
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
