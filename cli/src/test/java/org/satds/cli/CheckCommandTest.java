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

    private static String line(List<String> report, String patient) {
        return report.stream().filter(l -> l.contains("\t" + patient + "\t")).findFirst().orElse("(no line for " + patient + ")");
    }
}
