package org.satds.datasets.discovery;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named conversion the processor needs before a record can point at its output, e.g.
 * {@code {kind: metaimage_to_nifti, from: [scan/{name}.mhd], to: scan/{name}.nii.gz}}.
 * An output that already exists is used as is, so a converted tree can be processed again without converters.
 *
 * @param kind     the conversion's name, looked up among the {@link Conversion}s given to the {@link Processor}
 * @param from     path templates of the inputs (files or folders, e.g. a DICOM series folder)
 * @param to       path template of the output
 * @param channels for a stack of per-label files ({@code stack_channels}): each label, in the order of the rule's
 *                 labels, to its file name template in the folder {@code from[0]}; the files follow {@code from}
 *                 among the conversion's inputs, and a missing one gives an empty channel
 */
public record ConversionStep(String kind, List<String> from, String to, Map<String, String> channels) {
    public ConversionStep {
        Objects.requireNonNull(kind, "convert.kind");
        Objects.requireNonNull(to, "convert.to");
        from = from == null ? List.of() : List.copyOf(from);
        channels = Collections.unmodifiableMap(channels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(channels));
    }

    public ConversionStep(String kind, List<String> from, String to) {
        this(kind, from, to, null);
    }
}
