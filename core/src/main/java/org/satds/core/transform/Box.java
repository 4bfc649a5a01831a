package org.satds.core.transform;

/** A half-open box [start, end) on three axes, as MONAI's crop boxes and SAT's y1x1z1_y2x2z2 lists. */
public record Box(int[] start, int[] end) {
    public static Box whole(int[] shape) {
        return new Box(new int[3], shape.clone());
    }

    public int size(int axis) {
        return end[axis] - start[axis];
    }

    public int[] shape() {
        return new int[] {size(0), size(1), size(2)};
    }

    public long voxels() {
        return (long) size(0) * size(1) * size(2);
    }

    public boolean isEmpty() {
        return size(0) <= 0 || size(1) <= 0 || size(2) <= 0;
    }

    /** [y1, x1, z1, y2, x2, z2] as SAT writes boxes. */
    public int[] toSat() {
        return new int[] {start[0], start[1], start[2], end[0], end[1], end[2]};
    }
}
