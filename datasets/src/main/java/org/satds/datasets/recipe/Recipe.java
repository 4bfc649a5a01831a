package org.satds.datasets.recipe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one dataset turns its files into a normalized sample: a declarative definition read from YAML.
 *
 * @param dataset      the dataset name (the records' "dataset" field)
 * @param modality     CT (clip [-500, 1000]) or MRI / PET (0.5-99.5 percentile clip), then z-score
 * @param orientation  target axis codes (RAS, ASR, IPL, LPS), or "none" to keep the stored orientation
 * @param mask         "values": the mask is one integer label map; "channels": a channel-first file, one
 *                     channel per class
 * @param rescale      min-max rescale the stacked label channels before the 0.5 threshold (the original does
 *                     this for some datasets; it matters for masks stored as 0/255)
 * @param threshold    binarize with > 0.5 (else any non-zero value counts)
 * @param imageChannel for 4D images addressed as "file.nii.gz/SUFFIX": suffix -> channel index
 * @param labels       output labels in order, named as SAT's vocabulary names them; each is built from sources:
 *                     integer values of the label map, channel indices of a channel-first mask, or "raw" (the
 *                     map's own values)
 * @param notes        free text shown by {@code satds datasets NAME}
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Recipe(
        String dataset,
        String modality,
        String orientation,
        String mask,
        boolean rescale,
        @JsonProperty(defaultValue = "true") Boolean threshold,
        @JsonProperty("image_channel") Map<String, Integer> imageChannel,
        List<Label> labels,
        String notes) {

    /**
     * One output class and the sources whose sum makes it.
     *
     * @param original the sources the original loader used instead, where its output differs from ours in a way
     *                 that changes published SAT data (docs/deviations.md); null elsewhere. Only
     *                 {@code SampleLoader.Compat.ORIGINAL} reads it. {@code aliases} are other names the
     *                 original's processor gave the class (e.g. 'left ventricle cavity'); in ORIGINAL mode a
     *                 record that uses one keeps it, as the original loader kept the record's names.
     */
    public record Label(String name, List<Object> sources, List<Object> original, List<String> aliases) {
        public Label(String name, List<Object> sources) {
            this(name, sources, null, null);
        }
    }

    /** This recipe with each label's {@code original} sources in place of its own. */
    public Recipe asOriginal() {
        List<Label> orig = labels.stream().map(l -> l.original() == null ? l : new Label(l.name(), l.original(), null, l.aliases())).toList();
        return new Recipe(dataset, modality, orientation, mask, rescale, threshold, imageChannel, orig, notes);
    }

    /**
     * The merged classes: label index to the indices of its parts, where a label's sources are exactly the union of
     * the sources of two or more other labels (ACDC "heart ventricle" = left + right ventricle, BraTS "brain tumor").
     * A picture paints the parts and lists the merged class, so that every colour matches one legend entry.
     */
    public Map<Integer, List<Integer>> mergedLabels() {
        Map<Integer, List<Integer>> merged = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Set<Object> whole = sourceSet(labels.get(i)), covered = new HashSet<>();
            List<Integer> parts = new ArrayList<>();
            for (int j = 0; j < labels.size(); j++) {
                Set<Object> part = sourceSet(labels.get(j));
                if (j != i && whole.containsAll(part) && part.size() < whole.size()) {
                    parts.add(j);
                    covered.addAll(part);
                }
            }
            if (parts.size() >= 2 && covered.equals(whole)) merged.put(i, parts);
        }
        return merged;
    }

    /** Sources compared by value: 1 and 1.0 are one label value. */
    private static Set<Object> sourceSet(Label l) {
        Set<Object> s = new HashSet<>();
        for (Object o : l.sources()) s.add(o instanceof Number n ? (Object) n.doubleValue() : o);
        return s;
    }

    public boolean isCt() {
        return "CT".equalsIgnoreCase(modality);
    }

    public boolean channelMask() {
        return "channels".equals(mask);
    }

    /** Axis codes, or null when the recipe keeps the stored orientation. */
    public String axisCodes() {
        return orientation == null || orientation.equalsIgnoreCase("none") ? null : orientation;
    }

    public boolean thresholds() {
        return threshold == null || threshold;
    }
}
