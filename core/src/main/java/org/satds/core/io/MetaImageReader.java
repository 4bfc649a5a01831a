package org.satds.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/**
 * Reads MetaImage volumes: .mhd headers with a detached .raw/.zraw, and .mha files with the data inline. The
 * geometry is what MONAI 1.1.0's ITKReader yields, as the original loader read these files through ITK: ITK's
 * MetaImageIO takes TransformMatrix as one direction cosine vector per voxel axis (axis 0 first), scales them by
 * ElementSpacing, takes Offset as origin, all in LPS, and MONAI negates the first two rows for RAS.
 * Written by hand: no library on Maven Central reads MetaImage, and the format is a short text header.
 */
public final class MetaImageReader {
    private static final int MAX_HEADER = 1 << 16;

    /**
     * The header fields that define voxels and geometry.
     *
     * @param dataFile   the file holding the voxels (the header file itself for ElementDataFile = LOCAL)
     * @param dataOffset where the voxels start in dataFile, or -1 for "the last bytes of the file" (HeaderSize = -1)
     */
    public record Header(int[] shape, DataType type, ByteOrder order, Affine affine, boolean compressed,
                         Path dataFile, long dataOffset) {}

    private MetaImageReader() {}

    public static Volume read(Path file, ReadOptions options) throws IOException {
        Header h = readHeader(file);
        try (InputStream raw = RawVoxels.open(h.dataFile(), file)) {
            InputStream in = raw;
            long size = Files.size(h.dataFile()), available;
            if (h.compressed()) {
                RawVoxels.skip(raw, h.dataOffset(), h.dataFile());
                in = Inputs.inflate(raw, h.dataFile());
                available = (size - h.dataOffset()) * VerifiedInflater.MAX_RATIO;
            } else {
                long bytes = (long) h.shape()[0] * h.shape()[1] * h.shape()[2] * h.type().bytes;
                long offset = h.dataOffset() >= 0 ? h.dataOffset() : size - bytes;
                if (offset < 0) throw new VolumeFormatException(h.dataFile(), "file is truncated: smaller than the " + bytes + " voxel bytes the header declares");
                available = size - offset;
                RawVoxels.skip(raw, offset, h.dataFile());
            }
            return RawVoxels.decode(in, h.dataFile(), h.shape(), h.type(), h.order(), h.affine(), options, available);
        }
    }

