package org.satds.pipeline.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.satds.core.io.AtomicFiles;
import org.satds.core.io.DataType;
import org.satds.core.io.Freshness;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.volume.Volume;
import org.satds.datasets.recipe.Recipe;
import org.satds.datasets.sample.NativeSample;
import org.satds.datasets.sample.SampleLoader;
import org.satds.datasets.sample.SampleRecord;
import org.satds.pipeline.convert.NpyConverter;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.record.SampleId;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitResult;
import org.satds.pipeline.split.SplitSpec;

/**
 * Writes records as an nnU-Net v2 raw dataset (documentation/dataset_format.md of MIC-DKFZ/nnUNet):
 * {@code Dataset<NNN>_<NAME>/imagesTr/<case>_0000.nii.gz}, {@code labelsTr/<case>.nii.gz}, imagesTs/labelsTs for
 * the test split, and dataset.json. Images stay in their native geometry (nnU-Net resamples itself); labels are
 * the recipe's classes on the image's grid, as atoms and regions where classes overlap ({@link Atoms}).
 *
 * <p>Cases run on the {@link ConvertRunner} (parallel, memory budget, shared files decoded once). Each case's
 * files are written atomically and a sidecar {@code .satds/<case>.json} last, so a rerun skips complete cases.
 * Sets of classes that only the data shows are numbered once all cases are done, and the few label maps whose
 * numbering changes are rewritten then.
 */
public final class NnUnetExport {
    /** The reader nnU-Net uses: nibabel without reorientation reads the affine our loader reads and writes
     * predictions back with it unchanged (NibabelIOWithReorient round-trips through RAS and SimpleITKIO uses the
     * qform only). */
    public static final String READER = "NibabelIO";
    public static final String FILE_ENDING = ".nii.gz";
    /** Bump when the export writes different files for the same inputs, so that written cases are redone. */
    static final int FORMAT = 1;
    static final String SIDECARS = ".satds";

    /** nnU-Net's numpy.allclose tolerances (verify_dataset_integrity.py). */
    static final double RTOL = 1e-5, ATOL = 1e-8;

    /**
     * @param folder     the dataset folder written
     * @param training   cases in imagesTr/labelsTr
     * @param test       cases in imagesTs/labelsTs
     * @param refusals   one line per record not exported, naming the case and the reason
     * @param leftOut    records in neither list of the split
     */
    public record Result(Path folder, int training, int test, List<String> refusals, List<ObjectNode> leftOut) {}

    /**
     * What to export besides the records: their split into training and test, the sequences that become channels of
     * one case (null: one case per record, one channel), and cross-validation folds of patient ids, as {@code satds
     * split --folds} writes them (null: none), which become the dataset's splits_final.json in case ids.
     */
    public record Plan(SplitResult sides, Channels channels, List<SplitSpec> folds) {}

    private final SampleLoader loader;
    private final Path dataBase;
    private final ConvertRunner.Options run;

    /** @param dataBase folder relative record paths start from (null: the working directory) */
    public NnUnetExport(SampleLoader loader, Path dataBase, ConvertRunner.Options run) {
        this.loader = loader;
        this.dataBase = dataBase;
        this.run = run;
    }

    /** The folder nnU-Net expects: Dataset + the id in three digits + _ + the name. */
    public static Path folder(Path out, int id, String name) {
        if (id < 1 || id > 999) throw new IllegalArgumentException("nnU-Net dataset ids are 1 to 999, not " + id);
        if (!name.matches("[A-Za-z0-9_\\-]+")) throw new IllegalArgumentException("dataset name '" + name + "' must be letters, digits, _ or -");
        return out.resolve(String.format(Locale.ROOT, "Dataset%03d_%s", id, name));
    }

    /** The default name: the records' dataset, or SATDS for a collection. */
    public static String defaultName(List<ObjectNode> records) {
        Set<String> datasets = new LinkedHashSet<>();
        for (ObjectNode r : records) datasets.add(r.path("dataset").asText());
        return datasets.size() == 1 ? datasets.iterator().next() : "SATDS";
    }

