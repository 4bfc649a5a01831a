package org.satds.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.demo.Phantom;
import org.satds.pipeline.run.ConvertRunner;

/** The Spark job in local[2] mode writes what the plain runner writes, files and records. */
class SparkConvertTest {
    @TempDir
    Path work;

    @Test
    void sparkJobMatchesThePlainRunner() throws Exception {
        Path data = work.resolve("data");
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createDirectories(data.resolve("case" + i));
            Phantom.write(dir.resolve("image.nii.gz"), dir.resolve("mask.nii.gz"), new int[] {36 + 4 * i, 32, 14},
                    new double[] {1.5, 1.5, 4}, "CT", 4, i);
            records.add(record("case" + i, null));
        }
        records.add(record("case0", "shared")); // shares both files with the first: one Spark task converts both
        records.add(record("missing", null));   // fails on the executor, reported on the driver
        Volume mask = Volumes.read(data.resolve("case1/mask.nii.gz"), ReadOptions.MASK);
        double[][] moved = mask.affine().toArray();
        moved[0][3] += 25; // a mask 25 mm off its image converts with a warning, which reaches the driver
        NiftiWriter.write(data.resolve("case1/mask_moved.nii.gz"), Volume.ofBytes(mask.shape(), Affine.of(moved), mask.bytes(0)), DataType.UINT8);
        records.add((ObjectNode) Jsonl.MAPPER.readTree(records.get(1).toString().replace("mask.nii.gz", "mask_moved.nii.gz")
                .replace("\"patient_id\":\"case1\"", "\"patient_id\":\"case1\",\"sample_id\":\"moved\"")));

        SparkConvert.Settings plain = new SparkConvert.Settings(work.resolve("plain").toString(), data.toString(), null, SampleLoader.Compat.DEFAULT, false);
        ConvertRunner.Result expected = new ConvertRunner(plain.converter(), ConvertRunner.Options.defaults()).run(records);

        SparkConvert.Settings settings = new SparkConvert.Settings(work.resolve("spark").toString(), data.toString(), null, SampleLoader.Compat.DEFAULT, false);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("satds-test").set("spark.ui.enabled", "false");
        SparkConvert.Outcome outcome;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            outcome = SparkConvert.convert(spark, records, settings, 3);
        }
        assertEquals(portable(expected.converted().values(), "plain"), portable(outcome.converted(), "spark"));
        assertEquals(expected.failures().stream().map(f -> f.record().toString()).toList(),
                outcome.failures().stream().map(ObjectNode::toString).toList());
        assertEquals(List.copyOf(expected.warnings().values()), outcome.warnings());
        assertEquals(1, outcome.warnings().size(), outcome.warnings().toString());
        TreeMap<String, byte[]> a = npyFiles(work.resolve("plain")), b = npyFiles(work.resolve("spark"));
        assertEquals(a.keySet(), b.keySet());
        for (String f : a.keySet()) assertArrayEquals(a.get(f), b.get(f), f);
    }

    private static ObjectNode record(String dir, String sampleId) throws Exception {
        ObjectNode r = (ObjectNode) Jsonl.MAPPER.readTree("{\"image\": \"" + dir + "/image.nii.gz\", \"mask\": \"" + dir + "/mask.nii.gz\", "
                + "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\", "
                + "\"official_split\": \"train\", \"patient_id\": \"" + dir + "\"}");
        if (sampleId != null) r.put("sample_id", sampleId);
        return r;
    }

    private String portable(Collection<ObjectNode> records, String root) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode r : records) b.append(Jsonl.dumps(r).replace(work.resolve(root).toString(), "npy")).append('\n');
        return b.toString();
    }

    /** The npy files (manifests name the absolute root, so they are left out). */
    private static TreeMap<String, byte[]> npyFiles(Path root) throws Exception {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".npy")).toList()) files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return files;
    }
}
