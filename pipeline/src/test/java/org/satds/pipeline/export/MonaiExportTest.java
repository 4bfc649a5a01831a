package org.satds.pipeline.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.pipeline.TestData;
import org.satds.pipeline.python.PythonTests;
import org.satds.pipeline.run.ConvertRunner;
import org.satds.pipeline.split.SplitResult;

/**
 * export monai on golden cases, read back as MONAI reads a datalist (python/tests/test_monai.py): in native space a
 * collection whose classes merge and nest (CHAOS_MRI's kidney, BraTS's tumour regions) as channels; in normalized
 * space cases compared with the original's own normalized arrays.
 */
class MonaiExportTest {
    static MonaiExport.Result export(List<ObjectNode> records, Path out, MonaiExport.Space space) throws Exception {
        return new MonaiExport(NnUnetExportTest.LOADER, null, ConvertRunner.Options.defaults().withThreads(1))
                .export(records, out, space, new MonaiExport.Plan(new SplitResult(records, List.of(), List.of()), null, null));
    }

    @Test
    void nativeAndNormalizedDatalistsLoadAsMonaiReadsThem(@TempDir Path tmp) throws Exception {
        List<ObjectNode> collection = new ArrayList<>(NnUnetExportTest.golden("CHAOS_MRI"));
        collection.addAll(NnUnetExportTest.golden("BraTS2023_GLI"));
        MonaiExport.Result nativeSpace = export(collection, tmp.resolve("native"), MonaiExport.Space.NATIVE);
        assertEquals(List.of(), nativeSpace.refusals());
        assertEquals(2, nativeSpace.training());
        // a single-channel .nii.gz scan is linked, not written again
        assertEquals(-1, Files.mismatch(tmp.resolve("native/images/BraTS2023_GLI_1.nii.gz"), Path.of(collection.get(1).get("image").asText())));

        List<ObjectNode> cases = new ArrayList<>();
        for (String name : List.of("AbdomenCT1K", "MRSpineSeg", "BTCV_Cervix", "MSD_Prostate", "TotalSegmentator_Organs"))
            cases.addAll(NnUnetExportTest.golden(name));
        MonaiExport.Result normalized = export(cases, tmp.resolve("normalized"), MonaiExport.Space.NORMALIZED);
        assertEquals(List.of(), normalized.refusals());
        PythonTests.run("tests.test_monai", Map.of("SATDS_MONAI_NATIVE", tmp.resolve("native"), "SATDS_MONAI_NORMALIZED",
                tmp.resolve("normalized"), "SATDS_TESTDATA", TestData.file("")));
    }
}
