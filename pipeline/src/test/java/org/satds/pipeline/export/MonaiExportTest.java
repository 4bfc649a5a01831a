package org.satds.pipeline.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    @Test
    void aRerunWritesOnlyTheCasesThatAreMissingOrChanged(@TempDir Path tmp) throws Exception {
        List<ObjectNode> records = new ArrayList<>(NnUnetExportTest.golden("AbdomenCT1K"));
        records.addAll(NnUnetExportTest.golden("MSD_Prostate"));
        Path out = tmp.resolve("out");
        export(records, out, MonaiExport.Space.NORMALIZED);
        String datalist = Files.readString(out.resolve("datalist.json"));
        List<Path> files = written(out);
        assertEquals(4, files.size(), files.toString()); // an image and a label per case
        FileTime old = FileTime.fromMillis(1_000_000);
        for (Path f : files) Files.setLastModifiedTime(f, old);

        export(records, out, MonaiExport.Space.NORMALIZED);
        for (Path f : files) assertEquals(old, Files.getLastModifiedTime(f), f + " was written again");
        assertEquals(datalist, Files.readString(out.resolve("datalist.json")));

        Files.delete(files.get(0)); // the first case's image: that case is written again, the other is kept
        export(records, out, MonaiExport.Space.NORMALIZED);
        for (int i : new int[] {0, 2}) assertNotEquals(old, Files.getLastModifiedTime(files.get(i)), files.get(i).toString());
        for (int i : new int[] {1, 3}) assertEquals(old, Files.getLastModifiedTime(files.get(i)), files.get(i) + " was written again");

        export(records, out, MonaiExport.Space.NATIVE); // another space: every case again
        for (Path f : files) assertNotEquals(old, Files.getLastModifiedTime(f), f + " was kept from the normalized export");
    }

    private static List<Path> written(Path out) throws Exception {
        try (Stream<Path> s = Stream.concat(Files.list(out.resolve("images")), Files.list(out.resolve("labels")))) {
            return s.sorted().toList();
        }
    }
}
