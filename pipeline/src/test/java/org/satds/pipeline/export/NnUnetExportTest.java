package org.satds.pipeline.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.satds.datasets.recipe.RecipeBook;
import org.satds.datasets.sample.SampleLoader;
import org.satds.pipeline.TestData;
import org.satds.pipeline.jsonl.Jsonl;
import org.satds.pipeline.run.ConvertRunner;

class NnUnetExportTest {
    static final SampleLoader LOADER = new SampleLoader(RecipeBook.builtIn());

    @TempDir
    Path tmp;

    /** A golden recipe case's records with their paths made absolute (they are relative to the case folder). */
    static List<ObjectNode> golden(String name) throws Exception {
        Path dir = TestData.file("golden/recipes/" + name);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : Jsonl.read(dir.resolve("case.jsonl"))) {
            r.put("image", dir.resolve(r.get("image").asText()).toString());
            r.put("mask", dir.resolve(r.get("mask").asText()).toString());
            out.add(r);
        }
        return out;
    }

    static NnUnetExport.Result export(List<ObjectNode> records, Path out, String split) throws Exception {
        return new NnUnetExport(LOADER, null, ConvertRunner.Options.defaults().withThreads(1)).export(records, out, 1,
                NnUnetExport.defaultName(records), split);
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseExportsAsNnUnetAcceptsIt() throws Exception {
        Path keep = System.getProperty("nnunet.keep") == null ? null : Path.of(System.getProperty("nnunet.keep"));
        return TestData.goldenCases("recipes").stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String name = dir.getFileName().toString();
            Path out = keep != null ? keep.resolve(name) : tmp.resolve(name);
            NnUnetExport.Result r = export(golden(name), out, "none");
            assertEquals(List.of(), r.refusals());
            NnUnetCheck.Report report = NnUnetCheck.verify(r.folder());
            assertEquals(List.of(), report.errors());
            assertEquals(List.of(), report.warnings());
            JsonNode json = Jsonl.MAPPER.readTree(Files.readAllBytes(r.folder().resolve("dataset.json")));
            List<String> names = new ArrayList<>();
            json.get("labels").fieldNames().forEachRemaining(names::add);
            List<String> expected = new ArrayList<>(List.of("background"));
            expected.addAll(SampleLoader.outputNames(LOADER.recipes().get(golden(name).get(0).get("dataset").asText())));
            assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(names));
        }));
    }
}
