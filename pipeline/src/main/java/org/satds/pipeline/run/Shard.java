package org.satds.pipeline.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Shard {@code index} (1-based) of {@code count}: a deterministic part of a conversion for one node of a cluster.
 * Every node computes the same assignment from the same inputs, so the shards cover every sample exactly once.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count)
            throw new IllegalArgumentException("shard must be K/N with 1 <= K <= N, not " + index + "/" + count);
    }

    /** Parses "K/N", e.g. "3/8" for the third of eight shards. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length != 2) throw new NumberFormatException();
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be K/N, e.g. 3/8, not '" + text + "'");
        }
    }

    /**
     * Which items belong to this shard, balanced by weight: greedy largest-first, each item to the shard with the
     * least weight so far (ties: the lower item position first, the lower shard first). Returns positions, ascending.
     */
    public List<Integer> select(long[] weights) {
        long[] load = new long[count];
        List<Integer> mine = new ArrayList<>();
        IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> -weights[i]).thenComparingInt(i -> i))
                .forEach(item -> {
                    int lightest = 0;
                    for (int s = 1; s < count; s++) if (load[s] < load[lightest]) lightest = s;
                    load[lightest] += Math.max(1, weights[item]); // weightless items still spread
                    if (lightest == index - 1) mine.add(item);
                });
        mine.sort(null);
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
