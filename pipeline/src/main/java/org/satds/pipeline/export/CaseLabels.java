package org.satds.pipeline.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.satds.datasets.sample.LabelMask;

/**
 * One case's classes as a map of the sets of classes each voxel belongs to (volume order, x fastest): set 0 is
 * the empty set (background), the others are listed in {@link #sets}.
 */
record CaseLabels(int[] setOfVoxel, List<BitSet> sets) {
    static CaseLabels of(List<LabelMask> masks, Atoms atoms, int[] shape) {
        int nx = shape[0], ny = shape[1];
        int[] setOf = new int[nx * ny * shape[2]];
        List<BitSet> sets = new ArrayList<>(List.of(new BitSet()));
        for (LabelMask m : masks) {
            if (m.isEmpty()) continue;
            int cls = atoms.classIndex(m.name());
            // the set each earlier set becomes when this class is added, found once per set (a voxel is visited
            // once per class, so it always holds a set made before this class)
            int[] next = new int[sets.size()];
            Arrays.fill(next, -1);
            int[] s = m.box().start(), size = m.box().shape();
            int i = 0;
            for (int x = 0; x < size[0]; x++)
                for (int y = 0; y < size[1]; y++)
                    for (int z = 0; z < size[2]; z++, i++) {
                        if (m.voxels()[i] == 0) continue;
                        int v = s[0] + x + nx * (s[1] + y + ny * (s[2] + z));
                        int from = setOf[v];
                        if (next[from] < 0) next[from] = union(sets, from, cls);
                        setOf[v] = next[from];
                    }
        }
        return compact(setOf, sets);
    }

    /** Drops the sets no voxel ended in (those voxels went on to larger sets), keeping the empty set first. */
    private static CaseLabels compact(int[] setOf, List<BitSet> sets) {
        boolean[] used = new boolean[sets.size()];
        for (int s : setOf) used[s] = true;
        int[] newIndex = new int[sets.size()];
        List<BitSet> kept = new ArrayList<>(List.of(sets.get(0)));
        for (int k = 1; k < sets.size(); k++)
            if (used[k]) {
                newIndex[k] = kept.size();
                kept.add(sets.get(k));
            }
        for (int v = 0; v < setOf.length; v++) setOf[v] = newIndex[setOf[v]];
        return new CaseLabels(setOf, kept);
    }

    private static int union(List<BitSet> sets, int from, int cls) {
        BitSet b = (BitSet) sets.get(from).clone();
        b.set(cls);
        int found = sets.indexOf(b);
        if (found >= 0) return found;
        sets.add(b);
        return sets.size() - 1;
    }

    /** The non-empty sets. */
    List<BitSet> present() {
        return sets.subList(1, sets.size());
    }

    /** The map with each voxel's set replaced by its atom value in {@code atoms} (which must hold every set). */
    int[] values(Atoms atoms) {
        int[] valueOfSet = new int[sets.size()];
        for (int k = 1; k < sets.size(); k++) valueOfSet[k] = atoms.value(sets.get(k));
        int[] out = new int[setOfVoxel.length];
        for (int v = 0; v < out.length; v++) out[v] = valueOfSet[setOfVoxel[v]];
        return out;
    }
}
