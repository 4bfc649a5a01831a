package org.satds.pipeline.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiReader;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.volume.Volume;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitResult;

/** export nnunet --channels: the sequences of one case as the channels of one nnU-Net case. */
class NnUnetChannelsTest {
    @TempDir
    Path tmp;

    static NnUnetExport.Result export(List<ObjectNode> records, Path out, Channels channels) throws Exception {
        return new NnUnetExport(NnUnetExportTest.LOADER, null, ConvertRunner.Options.defaults().withThreads(1)).export(records, out, 2,
                NnUnetExport.defaultName(records), new NnUnetExport.Plan(new SplitResult(records, List.of(), List.of()), channels, null));
    }

    /** MSD_Prostate's T2 and ADC records (one 4D file, one mask) become _0000 and _0001 of one case, in first-seen order. */
    @Test
    void prostateT2AndAdcAreTwoChannelsOfOneCase() throws Exception {
        ObjectNode t2 = NnUnetExportTest.golden("MSD_Prostate").get(0), adc = t2.deepCopy();
        adc.put("image", t2.get("image").asText().replaceAll("/T2$", "/ADC")).put("modality", "MRI ADC");
        NnUnetExport.Result r = export(List.of(t2, adc), tmp, new Channels(List.of()));
        NnUnetExportTest.assertAccepted(r);
        assertEquals(1, r.training());
        JsonNode json = NnUnetExportTest.datasetJson(r);
        assertEquals("{\"0\":\"T2\",\"1\":\"ADC\"}", json.get("channel_names").toString());
        Volume four = NiftiReader.read(Path.of(t2.get("image").asText().replaceAll("/T2$", "")), ReadOptions.IMAGE);
        for (int k = 0; k < 2; k++)
            assertArrayEquals(four.floats(k), NiftiReader.read(r.folder().resolve("imagesTr/MSD_Prostate_0_000" + k + ".nii.gz"),
                    ReadOptions.IMAGE).floats(0), "channel " + k);
        assertFalse(Files.exists(r.folder().resolve("imagesTr/MSD_Prostate_1_0000.nii.gz")), "the ADC record is no case of its own");
    }

    /**
     * BraTS's four sequence files of one patient become four channels in the order asked for; a patient missing
     * one is refused with the sequence named, not exported with three channels or silently dropped.
     */
    @Test
    void bratsFourSequencesInTheGivenOrderAndAMissingOneIsReported() throws Exception {
        ObjectNode golden = NnUnetExportTest.golden("BraTS2023_GLI").get(0);
        Volume image = NiftiReader.read(Path.of(golden.get("image").asText()), ReadOptions.IMAGE);
        List<String> order = List.of("t1n", "t1c", "t2w", "t2f");
        List<ObjectNode> records = new ArrayList<>();
        for (String patient : List.of("BraTS-GLI-00000-000", "BraTS-GLI-00002-000"))
            for (String sequence : List.of("t2f", "t1c", "t1n", "t2w")) { // stored in another order than the channels
                if (patient.endsWith("2-000") && sequence.equals("t2f")) continue;
                float[] v = image.floats(0).clone();
                for (int i = 0; i < v.length; i++) v[i] = v[i] * (1 + order.indexOf(sequence)); // each sequence its own voxels
                Path file = tmp.resolve(patient + "-" + sequence + ".nii.gz");
                NiftiWriter.write(file, Volume.ofFloats(image.shape(), image.affine(), v), DataType.FLOAT32);
                ObjectNode r = golden.deepCopy();
                r.put("image", file.toString()).put("patient_id", patient);
                records.add(r);
            }
        NnUnetExport.Result r = export(records, tmp.resolve("out"), new Channels(order));
        assertEquals(List.of("BraTS2023_GLI BraTS-GLI-00002-000: no t2f sequence (has t1c, t1n, t2w); nnU-Net needs every channel in every case"),
                r.refusals());
        assertEquals(1, r.training());
        assertTrue(NnUnetCheck.verify(r.folder()).ok(), NnUnetCheck.verify(r.folder()).errors().toString());
        assertEquals("{\"0\":\"t1n\",\"1\":\"t1c\",\"2\":\"t2w\",\"3\":\"t2f\"}", NnUnetExportTest.datasetJson(r).get("channel_names").toString());
        // the case is named after its channel 0 record (t1n, the third record: sample_id 2)
        for (int k = 0; k < 4; k++) {
            float[] written = NiftiReader.read(r.folder().resolve("imagesTr/BraTS2023_GLI_2_000" + k + ".nii.gz"), ReadOptions.IMAGE).floats(0);
            float[] expected = image.floats(0).clone();
            for (int i = 0; i < expected.length; i++) expected[i] = expected[i] * (1 + k);
            assertArrayEquals(expected, written, "channel " + k + " is " + order.get(k));
        }
        assertEquals(1, Jsonl.read(r.folder().resolve("satds_imagesTr.jsonl")).size());
    }

    /** A dataset of one sequence keeps its modality as its channel's name (CT selects nnU-Net's CT normalization). */
    @Test
    void oneSequenceIsNamedByItsModality() throws Exception {
        NnUnetExport.Result r = export(NnUnetExportTest.golden("AbdomenCT1K"), tmp, new Channels(List.of()));
        NnUnetExportTest.assertAccepted(r);
        assertEquals("{\"0\":\"CT\"}", NnUnetExportTest.datasetJson(r).get("channel_names").toString());
    }

    /** splits_final.json as nnU-Net's trainer reads it: every id a case of imagesTr; a case in train and val warned. */
    @Test
    void splitsNamingNoCaseAreErrors() throws Exception {
        List<String> errors = new ArrayList<>(), warnings = new ArrayList<>();
        NnUnetCheck.checkSplits(Jsonl.MAPPER.readTree("[{\"train\": [\"A_0\", \"p1\"], \"val\": [\"A_0\"]}]"), java.util.Set.of("A_0", "A_1"),
                errors, warnings);
        assertEquals(List.of("splits_final.json fold 0 train: \"p1\" is not a case of imagesTr"), errors);
        assertEquals(List.of("splits_final.json fold 0: validation case \"A_0\" is also in the training set"), warnings);
        errors.clear();
        NnUnetCheck.checkSplits(Jsonl.MAPPER.readTree("{\"train\": []}"), java.util.Set.of(), errors, warnings);
        assertEquals(1, errors.size());
    }
}
