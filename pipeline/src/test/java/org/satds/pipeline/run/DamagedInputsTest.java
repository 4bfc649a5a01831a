package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded damaged copies of a small CT through the convert path (runner and NpyConverter), as a user's damaged
 * download would go: each is converted from the data gzip accepts (then exactly as the intact CT) or refused in one
 * line naming the damaged file; no temporary file is left behind.
 */
class DamagedInputsTest {
    @TempDir
    Path work;

    @Test
    void damagedCopiesAreConvertedAsTheIntactOneOrRefusedNamingTheFile() throws Exception {
        Path data = work.resolve("data");
        ObjectNode intactRecord = Fixtures.cts(data, 1).get(0);
        ConvertRunner.Result intact = new ConvertRunner(Fixtures.converter(work.resolve("intact"), data), Fixtures.options(1))
                .run(List.of(intactRecord));
        byte[] intactImage = Files.readAllBytes(Path.of(intact.converted().get(0).get("renorm_image").asText()));

        Random rnd = new Random(9);
        List<ObjectNode> records = new ArrayList<>();
        List<Path> damagedFiles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Path dir = Files.createDirectories(data.resolve("damaged" + i));
            for (String f : List.of("image.nii.gz", "mask.nii.gz")) Files.copy(data.resolve("case0").resolve(f), dir.resolve(f));
            Path target = dir.resolve(i % 4 == 3 ? "mask.nii.gz" : "image.nii.gz");
            byte[] gz = Files.readAllBytes(target), d = gz.clone();
            switch (i % 5) {
                case 0, 1 -> d[rnd.nextInt(gz.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 2 -> d = Arrays.copyOf(gz, rnd.nextInt(gz.length));
                case 3 -> d = Arrays.copyOf(gz, gz.length + 1 + rnd.nextInt(16)); // trailing zeros: gzip accepts them
                default -> {
                    d = Arrays.copyOf(gz, gz.length + 3);
                    d[gz.length] = (byte) (1 + rnd.nextInt(255)); // trailing garbage: gzip refuses it
                }
            }
            Files.write(target, d);
            damagedFiles.add(target);
            records.add(Fixtures.record("damaged" + i + "/image.nii.gz", "damaged" + i + "/mask.nii.gz", "d" + i));
        }
        // a NIfTI whose pixdim[1] is 0 and whose forms are unset: its affine has a degenerate axis
        Path degenerate = Files.createDirectories(data.resolve("degenerate")).resolve("image.nii.gz");
        Files.copy(data.resolve("case0/mask.nii.gz"), degenerate.resolveSibling("mask.nii.gz"));
        byte[] plain = new GZIPInputStream(Files.newInputStream(data.resolve("case0/image.nii.gz"))).readAllBytes();
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).putFloat(80, 0).putShort(252, (short) 0).putShort(254, (short) 0);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(plain);
        }
        Files.write(degenerate, gz.toByteArray());
        damagedFiles.add(degenerate);
        records.add(Fixtures.record("degenerate/image.nii.gz", "degenerate/mask.nii.gz", "degenerate"));

        Path npy = work.resolve("npy");
        ConvertRunner.Result r = new ConvertRunner(Fixtures.converter(npy, data), Fixtures.options(2)).run(records);
        assertEquals(records.size(), r.converted().size() + r.failures().size());
        int refused = 0;
        for (ConvertRunner.Failure f : r.failures()) {
            int i = f.record().get("sample_id").asInt();
            String error = f.record().get("error").asText();
            assertEquals(1, error.lines().count(), error);
            assertTrue(error.startsWith(damagedFiles.get(i) + ": "), "sample " + i + ": " + error);
            refused++;
        }
        assertTrue(r.failures().stream().anyMatch(f -> f.record().get("error").asText()
                .startsWith(degenerate + ": affine has a degenerate voxel axis 0")), "the degenerate affine names its file");
        for (ObjectNode c : r.converted().values())
            assertArrayEquals(intactImage, Files.readAllBytes(Path.of(c.get("renorm_image").asText())), "sample " + c.get("sample_id"));
        try (Stream<Path> s = Files.walk(work)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "temporary files left");
        }
        System.out.printf("damaged CTs through convert: %d tried, %d refused naming the file, %d converted as the intact CT%n",
                records.size(), refused, r.converted().size());
        assertTrue(refused > 20 && r.converted().size() >= 8, "both outcomes occur");
    }
}