    /**
     * Splits records by "paper" (the paper's patient split, dataset by dataset), "none" (all training) or the
     * path of a split json of the published layout.
     */
    public static SplitResult split(List<ObjectNode> records, String split) throws IOException {
        if (split.equals("none")) return new SplitResult(records, List.of(), List.of());
        if (!split.equals("paper")) return SplitSpec.read(Path.of(split)).apply(records);
        Map<String, List<ObjectNode>> byDataset = new LinkedHashMap<>();
        for (ObjectNode r : records) byDataset.computeIfAbsent(r.path("dataset").asText(), d -> new ArrayList<>()).add(r);
        List<ObjectNode> train = new ArrayList<>(), test = new ArrayList<>(), none = new ArrayList<>();
        for (var e : byDataset.entrySet()) {
            SplitResult r = SplitSpec.paper(e.getKey()).apply(e.getValue());
            train.addAll(r.train());
            test.addAll(r.test());
            none.addAll(r.unclassified());
        }
        return new SplitResult(train, test, none);
    }

    /**
     * A case to write: its name, its record (with sample_id; its image is channel 0 and its classes the label), the
     * records of its further channels, and whether it is a test case.
     */
    private record Case(String name, ObjectNode record, List<ObjectNode> channels, boolean test) {
        String images() { return test ? "imagesTs" : "imagesTr"; }

        String labels() { return test ? "labelsTs" : "labelsTr"; }

        /** The image file of channel k, as nnU-Net names it. */
        String image(int k) {
            return images() + "/" + name + String.format(Locale.ROOT, "_%04d", k) + FILE_ENDING;
        }

        List<ObjectNode> allRecords() {
            List<ObjectNode> all = new ArrayList<>(List.of(record));
            all.addAll(channels);
            return all;
        }
    }

    public Result export(List<ObjectNode> records, Path out, int id, String name, String split) throws IOException, InterruptedException {
        return export(records, out, id, name, new Plan(split(records, split), null, null));
    }

    public Result export(List<ObjectNode> records, Path out, int id, String name, Plan plan) throws IOException, InterruptedException {
        Path folder = folder(out, id, name);
        SplitResult sides = plan.sides();
        List<String> refusals = new ArrayList<>();
        List<String> channelNames = new ArrayList<>();
        List<Case> cases = cases(records, sides, plan.channels(), channelNames, refusals);

        List<Recipe> recipes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Case c : cases) if (seen.add(c.record().path("dataset").asText())) recipes.add(loader.recipe(new SampleRecord(c.record())));
        Atoms implied = new Atoms(recipes);
        String key = fingerprint(implied);

        List<ObjectNode> toRun = cases.stream().map(Case::record).toList();
        Map<ObjectNode, Case> caseOf = new IdentityHashMap<>();
        for (Case c : cases) caseOf.put(c.record(), c);
        NpyConverter converter = new NpyConverter(loader, "", dataBase);
        // a case reads every channel's files, so the runner decodes a shared mask once and budgets for all of them
        ConvertRunner runner = ConvertRunner.withoutOutputs(
                record -> caseOf.get(record).allRecords().stream().flatMap(r -> converter.inputs(r).stream()).toList(), run,
                (record, index, reader) -> writeCase(folder, cases.get(index), implied, key, reader), "export");
        ConvertRunner.Result result = runner.run(toRun);
        for (ConvertRunner.Failure f : result.failures())
            refusals.add(cases.get(f.index()).name() + ": " + oneLine(f.cause()));

