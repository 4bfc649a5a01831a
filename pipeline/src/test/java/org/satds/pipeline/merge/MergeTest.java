package org.satds.pipeline.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.TestData;

class MergeTest {
    private static final Path JSONL = TestData.file("published");

    /** All 72 published jsonl merge without a duplicate; counts per dataset are the files' line counts. */
    @Test
    void mergesAllPublishedJsonl(@TempDir Path tmp) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(JSONL)) {
            files = s.sorted().toList();
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            List<String> l = Files.readAllLines(f);
            expected.put(f.getFileName().toString().replace(".jsonl", ""), l.size());
            lines.addAll(l);
        }
        Path out = tmp.resolve("all.jsonl");
        Merge.Result r = Merge.merge(files, out);
        assertEquals(expected, r.countsPerDataset());
        assertEquals(28186, r.records().size());
        assertEquals(lines, Files.readAllLines(out), "records keep their order, keys and text");
    }

    @Test
    void refusesDuplicatesAndWritesNothing(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("copy.jsonl");
        List<String> acdc = Files.readAllLines(JSONL.resolve("ACDC.jsonl"));
        Files.write(copy, List.of(acdc.get(5), acdc.get(7)));
        Path out = tmp.resolve("merged.jsonl");
        DuplicateSampleException e = assertThrows(DuplicateSampleException.class,
                () -> Merge.merge(List.of(JSONL.resolve("ACDC.jsonl"), JSONL.resolve("BTCV.jsonl"), copy), out));
        assertEquals(2, e.duplicates().size());
        assertTrue(e.duplicates().get(0).startsWith("ACDC | "), e.duplicates().get(0));
        assertTrue(e.duplicates().get(0).endsWith("ACDC.jsonl record 6 and " + copy + " record 1"), e.duplicates().get(0));
        assertFalse(Files.exists(out));
    }

    @Test
    void refusesRecordWithoutIdentity(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Files.writeString(a, "{\"dataset\": \"A\", \"image\": \"i.nii.gz\"}\n");
        IOException e = assertThrows(IOException.class, () -> Merge.merge(List.of(a)));
        assertEquals(a + " record 1: no 'mask' string, so its identity is unknown", e.getMessage());
    }

    /** Same image and mask under another dataset name is another sample (TotalSegmentator subsets share scans). */
    @Test
    void identityIncludesDataset(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.jsonl"), b = tmp.resolve("b.jsonl");
        Files.writeString(a, "{\"dataset\": \"A\", \"image\": \"i.nii.gz\", \"mask\": \"m.nii.gz\"}\n");
        Files.writeString(b, "{\"dataset\": \"B\", \"image\": \"i.nii.gz\", \"mask\": \"m.nii.gz\"}\n"
                + "{\"dataset\": \"B\", \"image\": \"i.nii.gz\", \"mask\": \"m2.nii.gz\"}\n");
        assertEquals(Map.of("A", 1, "B", 2), Merge.merge(List.of(a, b)).countsPerDataset());
    }
}
