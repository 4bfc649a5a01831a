package org.satds.pipeline.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.satds.core.transform.Intensity;
import org.satds.core.transform.OrderStatistics;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * Intensity figures as nnU-Net's fingerprint reports them for the foreground: mean, std (population), min, max,
 * median and the 0.5 / 99.5 percentiles (numpy's linear method), over every voxel of a sample. A dataset's pooled
 * figures weigh each sample by its voxels: mean, std, min and max exactly (from each sample's count, mean and std),
 * the percentiles from {@link #POOL} evenly strided voxels kept per sample, each standing for its share of the
 * sample (all voxels of all samples do not fit in memory; nnU-Net likewise pools 10,000 voxels per case), which
 * puts them within about a percent of rank of the exact ones.
 */
final class Intensities {
    static final int POOL = 2000;
    /** The per-sample field holding the strided voxels (float32, base64); internal, left out of stats.json. */
    static final String POOL_FIELD = "_pool";

    private Intensities() {}

    /** The figures of these values (which are not modified), or null when there are none. */
    static ObjectNode of(float[] values) {
        if (values.length == 0) return null;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length, ss = 0;
        for (float v : values) ss += (v - mean) * (v - mean);
        double[] p = Intensity.percentiles(values, 0.5, 50, 99.5);
        return figures(values.length, mean, Math.sqrt(ss / values.length), min, max, p[1], p[0], p[2]);
    }

    /**
     * The figures and pool of n int16 values (at least one) without sorting or a float copy of them: from their counts
     * ({@code counts[v + 32768]}) the sum (exact: integers), extremes and percentiles, and from the values in the order
     * {@link #of(float[])} and {@link #poolOf} read them the squared deviations (a sum whose rounding depends on the
     * order) and the pool. The same figures and pool as those of the values as floats.
     */
    static final class Int16 {
        private final int[] counts;
        private final int n;
        private final double mean, min, max, squares;
        private final float[] pool;

        /** @param values n values in voxel order (the array may be longer) */
        Int16(int[] counts, short[] values, int n) {
            this.counts = counts;
            this.n = n;
            long sum = 0;
            int lo = -1, hi = -1;
            for (int k = 0; k < counts.length; k++)
                if (counts[k] != 0) {
                    sum += (long) counts[k] * (k + Short.MIN_VALUE);
                    if (lo < 0) lo = k;
                    hi = k;
                }
            mean = (double) sum / n;
            min = lo + Short.MIN_VALUE;
            max = hi + Short.MIN_VALUE;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double d = values[i] - mean;
                ss += d * d;
            }
            squares = ss;
            pool = new float[Math.min(n, POOL)];
            for (int i = 0; i < pool.length; i++) pool[i] = values[(int) ((long) i * n / pool.length)];
        }

        ObjectNode figures() {
            double[] p = Intensity.percentiles(n, ranks -> OrderStatistics.selectCounted(counts, ranks), 0.5, 50, 99.5);
            return Intensities.figures(n, mean, Math.sqrt(squares / n), min, max, p[1], p[0], p[2]);
        }

        String pool() {
            return encode(pool);
        }
    }

    private static ObjectNode figures(long voxels, double mean, double std, double min, double max, double median,
                                      double p005, double p995) {
        return Jsonl.MAPPER.createObjectNode().put("voxels", voxels).put("mean", mean).put("std", std).put("min", min)
                .put("max", max).put("median", median).put("p00_5", p005).put("p99_5", p995);
    }

    /** Up to POOL values evenly strided through the array, as base64 float32 (little-endian). */
    static String poolOf(float[] values) {
        float[] pool = new float[Math.min(values.length, POOL)];
        for (int i = 0; i < pool.length; i++) pool[i] = values[(int) ((long) i * values.length / pool.length)];
        return encode(pool);
    }

    private static String encode(float[] pool) {
        ByteBuffer b = ByteBuffer.allocate(4 * pool.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : pool) b.putFloat(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static float[] decodePool(String base64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) out[i] = b.getFloat();
        return out;
    }

    /** The pooled figures of samples' figures with their pools, or null when no sample has any. */
    static ObjectNode pooled(List<JsonNode> figures, List<String> pools) {
        long n = 0;
        double sum = 0, squares = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        List<float[]> decoded = new ArrayList<>();
        double[] weights = new double[figures.size()];
        int size = 0;
        for (int i = 0; i < figures.size(); i++) {
            JsonNode f = figures.get(i);
            long k = f.get("voxels").asLong();
            double mean = f.get("mean").asDouble(), std = f.get("std").asDouble();
            n += k;
            sum += k * mean;
            squares += k * (std * std + mean * mean);
            min = Math.min(min, f.get("min").asDouble());
            max = Math.max(max, f.get("max").asDouble());
            float[] pool = decodePool(pools.get(i));
            decoded.add(pool);
            weights[i] = (double) k / pool.length;
            size += pool.length;
        }
        if (n == 0) return null;
        // every pooled value in ascending order, equal ones in the order met, each with its sample's weight: sorted as
        // keys (the value's bits made to order as Float.compare orders them, then its place), not through a comparator
        long[] keys = new long[size];
        float[] value = new float[size];
        int[] sample = new int[size];
        for (int i = 0, k = 0; i < decoded.size(); i++)
            for (float v : decoded.get(i)) {
                int bits = Float.floatToIntBits(v);
                keys[k] = (long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32 | k;
                value[k] = v;
                sample[k++] = i;
            }
        Arrays.sort(keys);
        double[] values = new double[size], cumulative = new double[size];
        double total = 0;
        for (int j = 0; j < size; j++) {
            int k = (int) keys[j];
            values[j] = value[k];
            cumulative[j] = total += weights[sample[k]];
        }
        double mean = sum / n;
        return figures(n, mean, Math.sqrt(Math.max(0, squares / n - mean * mean)), min, max,
                weighted(values, cumulative, 0.5), weighted(values, cumulative, 0.005), weighted(values, cumulative, 0.995));
    }

    /** The first value whose cumulative weight reaches q of the total. */
    private static double weighted(double[] values, double[] cumulative, double q) {
        double target = q * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, target);
        return values[Math.min(values.length - 1, i >= 0 ? i : -i - 1)];
    }
}
