package org.satds.core.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/**
 * Per-organ mask files stacked into one channel-first mask, as the original HAN_Seg, BrainPTM, TotalSegmentator
 * and NSCLC processors did with np.stack(axis=0): one channel per organ in the given order, zeros for an organ
 * without a file, written on the image's grid. Like the original, only the mask arrays are used (their own
 * affines are not consulted), so each must have the image's shape.
 */
public final class MaskStack {
    /**
     * One channel: the organ's name and its mask file, or null when the case has none.
     *
     * @param binarize 1 where the file's value is above 0, else 0 (NSCLC's thoracic cavity: np.where(m > 0, 1, 0))
     * @param flipX    the file's voxels reversed along x (BrainPTM's brain mask: np.flip(m, 0))
     */
    public record Channel(String name, Path file, boolean binarize, boolean flipX) {
        public Channel(String name, Path file) {
            this(name, file, false, false);
        }
    }

    private MaskStack() {}

    /** Writes the (C, X, Y, Z) uint8 mask; values must be integers in 0..255 (binary masks are 0/1). */
    public static void write(Path nifti, Path image, List<Channel> channels) throws IOException {
        if (channels.isEmpty()) throw new IllegalArgumentException("no channels to stack");
        ImageGeometry g = ImageGeometry.of(image);
        byte[][] data = new byte[channels.size()][];
        byte[] empty = null; // missing organs share one zero array: large label sets stay within memory
        for (int c = 0; c < channels.size(); c++) {
            Path f = channels.get(c).file();
            if (f == null) {
                if (empty == null) empty = new byte[g.shape()[0] * g.shape()[1] * g.shape()[2]];
                data[c] = empty;
                continue;
            }
            Volume m = Volumes.read(f, ReadOptions.MASK);
            g.requireShape(f, m.shape());
            if (m.channels() != 1) throw new VolumeFormatException(f, "mask has " + m.channels() + " channels, expected 1");
            data[c] = channels.get(c).binarize() ? aboveZero(m.floats(0)) : m.isBytes() ? m.bytes(0) : bytes(f, m.floats(0));
            if (channels.get(c).flipX()) flipX(data[c], g.shape());
        }
        NiftiWriter.write(nifti, Volume.ofBytes(g.shape(), g.affine(), data), DataType.UINT8, true);
    }

    private static byte[] aboveZero(float[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) if (v[i] > 0) b[i] = 1;
        return b;
    }

    private static void flipX(byte[] b, int[] shape) {
        for (int row = 0; row < b.length; row += shape[0])
            for (int x = 0, y = shape[0] - 1; x < y; x++, y--) {
                byte t = b[row + x];
                b[row + x] = b[row + y];
                b[row + y] = t;
            }
    }

    private static byte[] bytes(Path f, float[] v) throws VolumeFormatException {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 255 || v[i] != Math.rint(v[i]))
                throw new VolumeFormatException(f, "mask value " + v[i] + " is not an integer label in 0..255");
            b[i] = (byte) v[i];
        }
        return b;
    }
}
