package org.satds.pipeline.stats;

import java.util.ArrayDeque;

/** 26-connected components by flood fill, voxel by voxel: the plain algorithm, to check the run-based one against. */
final class Labelling {
    private Labelling() {}

    static int components(byte[] mask, int[] shape) {
        int n0 = shape[0], n1 = shape[1], n2 = shape[2];
        boolean[] seen = new boolean[mask.length];
        int count = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || seen[start]) continue;
            count++;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int v = queue.poll(), i = v / (n1 * n2), j = v / n2 % n1, k = v % n2;
                for (int di = -1; di <= 1; di++)
                    for (int dj = -1; dj <= 1; dj++)
                        for (int dk = -1; dk <= 1; dk++) {
                            int a = i + di, b = j + dj, c = k + dk;
                            if (a < 0 || b < 0 || c < 0 || a >= n0 || b >= n1 || c >= n2) continue;
                            int w = (a * n1 + b) * n2 + c;
                            if (mask[w] != 0 && !seen[w]) {
                                seen[w] = true;
                                queue.add(w);
                            }
                        }
            }
        }
        return count;
    }
}
