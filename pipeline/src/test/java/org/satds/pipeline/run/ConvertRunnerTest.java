package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.convert.NpyConverter;

class ConvertRunnerTest {
    @TempDir
    Path work;

    /** The plain sequential loop the runner replaces: the reference for every run. */
    private List<ObjectNode> sequential(List<ObjectNode> records, Path npy) throws Exception {
        NpyConverter converter = Fixtures.converter(npy, work.resolve("data"));
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) out.add(converter.convert(records.get(i), i));
        return out;
    }

    @Test
    void parallelRunWritesWhatTheSequentialLoopWrites() throws Exception {
        List<ObjectNode> records = Fixtures.cts(work.resolve("data"), 5);
        List<ObjectNode> expected = sequential(records, work.resolve("seq"));
        Path npy = work.resolve("par");
        ConvertRunner.Result r = new ConvertRunner(Fixtures.converter(npy, work.resolve("data")), Fixtures.options(2)).run(records);
        assertEquals(List.of(), r.failures());
        assertEquals(5, r.total());
        assertEquals(0, r.skipped());
        assertEquals(Fixtures.portable(expected, work.resolve("seq")), Fixtures.portable(r.converted().values(), npy));
        Fixtures.assertSameTree(work.resolve("seq"), npy, false);
        assertEquals(5, Fixtures.tree(npy.resolve("AbdomenCT1K/renorm_manifest"), true).size(), "one manifest per sample");
    }

    @Test
    void rerunSkipsCurrentSamplesAndRedoesIncompleteOrStaleOnes() throws Exception {
        List<ObjectNode> records = Fixtures.cts(work.resolve("data"), 5);
        Path npy = work.resolve("npy");
        NpyConverter converter = Fixtures.converter(npy, work.resolve("data"));
        ConvertRunner.Result first = new ConvertRunner(converter, Fixtures.options(2)).run(records);
        var before = Fixtures.tree(npy, true);

        Files.delete(npy.resolve("AbdomenCT1K/renorm_segmentation/1/liver.npy")); // a lost output
        Path image = npy.resolve("AbdomenCT1K/renorm_image/2.npy");                 // a truncated output
        Files.write(image, java.util.Arrays.copyOf(Files.readAllBytes(image), 100));
        Path input = work.resolve("data/case3/image.nii.gz");                        // an input touched since
        Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() + 5000));
        ConvertRunner.Result second = new ConvertRunner(converter, Fixtures.options(2)).run(records);
        assertEquals(2, second.skipped(), "samples 0 and 4 are complete and current");
        assertEquals(Fixtures.portable(first.converted().values(), npy), Fixtures.portable(second.converted().values(), npy));
        var after = Fixtures.tree(npy, true);
        after.keySet().removeIf(k -> k.endsWith("renorm_manifest/3.json")); // records the new mtime
        before.keySet().removeIf(k -> k.endsWith("renorm_manifest/3.json"));
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) assertTrue(java.util.Arrays.equals(before.get(k), after.get(k)), k);

        ConvertRunner.Result forced = new ConvertRunner(converter, Fixtures.options(2).withForce(true)).run(records);
        assertEquals(0, forced.skipped());
        assertEquals(5, forced.converted().size());
    }

    @Test
    void recordsSharingFilesConvertAsIfAlone() throws Exception {
        Fixtures.cts(work.resolve("data"), 2);
        // BraTS-like: several records share one mask (and here one image too), told apart by sample_id
        List<ObjectNode> records = new ArrayList<>();
        for (String id : new String[] {"a", "b", "c"}) {
            ObjectNode r = Fixtures.record("case0/image.nii.gz", "case0/mask.nii.gz", "case0");
            r.put("sample_id", id);
            records.add(r);
        }
        ObjectNode otherwise = Fixtures.record("./case0/image.nii.gz", "case1/../case0/mask.nii.gz", "case0"); // same files
        otherwise.put("sample_id", "d");
        records.add(otherwise);
        List<ObjectNode> expected = sequential(records, work.resolve("seq"));
        Path npy = work.resolve("par");
        NpyConverter converter = Fixtures.converter(npy, work.resolve("data"));
        assertEquals(List.of(List.of(0, 1, 2, 3)), ConvertRunner.groups(converter, records), "one group, one decode per file");
        ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(2)).run(records);
        assertEquals(List.of(), r.failures());
        assertEquals(Fixtures.portable(expected, work.resolve("seq")), Fixtures.portable(r.converted().values(), npy));
        Fixtures.assertSameTree(work.resolve("seq"), npy, false);
    }

    @Test
    void budgetBelowOneSampleRunsSamplesOneAtATimeWithoutDeadlock() throws Exception {
        List<ObjectNode> records = Fixtures.cts(work.resolve("data"), 4);
        NpyConverter converter = Fixtures.converter(work.resolve("npy"), work.resolve("data"));
        AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
        ConvertRunner.Conversion watched = (record, index, reader) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // long enough for a second worker to start if the budget let it
                return converter.convert(record, index, reader);
            } finally {
                running.decrementAndGet();
            }
        };
        ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(2).withMemory(1), watched).run(records);
        assertEquals(4, r.converted().size());
        assertEquals(1, most.get(), "a 1-byte budget admits one sample at a time");
    }

    @Test
    void shardsCoverEveryRecordOnce() throws Exception {
        List<ObjectNode> records = Fixtures.cts(work.resolve("data"), 5);
        NpyConverter converter = Fixtures.converter(work.resolve("npy"), work.resolve("data"));
        List<String> ids = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(1).withShard(new Shard(k, 2))).run(records);
            assertTrue(r.total() >= 2 && r.total() <= 3, "balanced: " + r.total());
            r.converted().values().forEach(c -> ids.add(c.get("sample_id").asText()));
        }
        ids.sort(null);
        assertEquals(List.of("0", "1", "2", "3", "4"), ids);
    }
}
