package org.satds.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.RecordCheck;
import org.satds.datasets.sample.SampleMasks;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.npy.ConvertedSample;
import org.satds.pipeline.npy.NpyLoader;
import org.satds.pipeline.visualize.Visualize;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = "Write one sample as NIfTI (img, seg, one file per class), per-slice overlay PNGs and a montage PNG.")
final class VisualizeCommand implements Callable<Integer> {
    @Option(names = "--jsonl", required = true, description = "raw jsonl (normalized on the fly), converted jsonl, or restore's restored.jsonl "
            + "(the native scan with the restored masks, and the ground truth as outlines where the record has a mask)")
    Path jsonl;

    @Mixin
    LoaderOptions source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--index", description = "record number (0-based)")
        Integer index;

        @Option(names = "--patient", description = "patient_id of the record")
        String patient;
    }

    @Option(names = "--out", required = true, description = "folder to write into")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<ObjectNode> records = Jsonl.read(jsonl);
        ObjectNode record = pick(records);
        if (Visualize.isRestored(record)) {
            Visualize.writeRestored(out, record, source.loader(), source.base());
        } else if (record.has("renorm_image")) {
            ConvertedSample s = NpyLoader.load(record, source.base());
            Visualize.write(out, s.image(), s.hwd(), s.masks(), s.labels(),
                    Visualize.normalizedAffine(record, source.loader()),
                    Visualize.caption(record, source.loader().recipes(), s.labels().size()));
        } else {
            RecordCheck check = new RecordCheck(source.loader().recipes(), false);
            List<String> problems = check.problems(record);
            if (!problems.isEmpty()) throw new IllegalArgumentException(jsonl + ": the record cannot be used: " + String.join("; ", problems));
            check.canonicalDataset(record.get("dataset").asText()).ifPresent(d -> record.put("dataset", d));
            NormalizedSample s = source.loader().load(new SampleRecord(record), source.base());
            Visualize.write(out, s.image(), s.shape(), SampleMasks.full(s), s.labels(), s.affine(),
                    Visualize.caption(record, source.loader().recipes(), s.labels().size()));
        }
        System.out.println("wrote " + out.resolve("montage.png") + ", slices/, img.nii.gz, seg.nii.gz, seg_labels.txt");
        return 0;
    }

    private ObjectNode pick(List<ObjectNode> records) {
        if (which.index != null) {
            if (which.index < 0 || which.index >= records.size())
                throw new IllegalArgumentException(jsonl + " has " + records.size() + " records, no index " + which.index);
            return records.get(which.index);
        }
        return records.stream().filter(r -> which.patient.equals(r.path("patient_id").asText()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(jsonl + " has no record of patient " + which.patient));
    }
}
