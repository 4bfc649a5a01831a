package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satds.datasets.recipe.Recipe;
import org.satds.pipeline.jsonl.Jsonl;

/**
 * nnU-Net wants one integer label map per case, but SAT-DS classes may overlap (kidney = left + right kidney; the
 * channels of a channel-first mask). The map therefore holds atoms: each distinct set of classes a voxel belongs
 * to is one value, and each class is the region of its atoms (nnU-Net's region-based training). The atoms every
 * recipe implies come first, numbered in recipe order (one per source: the classes that read it), so a recipe
 * of disjoint classes numbers them 1..n like a plain label map; sets that only the data shows (overlapping
 * channels) follow, smallest first.
 */
final class Atoms {
    /** Atom values start at 1; 0 is the background. */
    private final List<String> classes;
    private final List<BitSet> atoms = new ArrayList<>();
    private final Map<BitSet, Integer> valueOf = new HashMap<>();
    private final int implied;

    /** Atoms of the classes of the given recipes (one class per distinct name, in order of first appearance). */
    Atoms(List<Recipe> recipes) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Recipe r : recipes) for (Recipe.Label l : r.labels()) index.putIfAbsent(l.name(), index.size());
        classes = List.copyOf(index.keySet());
        for (Recipe r : recipes)
            for (Recipe.Label l : r.labels())
                for (Object source : l.sources()) {
                    BitSet members = new BitSet();
                    for (Recipe.Label other : r.labels())
                        if (other.sources().stream().anyMatch(s -> sameSource(s, source))) members.set(index.get(other.name()));
                    add(members);
                }
        implied = atoms.size();
    }

    private Atoms(List<String> classes, List<BitSet> atoms, int implied) {
        this.classes = classes;
        for (BitSet a : atoms) add(a);
        this.implied = implied;
    }

    private static boolean sameSource(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue() : a.equals(b);
    }

    private void add(BitSet atom) {
        if (!valueOf.containsKey(atom)) {
            atoms.add(atom);
            valueOf.put(atom, atoms.size());
        }
    }

    List<String> classes() {
        return classes;
    }

    int classIndex(String name) {
        int i = classes.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("class '" + name + "' is not one of the export's classes");
        return i;
    }

    int size() {
        return atoms.size();
    }

    /** The atom's value, or 0 when it is not one of these atoms. */
    int value(BitSet atom) {
        return valueOf.getOrDefault(atom, 0);
    }

    BitSet atom(int value) {
        return atoms.get(value - 1);
    }

    /** These atoms with the sets the data showed besides them (in any order) appended, smallest first. */
    Atoms withObserved(List<BitSet> seen) {
        List<BitSet> extra = new ArrayList<>();
        for (BitSet b : seen) if (value(b) == 0 && !extra.contains(b)) extra.add(b);
        extra.sort(CANONICAL);
        List<BitSet> all = new ArrayList<>(atoms.subList(0, implied));
        all.addAll(extra);
        return new Atoms(classes, all, implied);
    }

    /** The sets beyond those every recipe implies. */
    List<BitSet> observed() {
        return atoms.subList(implied, atoms.size());
    }

    /** Smaller sets first, then by their lowest differing class. */
    private static final Comparator<BitSet> CANONICAL = Comparator.<BitSet>comparingInt(BitSet::cardinality).thenComparing((x, y) -> {
        BitSet diff = (BitSet) x.clone();
        diff.xor(y);
        int first = diff.nextSetBit(0);
        return first < 0 ? 0 : x.get(first) ? -1 : 1;
    });

    /** Plain labels when every atom is one class and every class one atom; regions otherwise. */
    boolean regions() {
        if (atoms.size() != classes.size()) return true;
        for (BitSet a : atoms) if (a.cardinality() != 1) return true;
        return false;
    }

    /** The atom values of a class. */
    List<Integer> valuesOf(int cls) {
        List<Integer> out = new ArrayList<>();
        for (int v = 1; v <= atoms.size(); v++) if (atoms.get(v - 1).get(cls)) out.add(v);
        return out;
    }

    /**
     * dataset.json's "labels" (and "regions_class_order" when there are regions). nnU-Net turns predicted regions
     * back into a label map by painting them in the order of "labels", later over earlier, so regions that
     * enclose others (more atoms) come first; each paints the atom of its class alone if there is one, else its
     * smallest atom.
     */
    void writeLabels(ObjectNode datasetJson) {
        ObjectNode labels = datasetJson.putObject("labels");
        labels.put("background", 0);
        if (!regions()) {
            for (int c = 0; c < classes.size(); c++) labels.put(classes.get(c), valuesOf(c).get(0));
            return;
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) order.add(c);
        order.sort(Comparator.<Integer>comparingInt(c -> -valuesOf(c).size()).thenComparingInt(c -> c));
        ArrayNode paint = Jsonl.MAPPER.createArrayNode();
        for (int c : order) {
            ArrayNode values = labels.putArray(classes.get(c));
            List<Integer> vs = valuesOf(c);
            vs.forEach(values::add);
            paint.add(vs.stream().min(Comparator.<Integer>comparingInt(v -> atom(v).cardinality()).thenComparingInt(v -> v)).orElseThrow());
        }
        datasetJson.set("regions_class_order", paint);
    }
}
