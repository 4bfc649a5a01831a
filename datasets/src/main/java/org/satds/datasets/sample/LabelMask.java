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
        return in(Box.whole(shape));
    }

    /** The mask within {@code region} of the grid, which holds its box (C-order, 0/1). */
    public byte[] in(Box region) {
        int r1 = region.size(1), r2 = region.size(2);
        byte[] out = new byte[region.size(0) * r1 * r2];
        if (box == null) return out;
        int s1 = box.size(1), s2 = box.size(2);
        int[] at = {box.start()[0] - region.start()[0], box.start()[1] - region.start()[1], box.start()[2] - region.start()[2]};
        for (int i = 0; i < box.size(0); i++)
            for (int j = 0; j < s1; j++) System.arraycopy(voxels, (i * s1 + j) * s2, out, ((at[0] + i) * r1 + at[1] + j) * r2 + at[2], s2);
        return out;
    }
}
