package org.satds.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Writes bytes as a gzip member whose deflate stream only encodes runs: each run of equal bytes as one literal and
 * copies of distance 1, in one block with the fixed Huffman codes (RFC 1951 3.2.6). For masks and label maps,
 * which are long runs of 0 with runs of class values, this is zlib's Z_RLE strategy without its dynamic codes:
 * an order of magnitude faster than java.util.zip's fastest level (deflate's match search over 52 MB of a scan's
 * grid), with files a few hundred KB instead of a few tens. Written by hand because {@link java.util.zip.Deflater}
 * offers no run-length strategy. Any gzip reader reads the result; image data, with few runs, would barely shrink.
 */
final class RunLengthGzip {
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
            131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    /** Per literal/length symbol: its fixed code reversed (deflate sends codes most significant bit first), its length. */
    private static final int[] CODE = new int[288], CODE_BITS = new int[288];
    /** Per match length 3..258 at distance 1: the length code, its extra bits and the distance code, as one bit string. */
    private static final int[] MATCH = new int[259], MATCH_BITS = new int[259];

    static {
        for (int s = 0; s < 288; s++) {
            int code = s < 144 ? 0x30 + s : s < 256 ? 0x190 + s - 144 : s < 280 ? s - 256 : 0xc0 + s - 280;
            CODE_BITS[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
            CODE[s] = Integer.reverse(code) >>> (32 - CODE_BITS[s]);
        }
        for (int i = 0; i < LENGTH_BASE.length; i++)
            for (int len = LENGTH_BASE[i]; len < (i + 1 < LENGTH_BASE.length ? LENGTH_BASE[i + 1] : 259); len++) {
                int s = 257 + i, extra = LENGTH_EXTRA[i];
                // then the distance: code 0 (distance 1), five zero bits
                MATCH[len] = CODE[s] | (len - LENGTH_BASE[i]) << CODE_BITS[s];
                MATCH_BITS[len] = CODE_BITS[s] + extra + 5;
            }
    }

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long bits;
    private int bitCount;
    private long size;
    private int previous = -1;

    private RunLengthGzip(OutputStream out) {
        this.out = out;
    }

    /** Positions sampled by {@link #suits}. */
    private static final int SAMPLES = 1 << 16;

    /**
     * Whether the data are long runs, as masks are: at evenly spaced positions, a byte differs from the next at most
     * once in 64 (a mask's boundaries are rare; an image's voxels nearly always differ).
     */
    static boolean suits(byte[] data) {
        int n = data.length - 1, samples = Math.min(n, SAMPLES), changes = 0;
        for (int k = 0; k < samples; k++) {
            int i = (int) ((long) k * n / samples);
            if (data[i] != data[i + 1]) changes++;
        }
        return changes * 64 <= samples;
    }

    /** The parts, one after another, as one gzip member. */
    static void write(OutputStream out, byte[]... parts) throws IOException {
        RunLengthGzip g = new RunLengthGzip(out);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}); // no name, no time, unknown OS
        g.put(1, 1); // the last block
        g.put(1, 2); // fixed Huffman codes
        for (byte[] part : parts) g.runs(part);
        g.symbol(256); // end of block
        g.flushBits();
        long c = g.crc.getValue();
        g.out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
                (byte) g.size, (byte) (g.size >>> 8), (byte) (g.size >>> 16), (byte) (g.size >>> 24)});
    }

    private void runs(byte[] data) throws IOException {
        crc.update(data);
        size += data.length;
        for (int i = 0; i < data.length; ) {
            int b = data[i] & 0xff, end = i + 1;
            long eight = (b & 0xffL) * 0x0101010101010101L; // eight bytes of the run, compared at once
            while (end + 8 <= data.length && (long) EIGHT_BYTES.get(data, end) == eight) end += 8;
            while (end < data.length && data[end] == data[i]) end++;
            int run = end - i;
            if (b != previous) {
                symbol(b);
                previous = b;
                run--;
            }
            for (; run >= 3; ) {
                int len = Math.min(run, 258);
                if (run - len == 1 || run - len == 2) len = run - 3; // leave a last copy of 3, not 1 or 2 literals
                match(len);
                run -= len;
            }
            for (; run > 0; run--) symbol(b);
            i = end;
        }
    }

    /** A copy of {@code len} bytes from distance 1. */
    private void match(int len) throws IOException {
        put(MATCH[len], MATCH_BITS[len]);
    }

    /** A literal/length symbol in its fixed code. */
    private void symbol(int s) throws IOException {
        put(CODE[s], CODE_BITS[s]);
    }

    /** The low {@code count} bits of {@code value}, least significant first. */
    private void put(int value, int count) throws IOException {
        bits |= (long) value << bitCount;
        bitCount += count;
        while (bitCount >= 8) {
            if (pos == buf.length) drain();
            buf[pos++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    private void flushBits() throws IOException {
        if (bitCount > 0) put(0, 8 - bitCount);
        drain();
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }
}
