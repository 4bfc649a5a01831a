package org.satds.core.volume;

import java.util.Arrays;

/** Skips runs of zero bytes eight at a time ({@link Arrays#mismatch} against zeros), as masks are mostly zero. */
public final class ZeroRuns {
    private static final byte[] ZEROS = new byte[4096];

    private ZeroRuns() {}

    /** The position of the first non-zero byte in [from, to), or {@code to} when there is none. */
    public static int nextNonZero(byte[] b, int from, int to) {
        while (from < to) {
            int n = Math.min(ZEROS.length, to - from), m = Arrays.mismatch(b, from, from + n, ZEROS, 0, n);
            if (m >= 0) return from + m;
            from += n;
        }
        return to;
    }
}
