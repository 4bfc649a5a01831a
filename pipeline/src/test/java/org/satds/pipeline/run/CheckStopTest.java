package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.check.LoadedCheck;

/** `satds check` asked to stop (Ctrl-C) starts no further sample and reports only on the ones it checked. */
class CheckStopTest {
    @TempDir
    Path work;

    @Test
    void aStoppedCheckReportsTheSamplesItChecked() throws Exception {
        Path data = work.resolve("data");
        List<ObjectNode> records = Fixtures.cts(data, 4);
        SampleLoader loader = new SampleLoader(Fixtures.RECIPES);
        LoadedCheck.Report stopped = LoadedCheck.run(records, loader, data, Fixtures.options(1), () -> true);
        assertEquals(4, stopped.notChecked());
        assertEquals(List.of(), stopped.summary(), "no sample was checked, so no dataset is summed up");
        assertTrue(stopped.errors().isEmpty() && !stopped.failed());

        LoadedCheck.Report all = LoadedCheck.run(records, loader, data, Fixtures.options(1), () -> false);
        assertEquals(0, all.notChecked());
        assertTrue(all.summary().get(0).startsWith("AbdomenCT1K: 4 samples"), all.summary().toString());
    }
}
