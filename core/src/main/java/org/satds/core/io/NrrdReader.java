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
 * Reads 3D NRRD volumes (.nrrd with attached data, .nhdr with a detached data file), raw or gzip encoded. The
 * geometry is ITK's, as MONAI 1.1.0's ITKReader presents it: the original pipeline turned every NRRD into NIfTI
 * with SimpleITK before loading (no dataset record points to a .nrrd; MONAI's own pynrrd-based NrrdReader, which
 * LoadImage would prefer for .nrrd and which transposes "space directions", was never involved). ITK's
 * NrrdImageIO turns "space directions" and "space origin" into LPS (negating x and y for a right-anterior-superior
 * space; any space other than RAS, LAS and LPS is taken as it is), falls back to "spacings" along the array axes,
 * and MONAI negates the first two rows for RAS. A left-anterior-superior space is converted as ITK did until 5.4
 * (negating x, not y: ITK bug #5207, fixed in 2025), since that is what the original pipeline saw. Checked
 * against Debian's ITK 5.2 on oblique RAS, LAS, LPS, scanner-xyz and spacings-only files. Written by hand: no
 * maintained NRRD reader is on Maven Central, and the header is short text.
 */
public final class NrrdReader {
    private static final int MAX_HEADER = 1 << 16;

    /**
     * The header fields that define voxels and geometry.
     *
     * @param dataFile  the file holding the voxels (the .nrrd itself when attached)
     * @param dataStart where the encoded data starts in dataFile, before "line skip" and "byte skip"
     * @param byteSkip  bytes to skip in the (decoded) data; -1 means the data are the last bytes of a raw file
     */
    public record Header(int[] shape, DataType type, ByteOrder order, Affine affine, boolean gzip, Path dataFile,
                         long dataStart, int lineSkip, long byteSkip) {}

    private NrrdReader() {}

    public static Volume read(Path file, ReadOptions options) throws IOException {
        Header h = readHeader(file);
        try (InputStream raw = RawVoxels.open(h.dataFile(), file)) {
            RawVoxels.skip(raw, h.dataStart(), h.dataFile());
            for (int i = 0; i < h.lineSkip(); i++) {
                int c;
                while ((c = raw.read()) >= 0 && c != '\n') { /* skip the line */ }
                if (c < 0) throw new VolumeFormatException(h.dataFile(), "file ends within the " + h.lineSkip() + " lines to skip");
            }
            InputStream in = raw;
            long size = Files.size(h.dataFile()), available;
            if (h.gzip()) {
                in = Inputs.inflate(raw, h.dataFile());
                available = (size - h.dataStart()) * VerifiedInflater.MAX_RATIO - h.byteSkip();
                RawVoxels.skip(in, h.byteSkip(), h.dataFile());
            } else {
                long bytes = (long) h.shape()[0] * h.shape()[1] * h.shape()[2] * h.type().bytes;
                long skip = h.byteSkip() >= 0 ? h.byteSkip() : size - h.dataStart() - bytes;
                if (skip < 0) throw new VolumeFormatException(h.dataFile(), "file is truncated: smaller than the " + bytes + " voxel bytes the header declares");
                available = size - h.dataStart() - skip;
                RawVoxels.skip(raw, skip, h.dataFile());
            }
            return RawVoxels.decode(in, h.dataFile(), h.shape(), h.type(), h.order(), h.affine(), options, available);
        }
    }

    public static Header readHeader(Path file) throws IOException {
        Map<String, String> f = new HashMap<>();
        long pos = 0;
        try (InputStream in = RawVoxels.open(file, file)) {
            boolean first = true;
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    line.write(c);
                    if (++pos > MAX_HEADER) throw new VolumeFormatException(file, "NRRD header is longer than 64 KiB");
                }
                if (c >= 0) pos++;
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
                if (first) {
                    if (!text.startsWith("NRRD000")) throw new VolumeFormatException(file, "not a NRRD file (no NRRD000x magic line)");
                    first = false;
                } else if (text.isEmpty()) {
                    break; // a blank line ends the header; attached data follow
                } else if (!text.startsWith("#") && !text.contains(":=")) { // comments and key/value pairs carry no geometry
                    int colon = text.indexOf(": ");
                    if (colon <= 0) throw new VolumeFormatException(file, "bad NRRD header line: " + shorten(text));
                    f.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 2).strip());
                }
                if (c < 0) break; // a detached header may end without a blank line
            }
        }
        return parse(file, f, pos);
    }

    private static Header parse(Path file, Map<String, String> f, long headerEnd) throws VolumeFormatException {
        String dimension = require(file, f, "dimension");
        if (!dimension.equals("3")) throw new VolumeFormatException(file, "only 3D NRRD volumes are supported (dimension: " + dimension + ")");
        String[] sizes = require(file, f, "sizes").split("\\s+");
        if (sizes.length != 3) throw new VolumeFormatException(file, "NRRD sizes needs 3 numbers: " + f.get("sizes"));
        int[] shape = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                shape[i] = Integer.parseInt(sizes[i]);
            } catch (NumberFormatException e) {
                shape[i] = 0;
            }
            if (shape[i] < 1) throw new VolumeFormatException(file, "bad NRRD sizes: " + f.get("sizes"));
        }
        DataType type = type(file, require(file, f, "type"));
        String endian = f.get("endian");
        if (endian == null && type.bytes > 1) throw new VolumeFormatException(file, "NRRD header lacks endian for " + type + " data");
        ByteOrder order = "big".equals(endian) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String encoding = require(file, f, "encoding");
        boolean gzip = encoding.equals("gzip") || encoding.equals("gz");
        if (!gzip && !encoding.equals("raw"))
            throw new VolumeFormatException(file, "NRRD encoding '" + encoding + "' is not supported (raw and gzip are)");

        double[][] steps = new double[3][3];
        double[] origin = new double[3];
        double[] flip = worldFlipToLps(f.get("space"));
        if (f.containsKey("space directions")) {
            String[] vecs = f.get("space directions").split("\\)\\s*");
            if (vecs.length != 3 || f.get("space directions").contains("none"))
                throw new VolumeFormatException(file, "NRRD space directions must give 3 vectors, one per spatial axis: " + f.get("space directions"));
            for (int a = 0; a < 3; a++) steps[a] = vector(file, vecs[a] + ")", flip);
            if (f.containsKey("space origin")) origin = vector(file, f.get("space origin"), flip);
        } else {
            String[] sp = f.getOrDefault("spacings", "1 1 1").split("\\s+");
            if (sp.length != 3) throw new VolumeFormatException(file, "NRRD spacings needs 3 numbers: " + f.get("spacings"));
            for (int a = 0; a < 3; a++) {
                double s = number(file, sp[a]);
                steps[a][a] = Double.isNaN(s) ? 1 : s; // "nan" marks an unknown spacing; ITK keeps its default of 1
            }
        }

        String data = f.containsKey("data file") ? f.get("data file") : f.get("datafile");
        Path dataFile = file;
        long start = headerEnd;
        if (data != null) {
            if (data.startsWith("LIST") || data.contains(" ") || data.contains("%"))
                throw new VolumeFormatException(file, "multi-file NRRD data (data file: " + data + ") is not supported");
            dataFile = file.toAbsolutePath().resolveSibling(data);
            start = 0;
        }
        int lineSkip = (int) number(file, f.getOrDefault("line skip", f.getOrDefault("lineskip", "0")));
        long byteSkip = (long) number(file, f.getOrDefault("byte skip", f.getOrDefault("byteskip", "0")));
        if (byteSkip < -1 || (byteSkip == -1 && gzip))
            throw new VolumeFormatException(file, "bad NRRD byte skip " + byteSkip + " for " + encoding + " encoding");
        return new Header(shape, type, order, RawVoxels.itkToRas(steps, origin), gzip, dataFile, start, lineSkip, byteSkip);
    }

    /** Per-component factors that take a vector of the NRRD space into LPS, as ITK's NrrdImageIO does. */
    private static double[] worldFlipToLps(String space) {
        if (space == null) return new double[] {1, 1, 1};
        return switch (space.toLowerCase(Locale.ROOT)) {
            case "right-anterior-superior", "ras" -> new double[] {-1, -1, 1};
            case "left-anterior-superior", "las" -> new double[] {-1, 1, 1}; // ITK < 5.4's conversion, kept for parity
            default -> new double[] {1, 1, 1}; // LPS, or a space ITK does not convert (scanner-xyz, 3D-right-handed ...)
        };
    }

    /** Parses "(a,b,c)" and applies the per-component factors. */
    private static double[] vector(Path file, String text, double[] flip) throws VolumeFormatException {
        String t = text.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) throw new VolumeFormatException(file, "bad NRRD vector '" + t + "'");
        String[] parts = t.substring(1, t.length() - 1).split(",");
        if (parts.length != 3) throw new VolumeFormatException(file, "NRRD vector needs 3 components: '" + t + "'");
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) v[i] = number(file, parts[i].strip()) * flip[i];
        return v;
    }

    private static double number(Path file, String s) throws VolumeFormatException {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new VolumeFormatException(file, "NRRD header value is not a number: '" + s + "'");
        }
    }

    private static String require(Path file, Map<String, String> f, String key) throws VolumeFormatException {
        String v = f.get(key);
        if (v == null) throw new VolumeFormatException(file, "NRRD header lacks the '" + key + "' field");
        return v;
    }

    /** The NRRD type names and their synonyms (teem's nrrdType table). */
    private static DataType type(Path file, String t) throws VolumeFormatException {
        return switch (t) {
            case "signed char", "int8", "int8_t" -> DataType.INT8;
            case "uchar", "unsigned char", "uint8", "uint8_t" -> DataType.UINT8;
            case "short", "short int", "signed short", "signed short int", "int16", "int16_t" -> DataType.INT16;
            case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t" -> DataType.UINT16;
            case "int", "signed int", "int32", "int32_t" -> DataType.INT32;
            case "uint", "unsigned int", "uint32", "uint32_t" -> DataType.UINT32;
            case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t" -> DataType.INT64;
            case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t" -> DataType.UINT64;
            case "float" -> DataType.FLOAT32;
            case "double" -> DataType.FLOAT64;
            default -> throw new VolumeFormatException(file, "unsupported NRRD type '" + t + "'");
        };
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
