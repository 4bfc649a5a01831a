package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.satds.core.geom.Affine;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.Freshness;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.VolumeReader;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.LabelMask;
import org.satds.datasets.sample.NativeSample;
import org.satds.datasets.sample.NormalizedSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;
import org.satds.pipeline.visualize.Visualize;

/**
 * Writes records as a MONAI datalist (the layout {@code monai.data.load_decathlon_datalist} reads: "training",
 * "validation" and, when there are test cases, "test" lists of {"image", "label"} with paths relative to the json's
 * folder) with one image and
 * one label file per case. The label holds one 0/1 channel per class, (x, y, z, class) uint8, so merged and
 * overlapping classes (kidney = left + right kidney; BraTS's nested tumour regions) are channels of their own, as
 * SAT's own mask is; "classes" names the channels. In native space the image is the scan (hard-linked where it is a
 * single-channel .nii.gz) and the label lies on its grid; in normalized space both are the grid SAT trains on
 * (oriented, 1x1x3 mm, cropped to the foreground, intensities normalized), as NIfTI with that grid's affine. A rerun
 * writes only the cases whose inputs or record changed, or whose files are missing.
 */
public final class MonaiExport {
    public enum Space { NATIVE, NORMALIZED }

    /** Bump when a case is written differently from the same inputs, so that a rerun writes old cases again. */
    private static final int FORMAT = 1;

    /**
     * @param datalist  the json written
     * @param refusals  one line per record not exported, naming it and the reason
     * @param leftOut   records on neither side of the split
     */
    public record Result(Path datalist, int training, int validation, int test, List<String> refusals, List<ObjectNode> leftOut) {}

    /**
     * The split into training and test; validation patients taken out of training (null: none); folds of the
     * training patients as satds split --folds writes them, each training item marked with the fold that validates
     * it (null: none).
     */
    public record Plan(SplitResult sides, List<ObjectNode> validation, List<SplitSpec> folds) {}

    private final SampleLoader loader;
    private final Path dataBase;
    private final ConvertRunner.Options run;

    public MonaiExport(SampleLoader loader, Path dataBase, ConvertRunner.Options run) {
        this.loader = loader;
        this.dataBase = dataBase;
        this.run = run;
    }

    private record Item(String name, ObjectNode record, String list) {}

    public Result export(List<ObjectNode> records, Path out, Space space, Plan plan) throws IOException, InterruptedException {
        Set<ObjectNode> test = identitySet(plan.sides().test()), validation = identitySet(plan.validation() == null ? List.of() : plan.validation());
        Set<ObjectNode> included = identitySet(plan.sides().train());
        included.addAll(test);
        List<String> refusals = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<ObjectNode, ObjectNode> copyOf = new IdentityHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode input = records.get(i);
            if (!included.contains(input)) continue;
            ObjectNode record = input.deepCopy();
            SampleId.set(record, SampleId.of(record, i));
            String name = (record.path("dataset").asText() + "_" + record.get("sample_id").asText()).replaceAll("[^A-Za-z0-9._-]", "_");
            if (!names.add(name)) {
                refusals.add(name + ": another record has the same dataset and sample_id (" + record.path("image").asText() + ")");
                continue;
            }
            copyOf.put(input, record);
            items.add(new Item(name, record, test.contains(input) ? "test" : validation.contains(input) ? "validation" : "training"));
        }
        // the classes of every recipe, in order of first appearance: the label's channels
        Set<String> classSet = new LinkedHashSet<>();
        for (Item it : items) classSet.addAll(SampleLoader.outputNames(loader.recipe(new SampleRecord(it.record()))));
        List<String> classes = List.copyOf(classSet);

        ConvertRunner runner = ConvertRunner.withoutOutputs(new NpyConverter(loader, "", dataBase), run,
                (record, index, reader) -> writeCase(out, items.get(index), space, classes, reader), "export");
        ConvertRunner.Result result = runner.run(items.stream().map(Item::record).toList());
        for (ConvertRunner.Failure f : result.failures())
            refusals.add(items.get(f.index()).name() + ": " + String.valueOf(f.cause().getMessage()).replace('\n', ' '));

