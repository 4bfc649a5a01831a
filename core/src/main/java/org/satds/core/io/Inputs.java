package org.satds.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens files for reading, transparently inflating gzip (detected by its magic bytes, not the name) through
 * {@link VerifiedInflater}. A reader calls {@link #verifyRest} once it has read the data it uses, so that no
 * sample is built from a stream whose checks have not passed.
 */
public final class Inputs {
    private static final int BUFFER = 1 << 20;

    private Inputs() {}

    public static InputStream open(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "file not found");
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        return isGzip(raw) ? VerifiedInflater.gzip(raw, file) : raw;
    }

    /** A compressed block inside a file (NRRD, MetaImage, MAT): gzip when it starts with the gzip magic, else zlib. */
    public static InputStream inflate(InputStream in, Path file) throws IOException {
        InputStream b = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        return isGzip(b) ? VerifiedInflater.gzip(b, file) : VerifiedInflater.zlib(b, file);
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** Reads what the reader left of a compressed stream and verifies its checksums and end; nothing for a plain file. */
    public static void verifyRest(InputStream in) throws IOException {
        if (in instanceof VerifiedInflater v) v.verifyRest();
    }

    /**
     * The most bytes the file can yield: its size, or for gzip deflate's largest expansion of it. Checked against
     * what a header declares before anything is allocated, so a damaged header cannot exhaust the memory.
     */
    public static long maxContent(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 2)) {
            return isGzip(raw) ? maxInflated(file) : size;
        }
    }

    /** The most bytes deflated data the size of the file can inflate to. */
    public static long maxInflated(Path file) throws IOException {
        return Files.size(file) * VerifiedInflater.MAX_RATIO;
    }

    public static byte[] readExactly(InputStream in, int n, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new VolumeFormatException(file, "file is truncated in the " + what + " (" + b.length + " of " + n + " bytes)");
        return b;
    }

    public static void skipExactly(InputStream in, long n, Path file) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) throw new VolumeFormatException(file, "file is truncated before the voxel data");
                s = 1;
            }
            left -= s;
        }
    }
}
