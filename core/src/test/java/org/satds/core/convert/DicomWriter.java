package org.satds.core.convert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes minimal explicit-VR little-endian DICOM slices for tests. */
final class DicomWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    DicomWriter(String transferSyntax) {
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        text(0x0002, 0x0010, "UI", transferSyntax);
    }

    DicomWriter text(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) v = (value + (vr.equals("UI") ? "\0" : " ")).getBytes(StandardCharsets.US_ASCII);
        return element(group, element, vr, v);
    }

    DicomWriter us(int group, int element, int value) {
        return element(group, element, "US", ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
    }

    /** An empty sequence of undefined length holding one item of undefined length, to exercise the skipping. */
    DicomWriter emptySequence(int group, int element) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 8 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element).put("SQ".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(-1);
        b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        b.putShort((short) 0x0008).putShort((short) 0x0100).put("SH".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0);
        b.putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        out.writeBytes(b.array());
        return this;
    }

    DicomWriter pixels(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : values) b.putShort(s);
        return element(0x7FE0, 0x0010, "OW", b.array());
    }

    DicomWriter element(int group, int element, String vr, byte[] value) {
        boolean longForm = vr.equals("OW") || vr.equals("OB") || vr.equals("SQ") || vr.equals("UN");
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) b.putShort((short) 0).putInt(value.length);
        else b.putShort((short) value.length);
        out.writeBytes(b.array());
        out.writeBytes(value);
        return this;
    }

    void write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
    }
}
