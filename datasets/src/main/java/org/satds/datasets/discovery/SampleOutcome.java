package org.satds.datasets.discovery;

/**
 * What became of one found sample (one variant of one matched file).
 *
 * @param found   the matched file
 * @param image   the image path the record has or would have had
 * @param skipped null when a record was written
 * @param why     details of the skip, null when a record was written
 */
public record SampleOutcome(String found, String image, SkipReason skipped, String why) {
    public boolean paired() {
        return skipped == null;
    }

    public enum SkipReason {
        MISSING_FILE,
        EMPTY_FILE,
        NO_SPLIT,
        CONVERSION_UNAVAILABLE,
        CONVERSION_FAILED,
        /** the same record came from an earlier file, e.g. from the raw and the already-converted copy of a scan */
        DUPLICATE_RECORD,
        /** {@link DiscoveryRule#firstSourceWins()}: an earlier sample rule already gave this patient */
        PATIENT_TAKEN_BY_EARLIER_SOURCE,
        /** {@link SampleRule#sameShape()}: the volumes' shapes differ (the sample is not one, as in the original) */
        SHAPE_MISMATCH,
        /** {@link SampleRule#sameShape()}: a volume's header could not be read (damaged file) */
        UNREADABLE_FILE,
        /** a file an earlier run converted from inputs that changed since: the sample rule that made it makes it again */
        OUTDATED_CONVERSION
    }
}
