package org.satds.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiHeader;
import org.satds.core.io.NiftiReader;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.pipeline.jsonl.Jsonl;

/** `satds bench --mixed`'s input: issue 10's 4 CTs and 4 MRIs, distinct files, reused by a later run and by --cts 4. */
class SyntheticCollectionTest {
    @TempDir
    Path tmp;

    @Test
    void theMixHoldsFourDistinctFullSizeCtsAndFourDistinctMrisSharingTheCtsWithACtCollection() throws IOException {
        List<ObjectNode> records = SyntheticCollection.mixed(tmp);

        assertEquals(records, Jsonl.read(tmp.resolve("mixed.jsonl")));
        assertEquals(8, records.size());
        Set<String> images = new HashSet<>();
        List<FileTime> written = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            boolean ct = i < 4;
            assertEquals(ct ? "AbdomenCT1K" : "AMOS22_MRI", r.get("dataset").asText());
            assertEquals(ct ? "CT" : "MRI", r.get("modality").asText());
            assertEquals(RecipeBook.builtIn().get(r.get("dataset").asText()).labels().size(), r.get("label").size(), "the recipe's classes");
            for (String field : List.of("image", "mask")) {
                assertFalse(Path.of(r.get(field).asText()).isAbsolute(), "relative to --dir, as the other collections");
                Path file = tmp.resolve(r.get(field).asText());
                NiftiHeader h = NiftiReader.readHeader(file);
                assertArrayEquals(ct ? new long[] {512, 512, 200} : new long[] {240, 240, 155}, Arrays.copyOfRange(h.dim, 1, 4), file.toString());
                assertArrayEquals(ct ? new double[] {0.78, 0.78, 2.5} : new double[] {1, 1, 1}, Arrays.copyOfRange(h.pixdim, 1, 4), 1e-6);
                if (field.equals("image")) {
                    assertEquals(DataType.INT16, h.datatype);
                    images.add(Arrays.hashCode(Files.readAllBytes(file)) + "/" + Files.size(file));
                }
                written.add(Files.getLastModifiedTime(file));
            }
        }
        assertEquals(8, images.size(), "every sample its own noise");

        assertEquals(records, SyntheticCollection.mixed(tmp), "a second run reads mixed.jsonl");
        assertEquals(records.subList(0, 4), SyntheticCollection.cts(tmp, 4), "--cts 4 in the same folder names the same CTs");
        for (int i = 0; i < records.size(); i++)
            for (int f = 0; f < 2; f++)
                assertEquals(written.get(2 * i + f), Files.getLastModifiedTime(tmp.resolve(records.get(i).get(f == 0 ? "image" : "mask").asText())),
                        "files are reused, not written again");
    }
}
