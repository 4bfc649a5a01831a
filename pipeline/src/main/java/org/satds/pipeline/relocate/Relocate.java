package org.satds.pipeline.relocate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.record.ConvertedRecord;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.record.SatLayout;

/**
 * Points a converted jsonl at an npy folder that moved: each record's renorm_image and renorm_segmentation_dir are
 * rebuilt under the new root from its dataset and sample_id (the layout convert writes), and every file the record
 * names must be there. Needs neither the raw data nor a rerun; the manifests in the folder stay valid, as they
 * name their outputs below the root.
 */
public final class Relocate {
    private static final int MAX_MISSING_LISTED = 5;

    private Relocate() {}

    /** The records with their paths under {@code newRoot}; fails naming missing files (and their lines) if any. */
    public static List<ObjectNode> relocate(List<ObjectNode> converted, String newRoot, String source) throws IOException {
        SatLayout layout = new SatLayout(newRoot);
        List<ObjectNode> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < converted.size(); i++) {
            ObjectNode r = converted.get(i).deepCopy();
            if (!r.has("renorm_image") || !r.has("renorm_segmentation_dir"))
                throw new IOException(source + ":" + (i + 1) + ": not a converted record (no renorm_image / renorm_segmentation_dir)");
            String dataset = new SampleRecord(r).dataset(), id = SampleId.of(r, i);
            ConvertedRecord.putPaths(r, layout, dataset, id);
            for (Path f : ConvertedRecord.outputFiles(r))
                if (!Files.isRegularFile(f)) missing.add(source + ":" + (i + 1) + ": " + f);
            out.add(r);
        }
        if (!missing.isEmpty())
            throw new IOException(missing.size() + " files the records name are not under " + newRoot + ", e.g. "
                    + String.join("; ", missing.subList(0, Math.min(MAX_MISSING_LISTED, missing.size())))
                    + " (is it the folder convert wrote, given as --npy-root?)");
        return out;
    }
}
