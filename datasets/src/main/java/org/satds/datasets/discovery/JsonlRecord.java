package org.satds.datasets.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One line of a dataset jsonl, with the key order of the published files. */
@JsonPropertyOrder({"image", "mask", "label", "modality", "dataset", "official_split", "patient_id"})
public record JsonlRecord(
        String image,
        String mask,
        List<String> label,
        String modality,
        String dataset,
        @JsonProperty("official_split") String officialSplit,
        @JsonProperty("patient_id") String patientId) {}
