package org.satds.pipeline.merge;

import java.io.IOException;
import java.util.List;

/** Samples with the same (dataset, image, mask) met more than once while merging; one entry per repeat. */
public class DuplicateSampleException extends IOException {
    private final List<String> duplicates;

    public DuplicateSampleException(List<String> duplicates) {
        super(duplicates.size() + " duplicate sample(s), first: " + duplicates.get(0));
        this.duplicates = List.copyOf(duplicates);
    }

    /** "dataset | image | mask: file record i and file record j" for each repeat. */
    public List<String> duplicates() {
        return duplicates;
    }
}
