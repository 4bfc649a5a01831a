package org.satds.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip (RFC 1952) or zlib (RFC 1950) stream and verifies it as gzip itself does: each gzip member's
 * CRC-32 and length against its trailer (the CRC folded into the inflate loop, no second pass), concatenated
 * members read as one stream, zero padding after the last member accepted (as Python's gzip does), anything else
 * after it refused. zlib's Adler-32 is checked by {@link Inflater} when the stream's end is reached.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: it checks a member's trailer only when a reader reads past the
 * end, which readers that stop after the voxels never do, and it ignores trailing garbage silently. A reader
 * that has what it needs calls {@link #verifyRest()} (via {@link Inputs#verifyRest}); one that only wanted a
 * header may just close the stream.
 */
final class VerifiedInflater extends InputStream {
    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;
    /** deflate's largest possible expansion: a few bits per 258-byte match */
    static final long MAX_RATIO = 1032;

    private final InputStream in;
    private final Path file;
    private final boolean gzip;
    private final String format;
    private final Inflater inflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 18];
    private int pos, lim;
    private long consumed; // compressed bytes before buf[0]
    private long memberSize;
    private boolean ended;
    private final byte[] one = new byte[1];

    private VerifiedInflater(InputStream in, Path file, boolean gzip) {
        this.in = in;
        this.file = file;
        this.gzip = gzip;
        this.format = gzip ? "gzip" : "zlib";
        this.inflater = new Inflater(gzip);
    }

    /** A gzip stream starting at the current position of {@code in} (its magic bytes included). */
    static VerifiedInflater gzip(InputStream in, Path file) throws IOException {
        VerifiedInflater v = new VerifiedInflater(in, file, true);
        v.memberHeader(v.next("header"));
        return v;
    }

    /** A zlib stream starting at the current position of {@code in}. */
    static VerifiedInflater zlib(InputStream in, Path file) {
        return new VerifiedInflater(in, file, false);
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw corrupt("invalid compressed data: " + e.getMessage());
            }
            pos = lim - inflater.getRemaining();
            if (n > 0) {
                if (gzip) crc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) endOfMember();
            else if (inflater.needsDictionary()) throw corrupt("a preset dictionary is required");
            else if (inflater.needsInput()) {
                if (!fill()) throw truncated("before the end of the compressed data");
                inflater.setInput(buf, pos, lim - pos);
            }
        }
        return -1;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
        long left = n;
        while (left > 0) {
            int r = read(scratch, 0, (int) Math.min(left, scratch.length));
            if (r < 0) break;
            left -= r;
        }
        return n - left;
    }

    /** Inflates whatever the reader did not need, so that every member's check and the end of the file are verified. */
    void verifyRest() throws IOException {
        byte[] scratch = new byte[1 << 16];
        while (read(scratch, 0, scratch.length) >= 0) { /* discard */ }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private void endOfMember() throws IOException {
        if (gzip) {
            long storedCrc = uint32("trailer"), storedSize = uint32("trailer");
            if (storedCrc != crc.getValue()) throw corrupt("CRC-32 mismatch");
            if (storedSize != (memberSize & 0xffffffffL))
                throw corrupt("length mismatch: " + memberSize + " bytes inflated, the trailer says " + storedSize);
        }
        int b;
        do b = nextOrEnd(); while (b == 0); // zero padding after the last member, as tape archives leave it
        if (b < 0) {
            ended = true;
            return;
        }
        if (!gzip) throw corrupt("unexpected bytes after the end of the zlib stream (at byte " + (offset() - 1) + ")");
        memberHeader(b);
    }

    /** Parses a member header whose first byte was {@code b0} and prepares the inflater for its data. */
    private void memberHeader(int b0) throws IOException {
        long start = offset() - 1;
        int b1 = b0 == 0x1f ? nextOrEnd() : -1;
        if (b1 != 0x8b)
            throw start == 0 ? new VolumeFormatException(file, "not gzip data (bad magic bytes)")
                    : corrupt("trailing garbage after the last member, at byte " + start);
        CRC32 headerCrc = new CRC32();
        headerCrc.update(b0);
        headerCrc.update(b1);
        int[] fixed = new int[8]; // method, flags, mtime(4), xfl, os
        for (int i = 0; i < 8; i++) headerCrc.update(fixed[i] = next("header"));
        if (fixed[0] != 8) throw corrupt("unknown compression method " + fixed[0]);
        int flags = fixed[1];
        if ((flags & 0xe0) != 0) throw corrupt("reserved header flags are set");
        if ((flags & FEXTRA) != 0) {
            int lo = next("header"), hi = next("header");
            headerCrc.update(lo);
            headerCrc.update(hi);
            for (int i = 0, n = lo | hi << 8; i < n; i++) headerCrc.update(next("header"));
        }
        for (int field : new int[] {FNAME, FCOMMENT}) {
            if ((flags & field) == 0) continue;
            int c;
            do headerCrc.update(c = next("header")); while (c != 0);
        }
        if ((flags & FHCRC) != 0) {
            int lo = next("header"), hi = next("header");
            if ((lo | hi << 8) != (headerCrc.getValue() & 0xffff)) throw corrupt("header CRC mismatch");
        }
        inflater.reset();
        crc.reset();
        memberSize = 0;
        inflater.setInput(buf, pos, lim - pos);
    }

    private long uint32(String where) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) next(where) << (8 * i);
        return v;
    }

    private int next(String where) throws IOException {
        int b = nextOrEnd();
        if (b < 0) throw truncated("in a member's " + where);
        return b;
    }

    private int nextOrEnd() throws IOException {
        if (pos == lim && !fill()) return -1;
        return buf[pos++] & 0xff;
    }

    /** Reads more compressed bytes once the buffer is used up; false at the end of the input. */
    private boolean fill() throws IOException {
        consumed += lim;
        pos = lim = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        lim = n;
        return true;
    }

    private long offset() {
        return consumed + pos;
    }

    private VolumeFormatException corrupt(String why) {
        return new VolumeFormatException(file, "corrupt " + format + " data (" + why + "): the download is damaged");
    }

    private VolumeFormatException truncated(String where) {
        return new VolumeFormatException(file, format + " data is truncated (the file ends " + where + "): the download is incomplete");
    }
}