    public static Header readHeader(Path file) throws IOException {
        Map<String, String> f = new HashMap<>();
        long end;
        try (InputStream in = RawVoxels.open(file, file)) {
            long pos = 0;
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    line.write(c);
                    if (++pos > MAX_HEADER) throw new VolumeFormatException(file, "not a MetaImage header (no ElementDataFile in the first 64 KiB)");
                }
                if (c >= 0) pos++;
                String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                if (c < 0 && text.isEmpty()) throw new VolumeFormatException(file, "MetaImage header has no ElementDataFile line");
                if (text.isEmpty()) continue;
                int eq = text.indexOf('=');
                if (eq <= 0) throw new VolumeFormatException(file, "bad MetaImage header line: " + shorten(text));
                String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                f.put(key, text.substring(eq + 1).strip());
                if (key.equals("elementdatafile")) break; // MetaIO: always the last field, the data follows
            }
            end = pos;
        }
        return parse(file, f, end);
    }

    private static Header parse(Path file, Map<String, String> f, long headerEnd) throws VolumeFormatException {
        int ndims = (int) numbers(file, f, "NDims", 1, new double[] {0})[0];
        if (ndims != 3) throw new VolumeFormatException(file, "only 3D MetaImages are supported (NDims = " + f.get("ndims") + ")");
        if (f.containsKey("elementnumberofchannels") && !f.get("elementnumberofchannels").equals("1"))
            throw new VolumeFormatException(file, "multi-component MetaImages are not supported (ElementNumberOfChannels = " + f.get("elementnumberofchannels") + ")");
        if ("false".equalsIgnoreCase(f.get("binarydata")))
            throw new VolumeFormatException(file, "ASCII MetaImage data (BinaryData = False) is not supported");
        double[] dims = numbers(file, f, "DimSize", 3, null);
        int[] shape = new int[3];
        for (int i = 0; i < 3; i++) {
            if (dims[i] < 1 || dims[i] != Math.rint(dims[i]) || dims[i] > Integer.MAX_VALUE)
                throw new VolumeFormatException(file, "bad DimSize " + f.get("dimsize"));
            shape[i] = (int) dims[i];
        }
        // MetaIO falls back to ElementSize when ElementSpacing is absent; Position and Origin are synonyms of Offset
        double[] spacing = numbers(file, f, f.containsKey("elementspacing") ? "ElementSpacing" : "ElementSize", 3, new double[] {1, 1, 1});
        double[] origin = numbers(file, f, firstPresent(f, "Offset", "Position", "Origin"), 3, new double[3]);
        double[] matrix = numbers(file, f, firstPresent(f, "TransformMatrix", "Rotation", "Orientation"), 9,
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        double[][] steps = new double[3][3];
        for (int axis = 0; axis < 3; axis++)
            for (int w = 0; w < 3; w++) steps[axis][w] = matrix[3 * axis + w] * spacing[axis];
        DataType type = elementType(file, f.get("elementtype"));
        String msb = f.getOrDefault("binarydatabyteordermsb", f.getOrDefault("elementbyteordermsb", "False"));
        ByteOrder order = msb.equalsIgnoreCase("true") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean compressed = "true".equalsIgnoreCase(f.get("compresseddata"));
        String data = f.get("elementdatafile");
        if (data.equalsIgnoreCase("LIST") || data.contains("%") || data.contains(" "))
            throw new VolumeFormatException(file, "multi-file MetaImage data (ElementDataFile = " + data + ") is not supported");
        boolean local = data.equalsIgnoreCase("LOCAL");
        long headerSize = (long) numbers(file, f, "HeaderSize", 1, new double[] {0})[0];
        if (headerSize == -1 && compressed) throw new VolumeFormatException(file, "HeaderSize = -1 is not allowed with compressed data");
        long offset = headerSize == -1 ? -1 : (local ? headerEnd : 0) + headerSize;
        Path dataFile = local ? file : file.toAbsolutePath().resolveSibling(data);
        return new Header(shape, type, order, RawVoxels.itkToRas(steps, origin), compressed, dataFile, offset);
    }

    private static String firstPresent(Map<String, String> f, String... keys) {
        for (String k : keys) if (f.containsKey(k.toLowerCase(Locale.ROOT))) return k;
        return keys[0];
    }

    /** The field's n numbers, or the default when it is absent (a null default makes the field required). */
    private static double[] numbers(Path file, Map<String, String> f, String key, int n, double[] dflt) throws VolumeFormatException {
        String v = f.get(key.toLowerCase(Locale.ROOT));
        if (v == null) {
            if (dflt == null) throw new VolumeFormatException(file, "MetaImage header lacks " + key);
            return dflt;
        }
        String[] parts = v.split("\\s+");
        if (parts.length != n) throw new VolumeFormatException(file, "MetaImage " + key + " needs " + n + " numbers, not '" + v + "'");
        double[] out = new double[n];
        try {
            for (int i = 0; i < n; i++) out[i] = Double.parseDouble(parts[i]);
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(file, "MetaImage " + key + " is not numeric: '" + v + "'");
        }
        return out;
    }

    /** MetaIO element types; MET_LONG and MET_ULONG are 4 bytes in MetaIO whatever the platform's long. */
    private static DataType elementType(Path file, String t) throws VolumeFormatException {
        if (t == null) throw new VolumeFormatException(file, "MetaImage header lacks ElementType");
        return switch (t.toUpperCase(Locale.ROOT)) {
            case "MET_CHAR" -> DataType.INT8;
            case "MET_UCHAR" -> DataType.UINT8;
            case "MET_SHORT" -> DataType.INT16;
            case "MET_USHORT" -> DataType.UINT16;
            case "MET_INT", "MET_LONG" -> DataType.INT32;
            case "MET_UINT", "MET_ULONG" -> DataType.UINT32;
            case "MET_LONG_LONG" -> DataType.INT64;
            case "MET_ULONG_LONG" -> DataType.UINT64;
            case "MET_FLOAT" -> DataType.FLOAT32;
            case "MET_DOUBLE" -> DataType.FLOAT64;
            default -> throw new VolumeFormatException(file, "unsupported MetaImage ElementType " + t);
        };
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
