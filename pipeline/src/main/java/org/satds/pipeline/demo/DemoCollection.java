package org.satds.pipeline.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.pipeline.split.SplitSpec;

/**
 * The demo's synthetic collection: phantoms written at the real raw-download paths of a few datasets, under
 * {@code <root>/data/nii/<folder>}, with patient ids taken from the paper's split so that the default split
 * classifies them.
 */
public final class DemoCollection {
    /**
     * One dataset of the demo: its modality, label count and grid, and where a patient's image and mask go
     * (relative to the dataset folder) given the patient id and whether it is a training case. With
     * {@code organFiles}, the mask path is a folder that gets one binary file per structure instead (value i + 1
     * into organFiles[i]), as TotalSegmentator ships it, so that processing must stack them into a channel-first mask.
     */
    public record Entry(String dataset, String folder, String modality, int labels, int[] shape, double[] spacing,
                        BiFunction<String, Boolean, String[]> paths, List<String> organFiles) {
        Entry(String dataset, String folder, String modality, int labels, int[] shape, double[] spacing,
              BiFunction<String, Boolean, String[]> paths) {
            this(dataset, folder, modality, labels, shape, spacing, paths, null);
        }
    }

    public static final List<Entry> ENTRIES = List.of(
        new Entry("AbdomenCT1K", "AbdomenCT-1K", "CT", 4, new int[] {96, 96, 40}, new double[] {0.8, 0.8, 2.5}, (id, train) -> {
            String c = id.replace("_0000.nii.gz", "");
            return new String[] {"Images/" + c + "_0000.nii.gz", "Masks/" + c + ".nii.gz"};
        }),
        new Entry("ACDC", "ACDC/database", "MRI", 3, new int[] {80, 80, 12}, new double[] {1.4, 1.4, 10}, (id, train) -> {
            String frame = id.replace(".nii.gz", ""), patient = frame.substring(0, frame.indexOf('_'));
            String part = train ? "training" : "testing";
            return new String[] {part + "/" + patient + "/" + frame + ".nii.gz", part + "/" + patient + "/" + frame + "_gt.nii.gz"};
        }),
        new Entry("Hecktor2022", "Hecktor2022", "PET", 2, new int[] {64, 64, 48}, new double[] {4, 4, 3}, (id, train) -> new String[] {
            "hecktor2022_training/hecktor2022/imagesTr_resampled/" + id + "__PT.nii.gz",
            "hecktor2022_training/hecktor2022/labelsTr_resampled/" + id + ".nii.gz"}),
        new Entry("TotalSegmentator_Organs", "Totalsegmentator_dataset", "CT", 6, new int[] {64, 64, 48}, new double[] {1.5, 1.5, 1.5},
            (id, train) -> new String[] {id + "/ct.nii.gz", id + "/segmentations"},
            List.of("liver", "kidney_left", "spleen", "pancreas", "stomach", "gallbladder")));

    private DemoCollection() {}

    /** Writes {@code perDataset} patients of every entry (at least one test patient each); returns the files written. */
    public static int write(Path root, int perDataset) throws IOException {
        int files = 0;
        long seed = 1;
        for (Entry e : ENTRIES) {
            SplitSpec split = SplitSpec.paper(e.dataset());
            List<String[]> patients = new ArrayList<>();
            for (int i = 0; i < perDataset - 1 && i < split.train().size(); i++) patients.add(new String[] {id(split.train().get(i)), "train"});
            if (!split.test().isEmpty()) patients.add(new String[] {id(split.test().get(0)), "test"});
            Path folder = root.resolve("data/nii").resolve(e.folder());
            for (String[] p : patients) {
                String[] rel = e.paths().apply(p[0], p[1].equals("train"));
                Path mask = e.organFiles() == null ? folder.resolve(rel[1]) : folder.resolve(rel[1] + ".labelmap.nii.gz");
                Phantom.write(folder.resolve(rel[0]), mask, e.shape(), e.spacing(), e.modality(), e.labels(), seed++);
                files += e.organFiles() == null ? 2 : 1 + splitIntoOrganFiles(mask, folder.resolve(rel[1]), e.organFiles());
            }
        }
        return files;
    }

    /** One binary uint8 file per structure, then the label map is removed: the raw layout has only the files. */
    private static int splitIntoOrganFiles(Path labelMap, Path folder, List<String> organs) throws IOException {
        Volume map = NiftiReader.read(labelMap, ReadOptions.MASK);
        byte[] values = map.bytes(0);
        for (int o = 0; o < organs.size(); o++) {
            byte[] organ = new byte[values.length];
            for (int i = 0; i < values.length; i++) organ[i] = (byte) (values[i] == o + 1 ? 1 : 0);
            NiftiWriter.write(folder.resolve(organs.get(o) + ".nii.gz"), Volume.ofBytes(map.shape(), map.affine(), organ), DataType.UINT8);
        }
        Files.delete(labelMap);
        return organs.size();
    }

    private static String id(JsonNode n) {
        return n.asText();
    }
}
