package org.satds.core.convert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes minimal little-endian DICOM slices for tests, with explicit or implicit VRs after the file meta group. */
final class DicomWriter {
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1", IMPLICIT_LE = "1.2.840.10008.1.2";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean implicit;

    DicomWriter(String transferSyntax) {
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        text(0x0002, 0x0010, "UI", transferSyntax); // the meta group is always explicit
        implicit = transferSyntax.equals(IMPLICIT_LE);
    }

    DicomWriter text(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) v = (value + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.US_ASCII);
        return element(group, element, vr, v);
    }

    DicomWriter us(int group, int element, int value) {
        return element(group, element, "US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    /** A sequence of undefined length holding one item of undefined length with one element, to exercise the skipping. */
    DicomWriter undefinedLengthSequence(int group, int element) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (implicit) b.putShort((short) group).putShort((short) element).putInt(-1);
        else b.putShort((short) group).putShort((short) element).put("SQ".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0);
        out.writeBytes(b.array());
        if (!implicit) out.writeBytes(new byte[] {-1, -1, -1, -1});
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1).array());
        text(0x0008, 0x1150, "UI", "1.2.840.10008.5.1.4.1.1.4"); // a referenced SOP class inside the item
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0).array());
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
        return this;
    }

    DicomWriter pixels(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : values) b.putShort(s);
        return element(0x7FE0, 0x0010, "OW", b.array());
    }

    DicomWriter element(int group, int element, String vr, byte[] value) {
        boolean longForm = vr.equals("OW") || vr.equals("OB") || vr.equals("SQ") || vr.equals("UN");
        ByteBuffer b = ByteBuffer.allocate(longForm && !implicit ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element);
        if (implicit) b.putInt(value.length);
        else if (longForm) b.put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(value.length);
        else b.put(vr.getBytes(StandardCharsets.US_ASCII)).putShort((short) value.length);
        out.writeBytes(b.array());
        out.writeBytes(value);
        return this;
    }

    void write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
    }
}
