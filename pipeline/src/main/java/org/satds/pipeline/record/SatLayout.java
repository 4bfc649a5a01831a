package org.satds.pipeline.record;

/**
 * Where SAT-DS's convert_to_npy.py puts a sample's files under the npy root, as path strings (a relative root
 * stays relative in the records, as the original writes them).
 */
public record SatLayout(String root) {
    /** TotalSegmentator's groups share one CT, so the original writes their images to one folder. */
    public String imageFolder(String dataset) {
        return join(root, dataset.contains("TotalSegmentator") ? "TotalSegmentator" : dataset, "renorm_image");
    }

    public String image(String dataset, String sampleId) {
        return join(imageFolder(dataset), sampleId + ".npy");
    }

    public String segmentationDir(String dataset, String sampleId) {
        return join(root, dataset, "renorm_segmentation", sampleId);
    }

    /** The union of all labels cropped to the roi box, which SAT's training loader reads for region crops. */
    public String unionMask(String dataset, String sampleId) {
        return segmentationDir(dataset, sampleId) + ".npy";
    }

    public String labelMask(String dataset, String sampleId, String label) {
        return join(segmentationDir(dataset, sampleId), label + ".npy");
    }

    /** Our addition: the record of a completely written sample, which lets a rerun skip it (see ConvertRunner). */
    public String manifest(String dataset, String sampleId) {
        return join(root, dataset, "renorm_manifest", sampleId + ".json");
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (b.length() > 0 && b.charAt(b.length() - 1) != '/') b.append('/');
            b.append(p);
        }
        return b.toString();
    }
}
