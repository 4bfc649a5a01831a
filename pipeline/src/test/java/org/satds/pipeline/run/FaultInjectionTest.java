package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.convert.NpyConverter;

/** Broken inputs, a full disk and a crashing step each fail their sample only; the failures file retries them. */
class FaultInjectionTest {
    @TempDir
    Path work;

    @Test
    void brokenSamplesFailAloneAndTheirFailuresFileRetriesThem() throws Exception {
        Path data = work.resolve("data"), npy = work.resolve("npy");
        List<ObjectNode> records = Fixtures.cts(data, 6);
        Path corrupt = data.resolve("case1/image.nii.gz"), truncated = data.resolve("case2/mask.nii.gz");
        byte[] gz = Files.readAllBytes(corrupt);
        for (int i = gz.length / 3; i < gz.length / 3 + 64; i++) gz[i] ^= 0x5a;
        Files.write(corrupt, gz);
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(truncated), (int) Files.size(truncated) / 2));
        NpyConverter converter = Fixtures.converter(npy, data);
        Path partial = npy.resolve("AbdomenCT1K/renorm_image/.3.npy.999.1.tmp");
        ConvertRunner.Conversion faulty = (record, index, reader) -> {
            if (index == 3) {
                // the disk fills while the image is written: labels are there, the image only as a temporary
                ObjectNode converted = converter.convert(record, index, reader);
                Files.move(Path.of(converted.get("renorm_image").asText()), partial);
                throw new IOException("No space left on device");
            }
            if (index == 4) throw new IllegalStateException("processing crashed");
            return converter.convert(record, index, reader);
        };
        ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(2), faulty).run(records);

        assertEquals(List.of("0", "5"), r.converted().values().stream().map(c -> c.get("sample_id").asText()).toList());
        List<ObjectNode> failed = r.failures().stream().map(ConvertRunner.Failure::record).toList();
        assertEquals(List.of(1, 2, 3, 4), failed.stream().map(f -> f.get("sample_id").asInt()).toList());
        List<String> errors = failed.stream().map(f -> f.get("error").asText()).toList();
        assertTrue(errors.get(0).startsWith(corrupt + ": corrupt gzip data"), errors.get(0));
        assertTrue(errors.get(1).startsWith(truncated + ": gzip data is truncated"), errors.get(1));
        assertEquals("No space left on device", errors.get(2));
        assertEquals("processing crashed", errors.get(3));
        for (int i = 1; i <= 4; i++) assertFalse(Files.exists(npy.resolve("AbdomenCT1K/renorm_manifest/" + i + ".json")));

        // repair the inputs, then feed the failures file back: the same sample ids, the temporary cleaned up
        Path failures = work.resolve("failures.jsonl");
        Jsonl.write(failures, failed);
        Fixtures.ct(data.resolve("case1"), 44, 36, 17, 1);
        Fixtures.ct(data.resolve("case2"), 48, 36, 18, 2);
        ConvertRunner.Result retry = new ConvertRunner(converter, Fixtures.options(2)).run(Jsonl.read(failures));
        assertEquals(List.of(), retry.failures());
        assertEquals(List.of("1", "2", "3", "4"), retry.converted().values().stream().map(c -> c.get("sample_id").asText()).toList());
        assertFalse(retry.converted().get(1).has("error"));
        assertFalse(Files.exists(partial), "the interrupted write's temporary is removed");
        ConvertRunner.Result again = new ConvertRunner(converter, Fixtures.options(2)).run(records);
        assertEquals(6, again.skipped(), "everything is complete and current now");
    }

    @Test
    void anInvalidRecordFailsAlone() throws Exception {
        Path data = work.resolve("data");
        List<ObjectNode> records = Fixtures.cts(data, 2);
        records.get(0).remove("dataset");
        records.get(1).put("dataset", "NoSuchDataset");
        records.add(Fixtures.record("case0/image.nii.gz", "case1/mask.nii.gz", "mixed")); // shapes differ
        ConvertRunner.Result r = new ConvertRunner(Fixtures.converter(work.resolve("npy"), data), Fixtures.options(2)).run(records);
        assertEquals(0, r.converted().size());
        List<String> errors = r.failures().stream().map(f -> f.record().get("error").asText()).toList();
        assertEquals("record has no 'dataset'", errors.get(0));
        assertEquals("no recipe for dataset 'NoSuchDataset'", errors.get(1));
        assertTrue(errors.get(2).contains("mask shape [44, 36, 17] differs from image shape [40, 36, 16]"), errors.get(2));
    }
}
