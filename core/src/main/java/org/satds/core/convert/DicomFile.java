package org.satds.core.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.satds.core.io.VolumeFormatException;

/**
 * The top-level elements of one DICOM file that a volume needs, read from the uncompressed transfer syntaxes
 * (implicit VR little endian, explicit VR little and big endian). Sequences
 * are skipped whole; values are kept as byte ranges and decoded on request with the VR the tag is known to have.
 */
final class DicomFile {
    static final int SERIES_UID = 0x0020000E, POSITION = 0x00200032,
            ORIENTATION = 0x00200037, SAMPLES = 0x00280002, FRAMES = 0x00280008, ROWS = 0x00280010,
            COLUMNS = 0x00280011, PIXEL_SPACING = 0x00280030, BITS_ALLOCATED = 0x00280100, BITS_STORED = 0x00280101,
            PIXEL_REPRESENTATION = 0x00280103, INTERCEPT = 0x00281052, SLOPE = 0x00281053, PIXEL_DATA = 0x7FE00010;
    private static final int MEDIA_SOP_CLASS = 0x00020002, TRANSFER_SYNTAX = 0x00020010, ITEM = 0xFFFEE000, ITEM_END = 0xFFFEE00D, SEQUENCE_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    final Path file;
    final ByteOrder order;
    private final byte[] data;
    private final boolean explicit;
    private final Map<Integer, int[]> values = new HashMap<>(); // tag -> {offset, length} in data
    private String sopClass;

    private DicomFile(Path file, byte[] data, ByteOrder order, boolean explicit) {
        this.file = file;
        this.data = data;
        this.order = order;
        this.explicit = explicit;
    }

