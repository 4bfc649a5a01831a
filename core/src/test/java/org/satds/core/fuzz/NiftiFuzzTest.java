package org.satds.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/**
 * Seeded damage of golden NIfTI inputs (testdata/golden/fuzz/nifti.jsonl, written by
 * scripts/fuzz/nibabel_reference.py): header bytes, data bit flips and truncation of the inflated payload, bit
 * flips, truncation and appended bytes of the .gz file. Each damaged file must be refused in one line naming it,
 * or decode to exactly what Python's gzip and nibabel make of it (shape, affine, every voxel). Refusing a file
 * nibabel accepts is allowed only for the reasons listed in {@link #STRICTER}.
 */
class NiftiFuzzTest {
    /** Where we refuse and nibabel reads on: damage nibabel repairs silently or reads as something else. */
    static final List<String> STRICTER = List.of(
            "bad header size field", // nibabel resets a damaged sizeof_hdr to 348 and reads on
            "vox_offset 0.0 lies inside the header"); // nibabel then reads the header itself as voxels

    @TempDir
    Path dir;

    @Test
    void damagedNiftiIsRefusedOrReadAsGzipAndNibabelReadIt() throws Exception {
        Path golden = Path.of(System.getProperty("satds.testdata"), "golden");
        Path cases = golden.resolve("fuzz/nifti.jsonl");
        assertTrue(Files.isRegularFile(cases), "missing " + cases);
        ObjectMapper json = new ObjectMapper();
        Tally tally = new Tally("NIfTI (.nii, .nii.gz)");
        String base = null;
        byte[] gz = null, plain = null;
        String baseHash = null;
        for (String line : Files.readAllLines(cases)) {
            JsonNode c = json.readTree(line);
            if (!c.get("base").asText().equals(base)) {
                base = c.get("base").asText();
                gz = Files.readAllBytes(golden.resolve(base));
                plain = new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes();
                Path intact = dir.resolve("intact.nii");
                Files.write(intact, plain);
                baseHash = Fuzzer.fingerprint(Volumes.read(intact, ReadOptions.IMAGE));
            }
            boolean gzipLevel = c.get("level").asText().equals("gzip");
            byte[] damaged = damage(gzipLevel ? gz : plain, c.get("op").asText(), c.get("offset").asInt(), c.get("value").asInt());
            Path file = dir.resolve(gzipLevel ? "image.nii.gz" : "image.nii");
            Files.write(file, damaged);
            String what = line.substring(0, line.indexOf(", \"reference\""));
            JsonNode ref = c.get("reference");
            tally.tried++;
            Volume v;
            try {
                v = Volumes.read(file, ReadOptions.IMAGE);
            } catch (VolumeFormatException e) {
                tally.refused(e, what, file);
                if (!ref.isNull()) {
                    String reason = STRICTER.stream().filter(e.getMessage()::contains).findFirst().orElse(null);
                    assertNotNull(reason, what + ": refused what nibabel reads: " + e.getMessage());
                    tally.stricter(reason);
                }
                continue;
            } catch (Throwable t) {
                throw new AssertionError(what + ": not a one-line refusal but " + t, t);
            }
            if (ref.isNull()) fail(what + ": decoded what " + c.get("refused").asText() + " refuses");
            int[] shape = new int[] {v.nx(), v.ny(), v.nz(), v.channels()};
            assertArrayEquals(nibabelShape(ref.get("shape")), shape, what + ": shape");
            for (int r = 0; r < 3; r++)
                for (int k = 0; k < 4; k++) {
                    JsonNode want = ref.get("affine").get(r).get(k);
                    double got = v.affine().get(r, k);
                    if (want.isNull()) assertTrue(!Double.isFinite(got), what + ": affine " + r + "," + k);
                    else assertEquals(want.asDouble(), got, 1e-9 * Math.max(1, Math.abs(want.asDouble())), what + ": affine " + r + "," + k);
                }
            String h = hash(v);
            assertEquals(ref.get("sha256").asText(), h, what + ": voxels differ from nibabel's");
            if (Fuzzer.fingerprint(v).equals(baseHash)) tally.identical++;
            else tally.asReference++;
        }
        tally.print();
    }

    static byte[] damage(byte[] src, String op, int offset, int value) throws IOException {
        byte[] d = src.clone();
        switch (op) {
            case "set" -> d[offset] = (byte) value;
            case "flip" -> d[offset] ^= (byte) (1 << value);
            case "truncate" -> d = Arrays.copyOf(src, offset);
            case "append_zeros" -> d = concat(src, new byte[value]);
            case "append_garbage" -> d = concat(src, new byte[] {(byte) value, (byte) value, (byte) value});
            case "append_member" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream g = new GZIPOutputStream(out)) {
                    g.write("more data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                d = concat(src, out.toByteArray());
            }
            default -> throw new IllegalArgumentException(op);
        }
        return d;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** nibabel's shape as (x, y, z, channels): missing axes are 1, trailing singleton axes dropped. */
    private static int[] nibabelShape(JsonNode s) {
        List<Integer> dims = new ArrayList<>();
        s.forEach(n -> dims.add(n.asInt()));
        while (dims.size() > 3 && dims.get(dims.size() - 1) == 1) dims.remove(dims.size() - 1);
        while (dims.size() < 4) dims.add(1);
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** SHA-256 of the voxels as little-endian float32, channel after channel, x fastest, NaN canonical. */
    static String hash(Volume v) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int c = 0; c < v.channels(); c++) {
            float[] f = v.floats(c);
            ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : f) b.putInt(Float.floatToIntBits(x));
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
