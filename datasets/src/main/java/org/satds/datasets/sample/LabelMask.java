package org.satds.datasets.sample;

import org.satds.core.transform.Box;

/**
 * One class of a normalized sample, stored as SAT stores it: the tight box of its voxels in the sample grid and
 * the 0/1 voxels inside that box (C-order). An empty class has no box.
 */
public record LabelMask(String name, Box box, byte[] voxels) {
    public static LabelMask empty(String name) {
        return new LabelMask(name, null, new byte[0]);
    }

    public boolean isEmpty() {
        return box == null;
    }

    public long count() {
        long n = 0;
        for (byte b : voxels) n += b;
        return n;
    }

    /** The mask over the whole grid (C-order, 0/1). */
    public byte[] full(int[] shape) {
        byte[] out = new byte[shape[0] * shape[1] * shape[2]];
        if (box == null) return out;
        int s1 = box.size(1), s2 = box.size(2);
        for (int i = 0; i < box.size(0); i++)
            for (int j = 0; j < s1; j++)
                System.arraycopy(voxels, (i * s1 + j) * s2, out,
                        ((box.start()[0] + i) * shape[1] + box.start()[1] + j) * shape[2] + box.start()[2], s2);
        return out;
    }
}