    /** Whether the file carries the "DICM" marker after its 128-byte preamble. */
    static boolean hasMarker(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && new String(head, 128, 4, StandardCharsets.US_ASCII).equals("DICM");
        }
    }

    static DicomFile read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 132 || !new String(bytes, 128, 4, StandardCharsets.US_ASCII).equals("DICM"))
            throw new VolumeFormatException(file, "not a DICOM file (no DICM marker after the 128-byte preamble)");
        DicomFile meta = new DicomFile(file, bytes, ByteOrder.LITTLE_ENDIAN, true);
        int start = meta.parse(132, true);
        String ts = meta.string(TRANSFER_SYNTAX);
        if (ts == null) throw new VolumeFormatException(file, "DICOM file meta information lacks the transfer syntax");
        DicomFile d = switch (ts) {
            case "1.2.840.10008.1.2" -> new DicomFile(file, bytes, ByteOrder.LITTLE_ENDIAN, false);
            case "1.2.840.10008.1.2.1" -> new DicomFile(file, bytes, ByteOrder.LITTLE_ENDIAN, true);
            case "1.2.840.10008.1.2.2" -> new DicomFile(file, bytes, ByteOrder.BIG_ENDIAN, true);
            default -> throw new VolumeFormatException(file, "DICOM transfer syntax " + syntaxName(ts) + " (" + ts
                    + ") is not supported; decompress the series first (e.g. gdcmconv --raw)");
        };
        d.sopClass = meta.string(MEDIA_SOP_CLASS);
        d.parse(start, false);
        return d;
    }

    /** The name of a transfer syntax this reader cannot decode (DICOM PS3.6 Table A-1), for the refusal. */
    static String syntaxName(String uid) {
        return switch (uid) {
            case "1.2.840.10008.1.2.1.99" -> "Deflated Explicit VR Little Endian";
            case "1.2.840.10008.1.2.4.50" -> "JPEG Baseline (Process 1)";
            case "1.2.840.10008.1.2.4.51" -> "JPEG Extended (Process 2 & 4)";
            case "1.2.840.10008.1.2.4.57" -> "JPEG Lossless, Non-Hierarchical (Process 14)";
            case "1.2.840.10008.1.2.4.70" -> "JPEG Lossless, First-Order Prediction (Process 14 SV1)";
            case "1.2.840.10008.1.2.4.80" -> "JPEG-LS Lossless";
            case "1.2.840.10008.1.2.4.81" -> "JPEG-LS Near-Lossless";
            case "1.2.840.10008.1.2.4.90" -> "JPEG 2000 (Lossless Only)";
            case "1.2.840.10008.1.2.4.91" -> "JPEG 2000";
            case "1.2.840.10008.1.2.4.92" -> "JPEG 2000 Part 2 Multi-component (Lossless Only)";
            case "1.2.840.10008.1.2.4.93" -> "JPEG 2000 Part 2 Multi-component";
            case "1.2.840.10008.1.2.4.201" -> "High-Throughput JPEG 2000 (Lossless Only)";
            case "1.2.840.10008.1.2.4.202" -> "High-Throughput JPEG 2000 with RPCL Options (Lossless Only)";
            case "1.2.840.10008.1.2.4.203" -> "High-Throughput JPEG 2000";
            case "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101" -> "MPEG2";
            case "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
                 "1.2.840.10008.1.2.4.106" -> "MPEG-4 AVC/H.264";
            case "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108" -> "HEVC/H.265";
            case "1.2.840.10008.1.2.5" -> "RLE Lossless";
            default -> "unknown";
        };
    }

    /** Records top-level elements from pos; with metaOnly, stops after group 0002. Returns where it stopped. */
    private int parse(int pos, boolean metaOnly) throws VolumeFormatException {
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        if (!metaOnly && pos < data.length && pos + 8 > data.length) throw new VolumeFormatException(file, "DICOM file is truncated in an element header");
        while (pos + 8 <= data.length) {
            if (metaOnly && b.getShort(pos) != 0x0002) return pos; // the meta group is always little endian
            long[] h = header(b, pos);
            int tag = (int) h[0];
            pos = (int) h[2];
            if (h[1] == UNDEFINED) {
                if (tag == PIXEL_DATA) throw new VolumeFormatException(file, "encapsulated (compressed) pixel data is not supported");
                pos = skipUndefined(b, pos, 0);
                continue;
            }
            if (pos + h[1] > data.length) throw new VolumeFormatException(file, "DICOM file is truncated in element " + tagName(tag));
            values.put(tag, new int[] {pos, (int) h[1]});
            if (tag == PIXEL_DATA) return pos;
            pos += (int) h[1];
            if (pos < data.length && pos + 8 > data.length) throw new VolumeFormatException(file, "DICOM file is truncated in an element header");
        }
        return pos;
    }

    /** Reads the element header at pos: {tag, value length, value offset}. */
    private long[] header(ByteBuffer b, int pos) throws VolumeFormatException {
        int group = b.getShort(pos) & 0xffff, element = b.getShort(pos + 2) & 0xffff;
        int tag = group << 16 | element;
        if (group == 0xFFFE || !explicit) return new long[] {tag, b.getInt(pos + 4) & UNDEFINED, pos + 8};
        String vr = new String(data, pos + 4, 2, StandardCharsets.US_ASCII);
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> {
                if (pos + 12 > data.length) throw new VolumeFormatException(file, "DICOM file is truncated in element " + tagName(tag));
                yield new long[] {tag, b.getInt(pos + 8) & UNDEFINED, pos + 12};
            }
            default -> new long[] {tag, b.getShort(pos + 6) & 0xffff, pos + 8};
        };
    }

    /** Skips a sequence of undefined length (items of any length, nested sequences) and returns the position after it. */
    private int skipUndefined(ByteBuffer b, int pos, int depth) throws VolumeFormatException {
        if (depth > 64) throw new VolumeFormatException(file, "DICOM sequences nested more than 64 deep (damaged file?)");
        while (pos + 8 <= data.length) {
            long[] h = header(b, pos);
            pos = (int) h[2];
            if (h[0] == SEQUENCE_END) return pos;
            if (h[0] == ITEM_END || (h[0] == ITEM && h[1] == UNDEFINED)) continue; // an open item's elements follow
            if (h[1] != UNDEFINED && pos + h[1] > data.length) break;
            pos = h[1] == UNDEFINED ? skipUndefined(b, pos, depth + 1) : pos + (int) h[1];
        }
        throw new VolumeFormatException(file, "DICOM file is truncated inside a sequence");
    }

    /** A text value with padding removed, or null when absent. */
    String string(int tag) {
        int[] v = values.get(tag);
        if (v == null) return null;
        return new String(data, v[0], v[1], StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
    }

    /** A decimal or integer string value (DS, IS) split at backslashes, or null when absent or empty. */
    double[] numbers(int tag) throws VolumeFormatException {
        String s = string(tag);
        if (s == null || s.isEmpty()) return null;
        String[] parts = s.split("\\\\");
        double[] out = new double[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].strip());
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(file, "DICOM element " + tagName(tag) + " is not numeric: '" + s + "'");
        }
        return out;
    }

    /** An unsigned short value (US), or the default when absent. */
    int unsignedShort(int tag, int dflt) {
        int[] v = values.get(tag);
        if (v == null || v[1] < 2) return dflt;
        return ByteBuffer.wrap(data).order(order).getShort(v[0]) & 0xffff;
    }

    /**
     * Whether the object's SOP class carries no pixels by definition (structured reports, presentation states, RT
     * structure sets and plans, waveforms, encapsulated documents, raw data, directories), so lacking pixel data is
     * no damage; any other object without pixel data is an image that lost them.
     */
    boolean isNonImage() {
        if (sopClass == null) return false;
        String storage = "1.2.840.10008.5.1.4.1.1.";
        return sopClass.equals("1.2.840.10008.1.3.10") || sopClass.startsWith(storage + "88.") || sopClass.startsWith(storage + "11.")
                || sopClass.startsWith(storage + "9.") || sopClass.startsWith(storage + "104.") || sopClass.equals(storage + "66")
                || sopClass.equals(storage + "481.3") || sopClass.equals(storage + "481.5");
    }

    /** Offset and length of the pixel data in {@link #bytes()}, or null. */
    int[] pixelData() {
        return values.get(PIXEL_DATA);
    }

    byte[] bytes() {
        return data;
    }

    static String tagName(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
    }
}
