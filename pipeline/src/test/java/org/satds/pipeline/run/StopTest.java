package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.convert.NpyConverter;

/** A runner asked to stop starts no further sample, keeps what it finished, and a dry run then counts those as current. */
class StopTest {
    @TempDir
    Path work;

    @Test
    void aStoppedRunKeepsWhatItFinishedAndADryRunSeesIt() throws Exception {
        Path data = work.resolve("data"), npy = work.resolve("npy");
        List<ObjectNode> records = Fixtures.cts(data, 5);
        NpyConverter converter = Fixtures.converter(npy, data);
        AtomicInteger done = new AtomicInteger();
        ConvertRunner.Conversion counting = (record, index, reader) -> {
            ObjectNode out = converter.convert(record, index, reader);
            done.incrementAndGet();
            return out;
        };
        ConvertRunner.Result r = new ConvertRunner(converter, Fixtures.options(1), counting).stoppingWhen(() -> done.get() >= 2).run(records);
        assertTrue(r.stopped());
        assertEquals(2, r.converted().size());
        assertEquals(3, r.notStarted().size());
        assertEquals(5, r.total());

        ConvertRunner.DryRun plan = new ConvertRunner(converter, Fixtures.options(1)).dryRun(records);
        assertEquals(Set.copyOf(r.converted().keySet()), Set.copyOf(plan.current().entrySet().stream().filter(e -> e.getValue())
                .map(e -> e.getKey()).toList()));
        assertTrue(plan.peakBytes() > 0 && plan.imageBytes() > 0, plan.toString());
        ConvertRunner.Result rest = new ConvertRunner(converter, Fixtures.options(1)).run(records);
        assertFalse(rest.stopped());
        assertEquals(2, rest.skipped());
        assertEquals(5, rest.converted().size());
    }
}
