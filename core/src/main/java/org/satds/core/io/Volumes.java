package org.satds.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/**
 * Reads a volume, or only its header, from any supported file. The format is chosen by the file name's ending, here
 * and nowhere else: a new format is one entry of {@link #FORMATS}.
 */
public final class Volumes {
    /** A file format: its reader, and its header reader (null: the header is taken from the volume read whole). */
    private record Format(VolumeReader reader, HeaderReader header) {}

    @FunctionalInterface
    private interface HeaderReader {
        VolumeHeader read(Path file) throws IOException;
    }

    private static final Map<String, Format> FORMATS = new LinkedHashMap<>();

    static {
        Format nifti = new Format(NiftiReader::read, f -> VolumeHeader.of(NiftiReader.readHeader(f)));
        Format metaImage = new Format(MetaImageReader::read, f -> {
            MetaImageReader.Header h = MetaImageReader.readHeader(f);
            return new VolumeHeader(h.shape(), h.type(), h.affine(), null);
        });
        Format nrrd = new Format(NrrdReader::read, f -> {
            NrrdReader.Header h = NrrdReader.readHeader(f);
            return new VolumeHeader(h.shape(), h.type(), h.affine(), null);
        });
        FORMATS.put(".nii.gz", nifti);
        FORMATS.put(".nii", nifti);
        FORMATS.put(".npy", new Format(Volumes::readNpy, Volumes::npyHeader));
        FORMATS.put(".mhd", metaImage);
        FORMATS.put(".mha", metaImage);
        FORMATS.put(".nrrd", nrrd);
        FORMATS.put(".nhdr", nrrd);
    }

    private Volumes() {}

    public static Volume read(Path file, ReadOptions options) throws IOException {
        try {
            return format(file).reader().read(file, options);
        } catch (EOFException ex) {
            throw new VolumeFormatException(file, "file is truncated (" + ex.getMessage() + ")", ex);
        }
    }

    /** The file's shape, type and geometry from its header alone (a format without one is read whole). */
    public static VolumeHeader header(Path file) throws IOException {
        Format format = format(file);
        try {
            if (format.header() != null) return format.header().read(file);
            Volume v = format.reader().read(file, ReadOptions.IMAGE);
            int[] shape = v.channels() == 1 ? v.shape() : new int[] {v.shape()[0], v.shape()[1], v.shape()[2], v.channels()};
            return new VolumeHeader(shape, DataType.FLOAT32, v.affine(), null);
        } catch (EOFException ex) {
            throw new VolumeFormatException(file, "file is truncated (" + ex.getMessage() + ")", ex);
        }
    }

    private static Format format(Path file) throws VolumeFormatException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Format> e : FORMATS.entrySet()) if (name.endsWith(e.getKey())) return e.getValue();
        throw new VolumeFormatException(file, "unsupported file type (known: " + String.join(", ", FORMATS.keySet()) + ")");
    }

    /** An npy's shape from its header, as {@link #readNpy} would give it read whole (its values as float32). */
    private static VolumeHeader npyHeader(Path file) throws IOException {
        int[] s = Npy.readHeader(file).shape();
        if (s.length < 3 || s.length > 4) throw npyRank(file, s);
        return new VolumeHeader(s, DataType.FLOAT32, Affine.identity(), null);
    }

    private static VolumeFormatException npyRank(Path file, int[] shape) {
        return new VolumeFormatException(file, "npy volume must be 3D or 4D, not " + shape.length + "D");
    }

    /**
     * A .npy array as a volume with identity geometry, as MONAI's NumpyReader gives it: axes in array order,
     * 1 mm voxels. A 4D array is channel-first when the options say so, else channel-last.
     */
    static Volume readNpy(Path file, ReadOptions options) throws IOException {
        Npy.Array a = Npy.read(file);
        int[] s = a.shape();
        if (s.length < 3 || s.length > 4) throw npyRank(file, s);
        boolean first = s.length == 4 && options.channelsFirst();
        int channels = s.length == 3 ? 1 : first ? s[0] : s[3];
        int[] shape = first ? new int[] {s[1], s[2], s[3]} : new int[] {s[0], s[1], s[2]};
        int voxels = shape[0] * shape[1] * shape[2];
        float[][] out = new float[channels][voxels];
        long n = a.size();
        for (long i = 0; i < n; i++) {
            // decompose the element's position along the array axes, in the file's own order
            long rest = i;
            int[] pos = new int[s.length];
            if (a.fortranOrder()) {
                for (int d = 0; d < s.length; d++) { pos[d] = (int) (rest % s[d]); rest /= s[d]; }
            } else {
                for (int d = s.length - 1; d >= 0; d--) { pos[d] = (int) (rest % s[d]); rest /= s[d]; }
            }
            int c = s.length == 3 ? 0 : first ? pos[0] : pos[3];
            int off = first ? 1 : 0;
            int v = pos[off] + shape[0] * (pos[off + 1] + shape[1] * pos[off + 2]);
            out[c][v] = a.floats() != null ? a.floats()[(int) i] : a.bools()[(int) i];
        }
        return Volume.ofFloats(shape, Affine.identity(), out);
    }
}
