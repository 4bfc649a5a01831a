package org.satds.datasets.sample;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time spent in each phase of converting samples, summed over samples (and over the threads converting them
 * at once), for `satds bench`. {@link #OFF} measures nothing and costs nothing.
 */
public final class PhaseTimes {
    /** The phases of one sample's conversion, in the order they run. */
    public enum Phase {
        READ_IMAGE("read+inflate image"),
        ORIENTATION("orientation and spacing plan"),
        RESAMPLE_IMAGE("resample image"),
        CROP("foreground crop"),
        READ_MASK("read+inflate mask"),
        NORMALIZE("normalize intensity"),
        MASKS("masks (resample, labels, boxes)"),
        WRITE("write npy");

        private final String title;

        Phase(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    public static final PhaseTimes OFF = new PhaseTimes(false);

    private final boolean on;
    private final Map<Phase, LongAdder> nanos = new EnumMap<>(Phase.class);

    private PhaseTimes(boolean on) {
        this.on = on;
        for (Phase p : Phase.values()) nanos.put(p, new LongAdder());
    }

    public PhaseTimes() {
        this(true);
    }

    /** The clock for the first {@link #lap}. */
    public long start() {
        return on ? System.nanoTime() : 0;
    }

    /** Charges the time since {@code since} to {@code phase}; returns the clock for the next lap. */
    public long lap(Phase phase, long since) {
        if (!on) return 0;
        long now = System.nanoTime();
        nanos.get(phase).add(now - since);
        return now;
    }

    public double seconds(Phase phase) {
        return nanos.get(phase).sum() / 1e9;
    }

    public double totalSeconds() {
        double t = 0;
        for (Phase p : Phase.values()) t += seconds(p);
        return t;
    }
}
