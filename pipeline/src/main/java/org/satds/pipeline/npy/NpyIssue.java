package org.satds.pipeline.npy;

/** Why a converted sample fails the check: one per failing sample, naming the file at fault ("" for the record). */
public record NpyIssue(String dataset, String patientId, String file, String reason) {
    /** dataset, patient_id, file and reason, tab-separated: one report line. */
    public String line() {
        return String.join("\t", dataset, patientId, file, reason);
    }
}
