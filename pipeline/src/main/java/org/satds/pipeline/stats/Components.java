package org.satds.pipeline.stats;

/**
 * Counts 26-connected components of a 0/1 mask (C-order), as scipy.ndimage.label with a 3x3x3 structure does.
 * Written by hand because no Maven Central library labels 3D voxel masks. Works on runs along the last axis, so
 * memory grows with the number of runs, not of voxels: two runs in neighbouring rows (the rows one step away on
 * the first two axes, diagonals included) touch when their ranges overlap once widened by one voxel.
 */
final class Components {
    private Components() {}

    static int count(byte[] mask, int[] shape) {
        int n0 = shape[0], n1 = shape[1], n2 = shape[2], rows = n0 * n1;
        int[] rowFirst = new int[rows + 1]; // runs of row r are rowFirst[r] .. rowFirst[r + 1] - 1
        IntList starts = new IntList(), ends = new IntList(); // inclusive ranges on the last axis
        for (int r = 0; r < rows; r++) {
            rowFirst[r] = starts.size;
            int base = r * n2;
            for (int k = 0; k < n2; k++) {
                if (mask[base + k] == 0) continue;
                int start = k;
                while (k + 1 < n2 && mask[base + k + 1] != 0) k++;
                starts.add(start);
                ends.add(k);
            }
        }
        rowFirst[rows] = starts.size;
        int[] parent = new int[starts.size];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        int components = parent.length;
        // each row joins the earlier rows it touches: (i-1, j-1), (i-1, j), (i-1, j+1) and (i, j-1)
        int[][] earlier = {{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}};
        for (int i = 0; i < n0; i++)
            for (int j = 0; j < n1; j++) {
                int r = i * n1 + j;
                if (rowFirst[r] == rowFirst[r + 1]) continue;
                for (int[] d : earlier) {
                    int pi = i + d[0], pj = j + d[1];
                    if (pi < 0 || pj < 0 || pj >= n1) continue;
                    int q = pi * n1 + pj;
                    int a = rowFirst[r], b = rowFirst[q];
                    while (a < rowFirst[r + 1] && b < rowFirst[q + 1]) {
                        if (starts.get(a) <= ends.get(b) + 1 && starts.get(b) <= ends.get(a) + 1 && union(parent, a, b)) components--;
                        if (ends.get(a) < ends.get(b)) a++;
                        else b++;
                    }
                }
            }
        return components;
    }

    /** Joins the sets of a and b; false when they were one already. */
    private static boolean union(int[] parent, int a, int b) {
        int ra = root(parent, a), rb = root(parent, b);
        if (ra == rb) return false;
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
        return true;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    /** A growable int array (runs of a large mask would box millions of Integers). */
    private static final class IntList {
        int[] values = new int[64];
        int size;

        void add(int v) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        int get(int i) {
            return values[i];
        }
    }
}
