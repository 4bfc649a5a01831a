package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The runner collects after a large sample, young only, so the next sample reuses its memory (tests run as the launcher runs satds). */
class HeapReuseTest {
    @Test
    void aLargeSampleIsFollowedByAYoungCollection() throws Exception {
        long young = collections("Young"), old = collections("Old");
        List<Callable<Integer>> one = List.of(() -> 1);
        assertEquals(List.of(1), BudgetedPool.run(one, new long[] {HeapReuse.LARGE_SAMPLE_BYTES}, 1, 1L << 30));
        assertTrue(collections("Young") > young, "no collection after a large sample");
        assertEquals(old, collections("Old"), "a full collection");
    }

    private static long collections(String generation) {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().filter(b -> b.getName().contains(generation))
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
