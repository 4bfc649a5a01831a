package org.satds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.cli.DatasetsCommandTest.Run;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;

class ProcessCommandTest {
    @TempDir
    Path tmp;

    /** A 2 x 2 x 2 int16 MetaImage whose voxel i holds first + i. */
    private static void mhd(Path file, int first) throws IOException {
        Files.createDirectories(file.getParent());
        String raw = file.getFileName().toString().replace(".mhd", ".raw");
        Files.writeString(file, "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementSpacing = 1 1 2\n"
                + "ElementType = MET_SHORT\nElementByteOrderMSB = False\nElementDataFile = " + raw + "\n");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8; i++) b.putShort((short) (first + i));
        Files.write(file.resolveSibling(raw), b.array());
    }

    @Test
    void oneDatasetIsConvertedAndSummed() throws IOException {
        Path root = tmp.resolve("raw/SLIVER07");
        mhd(root.resolve("scan/liver-orig001.mhd"), -500);
        mhd(root.resolve("label/liver-seg001.mhd"), 0);

        Run r = DatasetsCommandTest.run("process", "--dataset", "SLIVER07", "--root", root.toString(),
                "--jsonl-dir", tmp.resolve("jsonl").toString());

        assertEquals(0, r.code(), r.err());
        assertEquals("SLIVER07: found 1, paired 1, skipped {} -> " + tmp.resolve("jsonl/SLIVER07.jsonl") + "\n", r.out());
        List<String> lines = Files.readAllLines(tmp.resolve("jsonl/SLIVER07.jsonl"));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("{\"image\": \"" + root.resolve("scan/liver-orig001.nii.gz") + "\""), lines.get(0));
        assertEquals(-493, Volumes.read(root.resolve("scan/liver-orig001.nii.gz"), ReadOptions.IMAGE).value(0, 1, 1, 1), 0);
    }

    @Test
    void aDamagedSampleIsListedAndTheExitStatusIsOne() throws IOException {
        Path rawRoot = tmp.resolve("nii");
        mhd(rawRoot.resolve("SLIVER07/scan/liver-orig001.mhd"), 0);
        mhd(rawRoot.resolve("SLIVER07/label/liver-seg001.mhd"), 0);
        Files.createDirectories(rawRoot.resolve("SLIVER07/scan"));
        Files.writeString(rawRoot.resolve("SLIVER07/scan/liver-orig002.mhd"), "ObjectType = Image\nNDims = 3\n"); // cut short
        mhd(rawRoot.resolve("SLIVER07/label/liver-seg002.mhd"), 0);

        Run r = DatasetsCommandTest.run("process", "--all", "--raw-root", rawRoot.toString(), "--jsonl-dir", tmp.resolve("jsonl").toString());

        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("SLIVER07: found 2, paired 1, skipped {CONVERSION_FAILED=1}"), r.out());
        assertTrue(r.out().contains("  skipped CONVERSION_FAILED: " + rawRoot.resolve("SLIVER07/scan/liver-orig002.mhd")
                + ": metaimage_to_nifti failed to make " + rawRoot.resolve("SLIVER07/scan/liver-orig002.nii.gz")), r.out());
        assertTrue(r.out().contains("not found: ACDC ("), "datasets without a folder are listed");
    }

    @Test
    void datasetAndAllAreExclusive() {
        Run r = DatasetsCommandTest.run("process", "--all", "--dataset", "SLIVER07", "--jsonl-dir", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("give either --dataset NAME --root DIR or --all --raw-root DIR"), r.err());
    }
}
