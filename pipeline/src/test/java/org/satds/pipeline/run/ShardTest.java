package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void parsesKOfN() {
        assertEquals(new Shard(3, 8), Shard.parse("3/8"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/8"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("9/8"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("3"));
    }

    @Test
    void largestFirstOntoTheLightestShardCoversAllOnce() {
        long[] weights = {10, 1, 7, 7, 3, 3, 2, 9};
        List<Integer> all = new ArrayList<>();
        long[] load = new long[3];
        for (int k = 1; k <= 3; k++)
            for (int i : new Shard(k, 3).select(weights)) {
                all.add(i);
                load[k - 1] += weights[i];
            }
        all.sort(null);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), all);
        // 10 -> s1, 9 -> s2, 7 -> s3, 7 -> s3 (14)? no: s1=10, s2=9, s3=7, then 7 -> s3=14, 3 -> s2=12, 3 -> s1=13, 2 -> s2=14, 1 -> s1=14
        assertEquals(List.of(14L, 14L, 14L), List.of(load[0], load[1], load[2]));
        assertEquals(new Shard(2, 3).select(weights), new Shard(2, 3).select(weights.clone()), "deterministic");
    }

    @Test
    void byteSizes() {
        assertEquals(6L << 30, ByteSize.parse("6g"));
        assertEquals(512L << 20, ByteSize.parse("512M"));
        assertEquals(1536L << 20, ByteSize.parse("1.5g"));
        assertEquals(100, ByteSize.parse("100"));
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("six"));
    }
}
