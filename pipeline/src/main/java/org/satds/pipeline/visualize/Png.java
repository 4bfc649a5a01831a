package org.satds.pipeline.visualize;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A picture as a PNG file, byte for byte what ImageIO's PNG writer makes of it with its defaults (JDK 17 to 25):
 * 8-bit RGB, every row unfiltered (that writer filters only palette images), zlib at level 4, the stream in IDAT
 * chunks of 32,768 bytes, no other chunk. ImageIO gets there through a temporary file, a copy of each row as one int
 * per sample and a CRC computed in Java, which took more of a thumbnail's time than drawing it; this deflates the
 * rows as they are.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** ImageIO's default compression level and IDAT chunk length. */
    static final int LEVEL = 4, CHUNK = 32768;

    private Png() {}

    /** Writes the file in one piece. */
    static void write(BufferedImage picture, OutputStream out) throws IOException {
        out.write(encode(picture));
    }

    /** @param picture of type {@link BufferedImage#TYPE_INT_RGB}, as {@link Pictures} draws them */
    public static byte[] encode(BufferedImage picture) {
        if (picture.getType() != BufferedImage.TYPE_INT_RGB) throw new IllegalArgumentException("not an RGB picture: " + picture);
        int w = picture.getWidth(), h = picture.getHeight();
        byte[] data = deflatedRows(picture, w, h);
        ByteBuffer file = ByteBuffer.allocate(SIGNATURE.length + 25 + data.length + 12 * ((data.length + CHUNK - 1) / CHUNK) + 12);
        file.put(SIGNATURE);
        // width, height, bit depth, colour type RGB, deflate, adaptive filtering, not interlaced
        byte[] header = ByteBuffer.allocate(13).putInt(w).putInt(h).put(new byte[] {8, 2, 0, 0, 0}).array();
        chunk(file, "IHDR", header, 0, header.length);
        for (int at = 0; at < data.length; at += CHUNK) chunk(file, "IDAT", data, at, Math.min(CHUNK, data.length - at));
        chunk(file, "IEND", data, 0, 0);
        return file.array();
    }

    /** The zlib stream of the rows, each its filter byte (0: none) and its pixels' red, green and blue bytes. */
    private static byte[] deflatedRows(BufferedImage picture, int w, int h) {
        int[] pixels = new int[w];
        byte[] row = new byte[1 + 3 * w];
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(LEVEL);
        try {
            for (int y = 0; y < h; y++) {
                picture.getRaster().getDataElements(0, y, w, 1, pixels);
                for (int x = 0, k = 1; x < w; x++) {
                    int p = pixels[x];
                    row[k++] = (byte) (p >> 16);
                    row[k++] = (byte) (p >> 8);
                    row[k++] = (byte) p;
                }
                deflater.setInput(row);
                while (!deflater.needsInput()) data.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.finish();
            while (!deflater.finished()) data.write(buffer, 0, deflater.deflate(buffer));
        } finally {
            deflater.end();
        }
        return data.toByteArray();
    }

    /** Length, type, data and the CRC-32 of type and data. */
    private static void chunk(ByteBuffer file, String type, byte[] data, int from, int length) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, from, length);
        file.putInt(length).put(name).put(data, from, length).putInt((int) crc.getValue());
    }
}
