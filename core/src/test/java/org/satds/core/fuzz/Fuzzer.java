package org.satds.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.volume.Volume;

/**
 * Seeded damage of one intact input (one or more files) for a reader: header bytes set to random values, bit flips
 * in the data, truncation at random offsets, random bytes and zero length. Each damaged input must be refused in
 * one line naming a file, or decode to what a reference reader of the format decodes: the intact volume, or, for a
 * flip in uncompressed data, the intact volume with that one voxel changed (every reader reads raw bytes alike). A
 * changed header byte may make a different, valid file; such decodes are counted apart.
 */
public final class Fuzzer {
    /** Reads the input as the product does. */
    @FunctionalInterface
    public interface Reader {
        Volume read() throws IOException;
    }

    /** One file of the input: where its header ends and its data start, and whether its data are compressed. */
    public record Target(Path file, int headerBytes, int dataStart, boolean compressed) {}

    private Fuzzer() {}

    public static Tally run(String name, long seed, int perClass, Reader reader, List<Target> targets, Path... named) throws Exception {
        Volume intact = reader.read();
        String intactHash = fingerprint(intact);
        Random rnd = new Random(seed);
        Tally tally = new Tally(name);
        for (Target t : targets) {
            byte[] original = Files.readAllBytes(t.file());
            for (String kind : List.of("header", "flip", "truncate", "random", "empty")) {
                for (int i = 0; i < (kind.equals("empty") ? 1 : perClass); i++) {
                    byte[] d = original.clone();
                    int at = 0;
                    switch (kind) {
                        case "header" -> {
                            at = rnd.nextInt(t.headerBytes());
                            d[at] = (byte) (d[at] + 1 + rnd.nextInt(255));
                        }
                        case "flip" -> {
                            at = t.dataStart() + rnd.nextInt(original.length - t.dataStart());
                            d[at] ^= (byte) (1 << rnd.nextInt(8));
                        }
                        case "truncate" -> d = Arrays.copyOf(original, at = rnd.nextInt(original.length));
                        case "random" -> rnd.nextBytes(d = new byte[1 + rnd.nextInt(4096)]);
                        default -> d = new byte[0];
                    }
                    String what = name + ": " + kind + " at " + at + " of " + t.file().getFileName();
                    Files.write(t.file(), d);
                    try {
                        classify(tally, what, kind, t.compressed(), reader, intact, intactHash, named);
                    } finally {
                        Files.write(t.file(), original);
                    }
                }
            }
        }
        tally.print();
        return tally;
    }

    private static void classify(Tally tally, String what, String kind, boolean compressed, Reader reader, Volume intact,
                                 String intactHash, Path[] named) throws Exception {
        tally.tried++;
        Volume v;
        try {
            v = reader.read();
        } catch (VolumeFormatException e) {
            tally.refused(e, what, named);
            return;
        } catch (Throwable e) {
            throw new AssertionError(what + ": not a one-line refusal but " + e, e);
        }
        if (fingerprint(v).equals(intactHash)) tally.identical++;
        else if (kind.equals("header")) tally.asHeaderSays++;
        else if (kind.equals("flip") && !compressed && oneVoxelDiffers(v, intact, what)) tally.asReference++;
        else fail(what + ": decoded a different volume without an error");
    }

    /** Voxels, shape and affine: what makes two decodes the same volume. */
    static String fingerprint(Volume v) throws Exception {
        return NiftiFuzzTest.hash(v) + Arrays.toString(v.shape()) + v.channels() + Arrays.deepToString(v.affine().toArray());
    }

    private static boolean oneVoxelDiffers(Volume v, Volume intact, String what) {
        assertArrayEquals(intact.shape(), v.shape(), what + ": shape");
        int differ = 0;
        for (int c = 0; c < v.channels(); c++) {
            float[] a = v.floats(c), b = intact.floats(c);
            for (int i = 0; i < a.length; i++) if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) differ++;
        }
        return differ == 1;
    }
}