        Map<Case, ObjectNode> done = new LinkedHashMap<>();
        result.converted().forEach((i, sidecar) -> done.put(cases.get(i), sidecar));
        Atoms atoms = implied.withObserved(done.values().stream().flatMap(s -> sets(s, implied).stream()).toList());
        for (var e : done.entrySet()) renumber(folder, e.getKey(), e.getValue(), implied, atoms);
        removeStale(folder, done.keySet());
        writeDatasetJson(folder, name, atoms, done.keySet(), channelNames);
        writeCaseLists(folder, done.keySet());
        if (plan.folds() != null) writeSplits(folder, plan.folds(), done.keySet(), refusals);
        int test = (int) done.keySet().stream().filter(Case::test).count();
        return new Result(folder, done.size() - test, test, refusals, sides.unclassified());
    }

    /**
     * Names cases "<dataset>_<sample_id>" (characters nnU-Net's file names do not want become _; with channels, the
     * sample_id of the case's channel 0); refuses repeats. With channels, fills {@code channelNames}.
     */
    private List<Case> cases(List<ObjectNode> records, SplitResult sides, Channels channels, List<String> channelNames,
                             List<String> refusals) {
        Set<ObjectNode> test = Collections.newSetFromMap(new IdentityHashMap<>());
        test.addAll(sides.test());
        Set<ObjectNode> included = Collections.newSetFromMap(new IdentityHashMap<>());
        included.addAll(sides.train());
        included.addAll(sides.test());
        List<ObjectNode> kept = new ArrayList<>();
        Set<ObjectNode> testCopies = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < records.size(); i++) {
            ObjectNode input = records.get(i);
            if (!included.contains(input)) continue;
            ObjectNode record = input.deepCopy();
            SampleId.set(record, SampleId.of(record, i));
            kept.add(record);
            if (test.contains(input)) testCopies.add(record);
        }
        List<List<ObjectNode>> groups = kept.stream().map(List::of).toList();
        if (channels != null) {
            Channels.Grouping g = channels.group(kept, loader, refusals);
            groups = g.groups().stream().map(Channels.Group::records).toList();
            if (g.names().size() > 1) channelNames.addAll(g.names()); // one sequence: named by its modality, as without channels
        }
        List<Case> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (List<ObjectNode> group : groups) {
            ObjectNode record = group.get(0);
            String name = (record.path("dataset").asText() + "_" + record.get("sample_id").asText()).replaceAll("[^A-Za-z0-9._-]", "_");
            if (!names.add(name)) {
                refusals.add(name + ": another record has the same dataset and sample_id (" + record.path("image").asText() + ")");
                continue;
            }
            out.add(new Case(name, record, group.subList(1, group.size()), testCopies.contains(record)));
        }
        return out;
    }

    /** What makes a written case current: its record, its side, and the atoms the recipes imply. */
    private static String fingerprint(Atoms implied) {
        List<List<String>> atoms = new ArrayList<>();
        for (int v = 1; v <= implied.size(); v++) atoms.add(names(implied, implied.atom(v)));
        return atoms.toString();
    }

    private static List<String> names(Atoms atoms, BitSet set) {
        return set.stream().mapToObj(atoms.classes()::get).toList();
    }

    private ObjectNode writeCase(Path folder, Case c, Atoms implied, String atomsKey, VolumeReader reader)
            throws IOException {
        Path image = folder.resolve(c.image(0));
        Path label = folder.resolve(c.labels()).resolve(c.name() + FILE_ENDING);
        Path sidecar = folder.resolve(SIDECARS).resolve(c.name() + ".json");
        SampleRecord rec = new SampleRecord(c.record());
        List<Path> inputs = new ArrayList<>();
        loader.inputs(rec, dataBase).forEach(in -> inputs.add(in.file()));
        StringBuilder rules = new StringBuilder("nnunet export format " + FORMAT + "\n" + Jsonl.dumps(c.record()) + "\n" + c.images() + "\n" + atomsKey);
        for (ObjectNode channel : c.channels()) { // the case's further channels: their records and images count too
            rules.append('\n').append(Jsonl.dumps(channel));
            inputs.add(loader.inputs(new SampleRecord(channel), dataBase).get(0).file());
        }
        String key = Freshness.stamp(inputs, rules.toString());
        ObjectNode previous = readSidecar(sidecar);
        if (previous != null && Freshness.current(previous.path("key").textValue(), key) && Files.exists(label)
                && IntStream.rangeClosed(0, c.channels().size()).allMatch(k -> Files.exists(folder.resolve(c.image(k)))))
            return previous;
        Files.deleteIfExists(sidecar);

        NativeSample s = NativeSample.load(loader, rec, dataBase, reader);
        float[] voxels = s.image().floats(0);
        for (float v : voxels) if (Float.isNaN(v)) throw new IOException(s.imageFile() + ": image has NaN voxels, which nnU-Net refuses");
        CaseLabels labels = CaseLabels.of(s.masks(), implied, s.shape());
        Atoms local = implied.withObserved(labels.present());
        writeLabel(label, labels.values(local), s.image(), local.size());
        String how = writeImage(image, s);
        for (int k = 1; k <= c.channels().size(); k++) {
            NativeSample other = NativeSample.imageOnly(loader, new SampleRecord(c.channels().get(k - 1)), dataBase, reader);
            sameGrid(s, other);
            how += ", " + writeImage(folder.resolve(c.image(k)), other);
        }

        ObjectNode out = Jsonl.MAPPER.createObjectNode();
        out.put("key", key);
        out.put("image", how);
        out.set("observed_sets", observedSets(local));
        AtomicFiles.writeString(sidecar, Jsonl.dumps(out) + "\n");
        return out;
    }

    /** The sets beyond the implied atoms, by class names, as sidecars list them. */
    private static ArrayNode observedSets(Atoms atoms) {
        ArrayNode sets = Jsonl.MAPPER.createArrayNode();
        for (BitSet set : atoms.observed()) {
            ArrayNode a = sets.addArray();
            names(atoms, set).forEach(a::add);
        }
        return sets;
    }

    static ObjectNode readSidecar(Path sidecar) {
        try {
            return Files.exists(sidecar) ? (ObjectNode) Jsonl.MAPPER.readTree(Files.readAllBytes(sidecar)) : null;
        } catch (IOException | ClassCastException e) {
            return null; // unreadable: the case is written again
        }
    }

    /** The sets of classes a sidecar lists beyond the implied atoms. */
    private static List<BitSet> sets(ObjectNode sidecar, Atoms atoms) {
        List<BitSet> out = new ArrayList<>();
        for (JsonNode set : sidecar.path("observed_sets")) {
            BitSet b = new BitSet();
            set.forEach(n -> b.set(atoms.classIndex(n.asText())));
            out.add(b);
        }
        return out;
    }

    /** Labels are uint8, or uint16 beyond 255 atoms, on the image's grid with the image's affine. */
    private static void writeLabel(Path file, int[] values, Volume image, int atoms) throws IOException {
        if (atoms <= 255) {
            byte[] b = new byte[values.length];
            for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
            NiftiWriter.write(file, Volume.ofBytes(image.shape(), image.affine(), b), DataType.UINT8);
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) f[i] = values[i];
            NiftiWriter.write(file, Volume.ofFloats(image.shape(), image.affine(), f), DataType.UINT16);
        }
    }

    /**
     * A single-channel .nii.gz whose header voxel sizes agree with its affine (so with the label's, which we write
     * from the affine) is hard-linked, or copied across file systems; anything else is written as NIfTI with the
     * geometry the loader read: int16 when every voxel is an integer in range, else float32.
     */
    static String writeImage(Path target, NativeSample s) throws IOException {
        if (linkable(s)) {
            Path tmp = target.resolveSibling("." + target.getFileName() + ".link.tmp");
            try {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(tmp);
                Files.createLink(tmp, s.imageFile().toAbsolutePath());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return "linked";
            } catch (IOException | UnsupportedOperationException e) {
                Files.deleteIfExists(tmp);
                AtomicFiles.write(target, out -> Files.copy(s.imageFile(), out));
                return "copied";
            }
        }
        float[] v = s.image().floats(0);
        boolean int16 = true;
        for (float x : v) if (x != Math.rint(x) || x < Short.MIN_VALUE || x > Short.MAX_VALUE) { int16 = false; break; }
        NiftiWriter.write(target, s.image(), int16 ? DataType.INT16 : DataType.FLOAT32);
        return "written";
    }

    /** nnU-Net refuses channels whose shape or spacing differ from the label's (check_cases). */
    private static void sameGrid(NativeSample first, NativeSample other) throws IOException {
        double[] a = first.image().affine().spacing(), b = other.image().affine().spacing();
        boolean spacing = true;
        for (int d = 0; d < 3; d++) spacing &= allclose(b[d], a[d]);
        if (!Arrays.equals(first.shape(), other.shape()) || !spacing)
            throw new IOException(other.imageFile() + ": shape " + Arrays.toString(other.shape()) + " and spacing " + Arrays.toString(b)
                    + " differ from " + first.imageFile().getFileName() + "'s " + Arrays.toString(first.shape()) + ", " + Arrays.toString(a)
                    + "; the sequences of one case must share a grid");
    }

    private static boolean linkable(NativeSample s) throws IOException {
        if (s.channel() >= 0 || !s.imageFile().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(FILE_ENDING)) return false;
        NiftiHeader h = NiftiReader.readHeader(s.imageFile());
        if (h.dim[0] != 3) return false; // nnU-Net's NibabelIO reads 3D arrays only (a trailing axis of 1 included)
        double[] spacing = s.image().affine().spacing();
        for (int d = 0; d < 3; d++) if (!allclose(h.pixdim[d + 1], (float) spacing[d])) return false;
        return true;
    }

    /** numpy.isclose(a, b) with its default tolerances, as nnU-Net's checks use them. */
    static boolean allclose(double a, double b) {
        return Math.abs(a - b) <= ATOL + RTOL * Math.abs(b);
    }

    /** Rewrites a label map whose numbering of observed sets differs from the final one. */
    private static void renumber(Path folder, Case c, ObjectNode sidecar, Atoms implied, Atoms atoms) throws IOException {
        Atoms local = implied.withObserved(sets(sidecar, implied));
        int[] map = new int[local.size() + 1];
        boolean same = true;
        for (int v = 1; v <= local.size(); v++) {
            map[v] = atoms.value(local.atom(v));
            same &= map[v] == v;
        }
        if (same) return;
        Path label = folder.resolve(c.labels()).resolve(c.name() + FILE_ENDING);
        Volume old = NiftiReader.read(label, ReadOptions.IMAGE);
        float[] f = old.floats(0);
        int[] values = new int[f.length];
        for (int i = 0; i < f.length; i++) values[i] = map[(int) f[i]];
        writeLabel(label, values, old, atoms.size());
        // the sidecar now lists the final sets, so a rerun does not renumber again
        ObjectNode updated = sidecar.deepCopy();
        updated.set("observed_sets", observedSets(atoms));
        AtomicFiles.writeString(folder.resolve(SIDECARS).resolve(c.name() + ".json"), Jsonl.dumps(updated) + "\n");
    }

    /** Files of cases an earlier run wrote that this run does not export (nnU-Net would count them). */
    private static void removeStale(Path folder, Set<Case> cases) throws IOException {
        Set<String> keep = new HashSet<>();
        for (Case c : cases) {
            for (int k = 0; k <= c.channels().size(); k++) keep.add(c.image(k));
            keep.add(c.labels() + "/" + c.name() + FILE_ENDING);
            keep.add(SIDECARS + "/" + c.name() + ".json");
        }
        for (String sub : List.of("imagesTr", "labelsTr", "imagesTs", "labelsTs", SIDECARS)) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList())
                    if (!keep.contains(sub + "/" + f.getFileName())) Files.delete(f);
            }
        }
    }

    private void writeDatasetJson(Path folder, String name, Atoms atoms, Set<Case> cases, List<String> channelNames) throws IOException {
        ObjectNode json = Jsonl.MAPPER.createObjectNode();
        ObjectNode channels = json.putObject("channel_names");
        if (channelNames.isEmpty()) channels.put("0", channelName(cases));
        for (int k = 0; k < channelNames.size(); k++) channels.put(String.valueOf(k), channelNames.get(k));
        atoms.writeLabels(json);
        json.put("numTraining", (int) cases.stream().filter(c -> !c.test()).count());
        json.put("file_ending", FILE_ENDING);
        json.put("overwrite_image_reader_writer", READER);
        json.put("name", name);
        Set<String> datasets = new LinkedHashSet<>();
        for (Case c : cases) datasets.add(c.record().path("dataset").asText());
        json.put("description", "SAT-DS classes of " + String.join(", ", datasets) + ", exported by satds export nnunet; "
                + "labels map each class to the label values (atoms) that belong to it");
        AtomicFiles.writeString(folder.resolve("dataset.json"), Jsonl.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /**
     * The records' modality when they agree ("CT" makes nnU-Net use its CT normalization; any other name gives
     * z-scoring), else the recipes' (CT, MRI, PET) when those agree, else "mixed" (z-scored).
     */
    private String channelName(Set<Case> cases) {
        Set<String> modalities = new LinkedHashSet<>(), kinds = new LinkedHashSet<>();
        for (Case c : cases) {
            modalities.add(c.record().path("modality").asText(""));
            kinds.add(loader.recipe(new SampleRecord(c.record())).modality());
        }
        if (modalities.size() == 1 && !modalities.iterator().next().isEmpty()) return modalities.iterator().next();
        return kinds.size() == 1 ? kinds.iterator().next() : "mixed";
    }

    /**
     * satds_imagesTr.jsonl and satds_imagesTs.jsonl: the exported records (with their sample_id) and their nnU-Net
     * case names, the ground truth to score predictions against ({@link NnUnetMasks}).
     */
    private void writeCaseLists(Path folder, Set<Case> cases) throws IOException {
        for (boolean test : new boolean[] {false, true}) {
            List<ObjectNode> list = new ArrayList<>();
            for (Case c : cases) {
                if (c.test() != test) continue;
                ObjectNode r = c.record().deepCopy();
                ArrayNode names = r.putArray("label"); // the classes as the export names them (the recipe's)
                SampleLoader.outputNames(loader.recipe(new SampleRecord(c.record()))).forEach(names::add);
                r.put(NnUnetMasks.CASE_FIELD, c.name());
                list.add(r);
            }
            Jsonl.write(folder.resolve("satds_" + (test ? "imagesTs" : "imagesTr") + ".jsonl"), list);
        }
    }

    /**
     * splits_final.json in case ids: each fold's patients (as {@code satds split --folds} lists them) become the
     * training cases of those patients. nnU-Net's planner copies the file from the raw dataset folder into the
     * preprocessed one, where its trainer reads fold i's "train" and "val" case ids. Patients of a fold that no
     * exported training case has, and training cases in no fold's "val", are reported.
     */
    private static void writeSplits(Path folder, List<SplitSpec> folds, Set<Case> cases, List<String> problems) throws IOException {
        Map<ObjectNode, String> nameOf = new IdentityHashMap<>();
        for (Case c : cases) if (!c.test()) nameOf.put(c.record(), c.name());
        List<ObjectNode> training = new ArrayList<>(nameOf.keySet());
        List<SplitSpec> named = new ArrayList<>();
        Set<String> validated = new HashSet<>();
        for (int i = 0; i < folds.size(); i++) {
            SplitResult r = folds.get(i).apply(training);
            List<JsonNode> train = r.train().stream().map(x -> (JsonNode) TextNode.valueOf(nameOf.get(x))).toList();
            List<JsonNode> val = r.test().stream().map(x -> (JsonNode) TextNode.valueOf(nameOf.get(x))).toList();
            val.forEach(v -> validated.add(v.asText()));
            List<JsonNode> patients = new ArrayList<>(folds.get(i).train());
            patients.addAll(folds.get(i).test());
            for (JsonNode patient : patients) // compared as the split compares them (Python's ==)
                if (new SplitSpec(List.of(patient), List.of()).apply(training).train().isEmpty())
                    problems.add("fold " + i + ": patient " + patient + " has no exported training case (folds of other records?)");
            named.add(new SplitSpec(train, val));
        }
        for (Case c : cases)
            if (!c.test() && !validated.contains(c.name())) problems.add(c.name() + ": in no fold's validation set (patient " + c.record().path("patient_id") + ")");
        SplitSpec.writeFolds(named, folder.resolve("splits_final.json"));
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.replace('\n', ' ');
    }
}
