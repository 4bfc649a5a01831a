package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.PredictionLayout;

/**
 * nnU-Net's predictions of an exported dataset (one label map per case, in the case's native geometry) as one
 * 0/1 mask per SAT-DS class, {@code OUT/<dataset>/<sample_id>/<label>.nii.gz}: the layout native-space scoring
 * reads. A class is the voxels whose value dataset.json lists for it.
 */
public final class NnUnetMasks {
    /** The field of satds_imagesT?.jsonl that names a record's nnU-Net case. */
    public static final String CASE_FIELD = "nnunet_case";

    /** @param missing one line per case without a prediction file */
    public record Result(int cases, int masks, List<String> missing) {}

    private NnUnetMasks() {}

    /**
     * @param datasetFolder the exported Dataset&lt;NNN&gt;_&lt;NAME&gt; folder (for dataset.json)
     * @param cases         satds_imagesTs.jsonl (or Tr) of that folder
     * @param predictions   nnUNetv2_predict's output folder
     */
    public static Result write(Path datasetFolder, Path cases, Path predictions, Path out) throws IOException {
        JsonNode labels = Jsonl.MAPPER.readTree(Files.readAllBytes(datasetFolder.resolve("dataset.json"))).get("labels");
        List<String> missing = new ArrayList<>();
        int done = 0, masks = 0;
        for (ObjectNode record : Jsonl.read(cases)) {
            String caseName = record.path(CASE_FIELD).asText();
            Path pred = predictions.resolve(caseName + NnUnetExport.FILE_ENDING);
            if (!Files.isRegularFile(pred)) {
                missing.add(caseName + ": no prediction " + pred);
                continue;
            }
            Volume map = NiftiReader.read(pred, ReadOptions.IMAGE);
            float[] values = map.floats(0);
            String dataset = record.path("dataset").asText(), id = record.path("sample_id").asText();
            for (JsonNode labelName : record.path("label")) {
                String name = labelName.asText();
                Set<Integer> atoms = atoms(labels.get(name));
                byte[] mask = new byte[values.length];
                for (int i = 0; i < mask.length; i++) if (atoms.contains((int) values[i])) mask[i] = 1;
                NiftiWriter.write(PredictionLayout.restored(out).labelFile(dataset, id, name), Volume.ofBytes(map.shape(), map.affine(), mask), DataType.UINT8);
                masks++;
            }
            done++;
        }
        return new Result(done, masks, missing);
    }

    private static Set<Integer> atoms(JsonNode declared) {
        Set<Integer> out = new HashSet<>();
        if (declared == null) return out; // a class the export does not know: an empty mask
        if (declared.isArray()) declared.forEach(v -> out.add(v.asInt()));
        else out.add(declared.asInt());
        return out;
    }
}