        Map<ObjectNode, Integer> foldOf = new IdentityHashMap<>();
        if (plan.folds() != null) {
            List<ObjectNode> training = new ArrayList<>();
            for (ObjectNode r : plan.sides().train()) if (copyOf.containsKey(r)) training.add(r);
            for (int k = 0; k < plan.folds().size(); k++)
                for (ObjectNode r : plan.folds().get(k).apply(training).test()) foldOf.putIfAbsent(copyOf.get(r), k);
        }
        ObjectNode json = Jsonl.MAPPER.createObjectNode();
        json.put("name", datasetName(items));
        json.put("space", space.name().toLowerCase(Locale.ROOT));
        ObjectNode labels = json.putObject("labels"); // the channels of each label file
        for (int c = 0; c < classes.size(); c++) labels.put(String.valueOf(c), classes.get(c));
        Map<String, ArrayNode> lists = Map.of("training", json.putArray("training"), "validation", json.putArray("validation"),
                "test", json.putArray("test"));
        int[] counts = new int[3];
        for (int i = 0; i < items.size(); i++) {
            if (!result.converted().containsKey(i)) continue;
            Item it = items.get(i);
            ObjectNode entry = lists.get(it.list()).addObject();
            entry.put("image", "images/" + it.name() + ".nii.gz");
            entry.put("label", "labels/" + it.name() + ".nii.gz");
            ArrayNode annotated = entry.putArray("classes"); // the channels this record's recipe annotates
            SampleLoader.outputNames(loader.recipe(new SampleRecord(it.record()))).forEach(n -> annotated.add(classes.indexOf(n)));
            entry.put("dataset", it.record().path("dataset").asText());
            entry.set("sample_id", it.record().get("sample_id"));
            if (it.record().has("patient_id")) entry.set("patient_id", it.record().get("patient_id"));
            if (plan.folds() != null && it.list().equals("training")) {
                Integer fold = foldOf.get(it.record());
                if (fold == null) refusals.add(it.name() + ": in no fold's validation set (patient " + it.record().path("patient_id") + ")");
                else entry.put("fold", fold);
            }
            counts[List.of("training", "validation", "test").indexOf(it.list())]++;
        }
        // load_decathlon_datalist(..., "test") reads test[0] before anything else, so an empty test list is left out
        if (json.get("test").isEmpty()) json.remove("test");
        Path datalist = out.resolve("datalist.json");
        AtomicFiles.writeString(datalist, Jsonl.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        return new Result(datalist, counts[0], counts[1], counts[2], refusals, plan.sides().unclassified());
    }

    private static Set<ObjectNode> identitySet(List<ObjectNode> records) {
        Set<ObjectNode> s = Collections.newSetFromMap(new IdentityHashMap<>());
        s.addAll(records);
        return s;
    }

    private static String datasetName(List<Item> items) {
        Set<String> datasets = new LinkedHashSet<>();
        for (Item it : items) datasets.add(it.record().path("dataset").asText());
        return datasets.size() == 1 ? datasets.iterator().next() : "SATDS";
    }

    /**
     * Writes a case's image and label, then its sidecar {@code .satds/<case>.json} last; a rerun keeps a case whose
     * sidecar is current (same inputs, record, space and channels) and whose files are there.
     */
    private ObjectNode writeCase(Path out, Item it, Space space, List<String> classes, VolumeReader reader) throws IOException {
        Path image = out.resolve("images").resolve(it.name() + ".nii.gz"), label = out.resolve("labels").resolve(it.name() + ".nii.gz");
        Path sidecar = out.resolve(NnUnetExport.SIDECARS).resolve(it.name() + ".json");
        SampleRecord rec = new SampleRecord(it.record());
        String key = Freshness.stamp(loader.inputs(rec, dataBase).stream().map(SampleLoader.Input::file).toList(),
                "monai export format " + FORMAT + "\n" + space + "\n" + classes + "\n" + Jsonl.dumps(it.record()));
        ObjectNode previous = NnUnetExport.readSidecar(sidecar);
        if (previous != null && Freshness.current(previous.path("key").textValue(), key) && Files.exists(image) && Files.exists(label))
            return previous;
        Files.deleteIfExists(sidecar);
        byte[][] channels = new byte[classes.size()][];
        int[] shape;
        Affine affine;
        String how;
        if (space == Space.NATIVE) {
            NativeSample s = NativeSample.load(loader, rec, dataBase, reader);
            shape = s.shape();
            affine = s.image().affine();
            for (LabelMask m : s.masks()) channels[classes.indexOf(m.name())] = Visualize.xFastest(m.full(shape), shape);
            how = NnUnetExport.writeImage(image, s);
        } else {
            NormalizedSample s = loader.load(rec, dataBase, reader);
            shape = s.shape();
            affine = s.affine();
            for (LabelMask m : s.masks()) channels[classes.indexOf(m.name())] = Visualize.xFastest(m.full(shape), shape);
            NiftiWriter.write(image, Volume.ofFloats(shape, affine, Visualize.xFastest(s.image(), shape)), DataType.FLOAT32);
            how = "written";
        }
        int voxels = shape[0] * shape[1] * shape[2];
        for (int c = 0; c < channels.length; c++) if (channels[c] == null) channels[c] = new byte[voxels]; // not this recipe's class
        NiftiWriter.write(label, Volume.ofBytes(shape, affine, channels), DataType.UINT8);
        ObjectNode done = Jsonl.MAPPER.createObjectNode();
        done.put("key", key);
        done.put("image", how);
        AtomicFiles.writeString(sidecar, Jsonl.dumps(done) + "\n");
        return done;
    }
}
