package org.satds.pipeline.run;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Lets the next sample reuse the memory of the one that just finished. A sample's arrays are large (G1 gives each
 * its own regions), and without a collection between samples G1 takes fresh regions for the next one rather than
 * the freed ones, so a run touches new memory for every sample. On virtual machines a first touch is costly (about
 * 1 ms per MB on ours), and a young collection after a large sample, which frees its regions at once, halved the
 * system time of a 4 CT + 4 MRI run and its peak memory by a third (docs/performance.md). It runs only when the JVM
 * makes an explicit collection a young one (G1 with {@code -XX:+ExplicitGCInvokesConcurrent}, set by the launcher): a
 * full collection in another setting (a Spark executor, another collector) could cost more than it saves.
 */
final class HeapReuse {
    /** Samples smaller than this leave too little to be worth a pause. */
    static final long LARGE_SAMPLE_BYTES = 64L << 20;
    private static final boolean YOUNG_EXPLICIT_GC = explicitGcIsConcurrent();

    private HeapReuse() {}

    /** After a sample whose estimated heap was {@code bytes}. */
    static void sampleDone(long bytes) {
        if (YOUNG_EXPLICIT_GC && bytes >= LARGE_SAMPLE_BYTES) System.gc();
    }

    private static boolean explicitGcIsConcurrent() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && on(vm, "UseG1GC") && on(vm, "ExplicitGCInvokesConcurrent") && !on(vm, "DisableExplicitGC");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false; // not a HotSpot JVM
        }
    }

    private static boolean on(HotSpotDiagnosticMXBean vm, String flag) {
        return Boolean.parseBoolean(vm.getVMOption(flag).getValue());
    }
}
