package org.satds.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.sample.PhaseTimes;
import org.satds.datasets.sample.PhaseTimes.Phase;

/** What `satds bench` reports besides its timings: the phase table and the floor's work (never a speed). */
class BenchTest {
    @TempDir
    Path tmp;

    @Test
    void thePhaseTableListsEveryPhaseInOrderWithItsShareOfTheSum() {
        PhaseTimes times = new PhaseTimes();
        // thousands of seconds, so that the microseconds between these calls cannot move a share's last digit
        long now = System.nanoTime();
        times.lap(Phase.RESAMPLE_IMAGE, now - 3_000_000_000_000L);
        times.lap(Phase.WRITE, now - 1_000_000_000_000L);

        String[] lines = Bench.phaseTable(times, 2).split("\n");

        assertEquals(Phase.values().length + 1, lines.length);
        for (int i = 0; i < Phase.values().length; i++) assertTrue(lines[i].trim().startsWith(Phase.values()[i].title()), lines[i]);
        assertTrue(lines[Phase.RESAMPLE_IMAGE.ordinal()].endsWith("75.0%"), lines[Phase.RESAMPLE_IMAGE.ordinal()]);
        assertTrue(lines[Phase.WRITE.ordinal()].endsWith("25.0%"), lines[Phase.WRITE.ordinal()]);
        assertTrue(lines[Phase.READ_IMAGE.ordinal()].contains("0.000 s"), "per sample: the sum over 2 samples halved");
        assertTrue(lines[lines.length - 1].matches("\\s*sum of phases\\s+2000\\.\\d{3} s"), lines[lines.length - 1]);
    }

    @Test
    void theFloorInflatesTheInputsAndWritesAsManyBytesThenLeavesNothing() throws IOException, InterruptedException {
        Path gz = tmp.resolve("image.nii.gz"), plain = tmp.resolve("mask.nii");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[3 << 20]);
        }
        Files.write(plain, new byte[1000]);
        Path scratch = tmp.resolve("scratch");

        Bench.Floor floor = Bench.floor(List.of(gz, plain), List.of(5L << 20, 17L, 0L), scratch, 2);

        assertTrue(floor.inflateSeconds() > 0 && floor.writeSeconds() > 0);
        assertEquals(floor.inflateSeconds() + floor.writeSeconds(), floor.seconds());
        try (var left = Files.list(scratch)) {
            assertEquals(0, left.count(), "the floor's files are deleted");
        }
    }
}
