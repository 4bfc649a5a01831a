package org.satds.pipeline.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.discovery.Conversion;
import org.satds.datasets.discovery.Converters;
import org.satds.datasets.discovery.DiscoveryRules;
import org.satds.datasets.discovery.ProcessReport;
import org.satds.datasets.discovery.Processor;
import org.satds.datasets.discovery.SampleOutcome;
import org.satds.datasets.discovery.SampleOutcome.SkipReason;
import org.satds.pipeline.demo.DemoCollection;
import org.satds.pipeline.run.ConvertRunner;

/** `satds process` with its conversions on the runner gives what the one-after-another processor gives. */
class ParallelProcessTest {
    @TempDir
    Path tmp;

    /** A 4 x 4 x 3 int16 MetaImage; {@code cut} leaves its header short, so that converting it fails. */
    private static void mhd(Path file, int first, boolean cut) throws IOException {
        Files.createDirectories(file.getParent());
        String raw = file.getFileName().toString().replace(".mhd", ".raw");
        Files.writeString(file, cut ? "ObjectType = Image\nNDims = 3\n" : "ObjectType = Image\nNDims = 3\nDimSize = 4 4 3\n"
                + "ElementSpacing = 1 1 2\nElementType = MET_SHORT\nElementByteOrderMSB = False\nElementDataFile = " + raw + "\n");
        ByteBuffer b = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 48; i++) b.putShort((short) (first + i));
        Files.write(file.resolveSibling(raw), b.array());
    }

    /** The raw downloads: SLIVER07 MetaImages (two conversions per sample, one sample damaged), TotalSegmentator organ stacks. */
    private static Path rawTree(Path root) throws IOException {
        for (int n = 1; n <= 5; n++) {
            mhd(root.resolve("SLIVER07/scan/liver-orig00" + n + ".mhd"), -100 * n, n == 3);
            mhd(root.resolve("SLIVER07/label/liver-seg00" + n + ".mhd"), 0, false);
        }
        DemoCollection.write(root.resolve("demo"), 3);
        return root;
    }

    /** The built-in conversions, counting how often each output is made. */
    private static Map<String, Conversion> counted(Map<Path, AtomicInteger> made) {
        Map<String, Conversion> out = new HashMap<>();
        Converters.builtIn().forEach((kind, c) -> out.put(kind, (inputs, output) -> {
            made.computeIfAbsent(output, o -> new AtomicInteger()).incrementAndGet();
            c.convert(inputs, output);
        }));
        return out;
    }

    private record Result(List<String> jsonl, List<String> outcomes) {}

    private static Result process(Processor processor, Path root, Path out, ParallelConversions executor) throws IOException {
        ProcessReport sliver = processor.run("SLIVER07", root.resolve("SLIVER07"), out, Map.of(), executor);
        ProcessReport organs = processor.run("TotalSegmentator_Organs", root.resolve("demo/data/nii/Totalsegmentator_dataset"), out,
                Map.of(), executor);
        List<String> jsonl = new java.util.ArrayList<>(), outcomes = new java.util.ArrayList<>();
        for (ProcessReport r : List.of(sliver, organs)) {
            for (String line : Files.readAllLines(r.jsonl())) jsonl.add(line.replace(root.toString(), "ROOT"));
            for (SampleOutcome o : r.outcomes()) outcomes.add(o.toString().replace(root.toString(), "ROOT"));
        }
        return new Result(jsonl, outcomes);
    }

    @Test
    void parallelGivesTheSequentialRecordsMakesEachConversionOnceAndListsTheFailure() throws IOException {
        Path seqRoot = rawTree(tmp.resolve("a")), parRoot = rawTree(tmp.resolve("b"));
        Map<Path, AtomicInteger> seqMade = new ConcurrentHashMap<>(), parMade = new ConcurrentHashMap<>();
        ParallelConversions parallel = new ParallelConversions(ConvertRunner.Options.defaults().withThreads(2));

        Result sequential = process(new Processor(DiscoveryRules.builtIn(), counted(seqMade)), seqRoot, tmp.resolve("a-out"), null);
        Result par = process(new Processor(DiscoveryRules.builtIn(), counted(parMade)), parRoot, tmp.resolve("b-out"), parallel);

        assertEquals(4 + 3, sequential.jsonl().size(), "4 SLIVER07 samples and the demo's TotalSegmentator patients");
        assertEquals(sequential, par);
        assertEquals(relative(seqMade, seqRoot), relative(parMade, parRoot), "the same conversions");
        assertTrue(parMade.values().stream().allMatch(n -> n.get() == 1), "each conversion made once: " + parMade);
        assertEquals(5 + 5 - 1 + 3, parMade.size(), "both files of each SLIVER07 sample (the damaged scan's mask not reached), each organ stack");
        String damaged = par.outcomes().stream().filter(o -> o.contains(SkipReason.CONVERSION_FAILED.name())).findFirst().orElseThrow();
        assertTrue(damaged.contains("metaimage_to_nifti failed to make ROOT/SLIVER07/scan/liver-orig003.nii.gz"), damaged);

        Map<Path, AtomicInteger> rerunMade = new ConcurrentHashMap<>();
        Result rerun = process(new Processor(DiscoveryRules.builtIn(), counted(rerunMade)), parRoot, tmp.resolve("b-out"), parallel);
        assertEquals(par.jsonl(), rerun.jsonl());
        assertEquals(Map.of(ROOT_LIVER_003, 1), relative(rerunMade, parRoot), "a rerun only retries the conversion that failed");
    }

    private static final String ROOT_LIVER_003 = "SLIVER07/scan/liver-orig003.nii.gz";

    private static Map<String, Integer> relative(Map<Path, AtomicInteger> made, Path root) {
        Map<String, Integer> out = new HashMap<>();
        made.forEach((p, n) -> out.put(root.relativize(p).toString(), n.get()));
        return out;
    }
}
