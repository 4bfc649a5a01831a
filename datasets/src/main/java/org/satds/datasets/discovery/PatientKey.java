package org.satds.datasets.discovery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a record's patient is, for splits that must keep a patient's records on one side. Most published datasets
 * already give every record of one patient the same patient_id (BraTS modalities, CHAOS phases, autoPET studies);
 * some do not (ACDC: one id per cardiac frame; CMRxMotion: one per repeated scan), and some datasets share their
 * patients with another (the TotalSegmentator subsets, Couinaud_Liver and MSD_HepaticVessel).
 *
 * @param fromId  optional regex over the whole patient_id whose first group is the real patient
 *                ({@code (patient\d+)_frame\d+\.nii\.gz}); default: the patient_id itself
 * @param cohort  optional name shared by datasets holding the same patients; default: the dataset's own name
 */
public record PatientKey(String fromId, String cohort) {
    public PatientKey {
        if (fromId != null && Pattern.compile(fromId).matcher("").groupCount() < 1)
            throw new IllegalArgumentException("patient.from_id '" + fromId + "' needs a group: (...) is the patient");
    }

    /** The real patient of a patient_id, or null when the id does not have the form {@link #fromId} expects. */
    public String patient(String patientId) {
        if (fromId == null) return patientId;
        Matcher m = Pattern.compile(fromId).matcher(patientId);
        return m.matches() ? m.group(1) : null;
    }

    /** The group of datasets whose patient names are comparable. */
    public String cohortOf(String dataset) {
        return cohort == null ? dataset : cohort;
    }
}
