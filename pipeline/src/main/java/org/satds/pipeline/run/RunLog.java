package org.satds.pipeline.run;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Where a run's per-sample record goes besides the terminal (the command line's {@code --log FILE}): one line per
 * sample the runner finishes, with its time, or its failure. Nothing is kept when no log is open.
 */
public final class RunLog {
    private static volatile Consumer<String> sink;

    private RunLog() {}

    /** Sends the lines to {@code lines} (null: nowhere). */
    public static void to(Consumer<String> lines) {
        sink = lines;
    }

    static void sample(String task, String dataset, String id, double seconds, Throwable failure) {
        Consumer<String> s = sink;
        if (s == null) return;
        String what = failure == null ? "done" : "FAILED (" + String.valueOf(failure.getMessage()).replace('\n', ' ') + ")";
        s.accept(String.format(Locale.ROOT, "%s %s/%s %s in %.3f s", task, dataset, id, what, seconds));
    }

    static void skipped(String task, String dataset, String id) {
        Consumer<String> s = sink;
        if (s != null) s.accept(task + " " + dataset + "/" + id + " skipped (complete and current)");
    }
}
