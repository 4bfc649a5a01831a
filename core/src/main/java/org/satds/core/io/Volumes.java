package org.satds.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.satds.core.geom.Affine;
import org.satds.core.volume.Volume;

/** Reads a volume from any supported file, choosing the format by the file name's ending. */
public final class Volumes {
    private static final Map<String, VolumeReader> READERS = new LinkedHashMap<>();

    static {
        READERS.put(".nii.gz", NiftiReader::read);
        READERS.put(".nii", NiftiReader::read);
        READERS.put(".npy", Volumes::readNpy);
        READERS.put(".mhd", MetaImageReader::read);
        READERS.put(".mha", MetaImageReader::read);
        READERS.put(".nrrd", NrrdReader::read);
        READERS.put(".nhdr", NrrdReader::read);
    }

    private Volumes() {}

    /** Adds or replaces the reader for files whose name ends with {@code suffix} (lower case, with the dot). */
    public static synchronized void register(String suffix, VolumeReader reader) {
        READERS.put(suffix, reader);
    }

    public static Volume read(Path file, ReadOptions options) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, VolumeReader> e : READERS.entrySet()) {
            if (name.endsWith(e.getKey())) {
                try {
                    return e.getValue().read(file, options);
                } catch (EOFException ex) {
                    throw new VolumeFormatException(file, "file is truncated (" + ex.getMessage() + ")", ex);
                }
            }
        }
        throw new VolumeFormatException(file, "unsupported file type (known: " + String.join(", ", READERS.keySet()) + ")");
    }

    /**
     * A .npy array as a volume with identity geometry, as MONAI's NumpyReader gives it: axes in array order,
     * 1 mm voxels. A 4D array is channel-first when the options say so, else channel-last.
     */
    static Volume readNpy(Path file, ReadOptions options) throws IOException {
        Npy.Array a = Npy.read(file);
        int[] s = a.shape();
        if (s.length < 3 || s.length > 4) throw new VolumeFormatException(file, "npy volume must be 3D or 4D, not " + s.length + "D");
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
