package org.satds.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens files for reading, transparently inflating gzip (detected by its magic bytes, not the name). */
public final class Inputs {
    private static final int BUFFER = 1 << 20;

    private Inputs() {}

    public static InputStream open(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "file not found");
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
        return raw;
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
