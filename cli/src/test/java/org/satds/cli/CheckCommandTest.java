package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.geom.Affine;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;
import org.satds.pipeline.demo.Phantom;

/** `satds check` finds each planted fault, names the sample and the reason, and passes the clean sample. */
class CheckCommandTest {
    @Test
    void findsPlantedFaultsAndPassesCleanSamples(@TempDir Path dir) throws Exception {
        int[] shape = {24, 24, 12};
        double[] spacing = {1, 1, 3};
        Phantom.write(dir.resolve("good.nii.gz"), dir.resolve("good_seg.nii.gz"), shape, spacing, "CT", 4, 1);
        // NaN voxels in the image
        float[] nan = new float[24 * 24 * 12];
        java.util.Arrays.fill(nan, 40f);
        nan[100] = Float.NaN;
        NiftiWriter.write(dir.resolve("nan.nii.gz"), Volume.ofFloats(shape, Affine.diagonal(1, 1, 3), nan), DataType.FLOAT32);
        // a mask of another shape
        Phantom.write(dir.resolve("other.nii.gz"), dir.resolve("small_seg.nii.gz"), new int[] {20, 24, 12}, spacing, "CT", 4, 2);
        // an empty image file
        Files.createFile(dir.resolve("empty.nii.gz"));
        // a channel-first mask with fewer channels than the recipe reads (BrainPTM reads 5)
        byte[][] three = new byte[3][24 * 24 * 12];
        three[0][500] = 1;
        NiftiWriter.write(dir.resolve("three.nii.gz"), Volume.ofBytes(shape, Affine.diagonal(1, 1, 3), three), DataType.UINT8, true);
        Phantom.write(dir.resolve("mr.nii.gz"), dir.resolve("unused.nii.gz"), shape, spacing, "MRI", 1, 3);
        String ct = "\"label\": [\"liver\", \"kidney\", \"spleen\", \"pancreas\"], \"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\"";
        List<String> lines = List.of(
                "{\"image\": \"good.nii.gz\", \"mask\": \"good_seg.nii.gz\", " + ct + ", \"patient_id\": \"good\"}",
                "{\"image\": \"nan.nii.gz\", \"mask\": \"good_seg.nii.gz\", " + ct + ", \"patient_id\": \"nan\"}",
                "{\"image\": \"good.nii.gz\", \"mask\": \"small_seg.nii.gz\", " + ct + ", \"patient_id\": \"shape\"}",
                "{\"image\": \"empty.nii.gz\", \"mask\": \"good_seg.nii.gz\", " + ct + ", \"patient_id\": \"empty\"}",
                "{\"image\": \"mr.nii.gz\", \"mask\": \"three.nii.gz\", \"label\": [], \"modality\": \"MRI\", \"dataset\": \"BrainPTM\", \"patient_id\": \"channels\"}");
        Path jsonl = dir.resolve("records.jsonl");
        Files.write(jsonl, lines);
        Path errors = dir.resolve("errors.tsv");
        int code = Main.run("check", "--jsonl", jsonl.toString(), "--data-root", dir.toString(), "--errors", errors.toString());
        assertEquals(1, code);
        List<String> report = Files.readAllLines(errors);
        assertEquals(4, report.size(), String.join("\n", report));
        assertTrue(report.stream().noneMatch(l -> l.contains("\tgood\t")), "the clean sample passes");
        assertTrue(line(report, "nan").contains("NaN"), line(report, "nan"));
        assertTrue(line(report, "shape").contains("differs from image shape"), line(report, "shape"));
        assertTrue(line(report, "empty").contains("empty.nii.gz"), line(report, "empty"));
        assertTrue(line(report, "channels").contains("mask has 3 channels"), line(report, "channels"));
    }

    /** A copy of a mask volume with its voxels changed by {@code edit}, or moved by {@code dx} mm along x. */
    static void plant(Path from, Path to, java.util.function.Consumer<byte[]> edit, double dx) throws Exception {
        Volume m = Volumes.read(from, ReadOptions.MASK);
        byte[] voxels = m.bytes(0).clone();
        edit.accept(voxels);
        double[][] a = m.affine().toArray();
        a[0][3] += dx;
        NiftiWriter.write(to, Volume.ofBytes(m.shape(), Affine.of(a), voxels), DataType.UINT8);
    }

