package org.satds.pipeline.run;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr: samples done of all (skipped ones count as done), samples/s, ETA, errors, input MB/s. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final FinalLineOnce consumer;
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong inputBytes = new AtomicLong();
    private final long start = System.nanoTime();

    /**
     * @param task what the bar is labelled with
     * @param show false: count only (tests, or a caller with its own reporting)
     */
    public Progress(String task, boolean show, int total, int skipped) {
        // on a terminal one line redrawn every second; in a log file (a batch job) a new line every 30 seconds
        boolean terminal = System.console() != null;
        consumer = !show ? null : new FinalLineOnce(terminal ? console() : new DelegatingProgressBarConsumer(System.err::println));
        bar = !show ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(skipped, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).showSpeed(new DecimalFormat("0.00")).setSpeedUnit(ChronoUnit.SECONDS).setUnit("", 1)
                .setConsumer(consumer)
                .setUpdateIntervalMillis(terminal ? 1000 : 30_000).build();
    }

    /**
     * A bar as wide as the terminal. Asked for the width, the library opens the terminal with jline, which starts
     * processes (stty) and loads a hundred classes: about half a second of a one-scan convert. So the launcher
     * passes the width it read (system property satds.columns); without it the library asks.
     */
    private static ConsoleProgressBarConsumer console() {
        int columns = Integer.getInteger("satds.columns", 0);
        return columns > 1 ? new ConsoleProgressBarConsumer(System.err, columns - 1) : new ConsoleProgressBarConsumer(System.err);
    }

    public void step(boolean failed, long bytes) {
        int e = failed ? errors.incrementAndGet() : errors.get();
        double mbPerSecond = inputBytes.addAndGet(bytes) / 1e6 / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        if (bar == null) return;
        bar.setExtraMessage(String.format(Locale.ROOT, " | %d errors | in %.1f MB/s", e, mbPerSecond));
        bar.step();
    }

    @Override
    public void close() {
        if (bar == null) return;
        consumer.closing = true;
        bar.close();
    }

    /**
     * Closing, the library draws the bar twice (a last refresh when samples were done since the previous drawing,
     * then once more): in a log the final line would be there twice, and on a terminal drawn twice. Once closing,
     * only the first drawing is passed on, and none that repeats the line before it (a run that skipped every
     * sample is complete from its first drawing).
     */
    static final class FinalLineOnce implements ProgressBarConsumer {
        private final ProgressBarConsumer delegate;
        volatile boolean closing;
        private boolean drawnClosing;
        private String last;

        FinalLineOnce(ProgressBarConsumer delegate) {
            this.delegate = delegate;
        }

        @Override
        public int getMaxRenderedLength() {
            return delegate.getMaxRenderedLength();
        }

        @Override
        public synchronized void accept(String line) {
            if ((closing && drawnClosing) || line.equals(last)) return;
            drawnClosing = closing;
            last = line;
            delegate.accept(line);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