    /**
     * What check used to pass: a mask value the recipe does not know (a class lost), a mask 30 mm off its image,
     * an all-empty mask (a warning), and a dataset whose every class is empty in every sample (an error).
     */
    @Test
    void flagsLostClassesMisalignedAndEmptyMasks(@TempDir Path dir) throws Exception {
        int[] shape = {32, 32, 12};
        Phantom.write(dir.resolve("ct.nii.gz"), dir.resolve("seg.nii.gz"), shape, new double[] {1.5, 1.5, 3}, "CT", 4, 1);
        plant(dir.resolve("seg.nii.gz"), dir.resolve("seg_value7.nii.gz"), v -> v[6000] = 7, 0);
        plant(dir.resolve("seg.nii.gz"), dir.resolve("seg_moved.nii.gz"), v -> {}, 30);
        plant(dir.resolve("seg.nii.gz"), dir.resolve("seg_empty.nii.gz"), v -> java.util.Arrays.fill(v, (byte) 0), 0);
        plant(dir.resolve("seg.nii.gz"), dir.resolve("seg_nudged.nii.gz"), v -> {}, 0.01);
        String ct = "\"modality\": \"CT\", \"dataset\": \"AbdomenCT1K\"";
        String btcv = "\"modality\": \"CT\", \"dataset\": \"BTCV\"";
        Path jsonl = dir.resolve("records.jsonl");
        Files.write(jsonl, List.of(
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg.nii.gz\", " + ct + ", \"patient_id\": \"good\"}",
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg_value7.nii.gz\", " + ct + ", \"patient_id\": \"value7\"}",
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg_moved.nii.gz\", " + ct + ", \"patient_id\": \"moved\"}",
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg_nudged.nii.gz\", " + ct + ", \"patient_id\": \"nudged\"}",
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg_empty.nii.gz\", " + btcv + ", \"patient_id\": \"empty1\"}",
                "{\"image\": \"ct.nii.gz\", \"mask\": \"seg_empty.nii.gz\", " + btcv + ", \"patient_id\": \"empty2\"}"));
        Path errors = dir.resolve("errors.tsv"), warnings = dir.resolve("warnings.tsv");
        DatasetsCommandTest.Run r = DatasetsCommandTest.run("check", "--jsonl", jsonl.toString(), "--data-root", dir.toString(),
                "--errors", errors.toString(), "--warnings", warnings.toString(), "--no-progress");
        assertEquals(1, r.code(), r.out() + r.err());
        List<String> err = Files.readAllLines(errors), warn = Files.readAllLines(warnings);
        assertEquals(2, err.size(), String.join("\n", err));
        assertTrue(line(err, "value7").contains("mask holds value 7 that the AbdomenCT1K recipe does not know (it reads 1, 2, 3, 4)"),
                line(err, "value7"));
        assertTrue(line(err, "moved").contains("mask lies up to 30.0 mm off its image"), line(err, "moved"));
        assertTrue(line(warn, "nudged").contains("mask affine differs from the image's by up to 0.0100 mm"), line(warn, "nudged"));
        assertTrue(line(warn, "empty1").contains("mask is empty (only 0)"), line(warn, "empty1"));
        assertEquals(3, warn.size(), String.join("\n", warn));
        assertTrue(r.err().contains("error: BTCV: every class (15) is empty in all 2 samples that loaded"), r.err());
        assertTrue(r.out().contains("AbdomenCT1K: 4 samples, 2 with errors, 1 with warnings\n"), r.out());
        assertTrue(r.out().contains("BTCV: 2 samples, 0 with errors, 2 with warnings; every class empty\n"), r.out());
        assertTrue(r.out().contains("checked 6 samples: 4 passed, 2 failed, 3 with warnings"), r.out());
    }

    private static String line(List<String> report, String patient) {
        return report.stream().filter(l -> l.contains("\t" + patient + "\t")).findFirst().orElse("(no line for " + patient + ")");
    }
}
