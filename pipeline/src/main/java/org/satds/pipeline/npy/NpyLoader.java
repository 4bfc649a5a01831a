package org.satds.pipeline.npy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeFormatException;
import org.satds.pipeline.record.ConvertedRecord;

/**
 * Reads a converted sample back (loader_npy.py npy_loader): the image npy, and each label's cropped mask pasted at
 * its box into an empty (H, W, D) volume with H, W, D from chwd; labels whose box is false stay empty.
 */
public final class NpyLoader {
    private NpyLoader() {}

    /** @param base folder that relative paths in the record are resolved against */
    public static ConvertedSample load(ObjectNode record, Path base) throws IOException {
        ConvertedRecord r = ConvertedRecord.of(record, base);
        Npy.Array image = read(r.image());
        if (!Arrays.equals(image.shape(), r.chwd()) || r.chwd()[0] != 1)
            throw new VolumeFormatException(r.image(), "image shape " + Arrays.toString(image.shape())
                    + " does not match chwd " + Arrays.toString(r.chwd()) + " with one channel");
        int h = r.chwd()[1], w = r.chwd()[2], d = r.chwd()[3];
        byte[][] masks = new byte[r.labels().size()][];
        for (int i = 0; i < masks.length; i++) masks[i] = mask(r, i);
        return new ConvertedSample(r.dataset(), r.modality(), r.labels(), new int[] {h, w, d}, image.floats(), masks);
    }

    /**
     * One label's mask pasted into the (H, W, D) grid, as SAT's evaluate_dataset.py builds its ground truth, without
     * reading the image.
     */
    public static byte[] mask(ObjectNode record, Path base, int label) throws IOException {
        return mask(ConvertedRecord.of(record, base), label);
    }

    /** The cropped mask file of a label ({seg_dir}/{label}.npy); null when its box is false (empty, no file). */
    public static Path maskFile(ObjectNode record, Path base, int label) throws IOException {
        ConvertedRecord r = ConvertedRecord.of(record, base);
        return r.boxes().get(label) == null ? null : r.maskFile(label);
    }

    private static byte[] mask(ConvertedRecord r, int i) throws IOException {
        int w = r.chwd()[2], d = r.chwd()[3];
        byte[] mask = new byte[r.chwd()[1] * w * d];
        int[] box = r.boxes().get(i);
        if (box == null) return mask;
        if (!inside(box, r.chwd())) throw new IOException("box " + Arrays.toString(box) + " of '" + r.labels().get(i)
                + "' lies outside chwd " + Arrays.toString(r.chwd()));
        Npy.Array crop = read(r.maskFile(i));
        int[] size = {box[3] - box[0], box[4] - box[1], box[5] - box[2]};
        if (!Arrays.equals(crop.shape(), size))
            throw new VolumeFormatException(r.maskFile(i), "mask shape " + Arrays.toString(crop.shape())
                    + " does not fit box " + Arrays.toString(box));
        paste(binary(crop), box, mask, w, d);
        return mask;
    }

    /** Reads an npy in C order, the only order np.save gives the original's (C-contiguous or sliced) arrays. */
    static Npy.Array read(Path file) throws IOException {
        Npy.Array a = Npy.read(file);
        if (a.fortranOrder()) throw new VolumeFormatException(file, "Fortran-order npy is not supported");
        return a;
    }

    static boolean inside(int[] box, int[] chwd) {
        for (int k = 0; k < 3; k++) if (box[k] < 0 || box[k] >= box[k + 3] || box[k + 3] > chwd[k + 1]) return false;
        return true;
    }

    /** The array as 0/1 bytes (cropped masks are bool; any other dtype counts non-zero as set). */
    static byte[] binary(Npy.Array a) {
        byte[] b = new byte[(int) a.size()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) ((a.bools() != null ? a.bools()[i] != 0 : a.floats()[i] != 0) ? 1 : 0);
        return b;
    }

    private static void paste(byte[] crop, int[] box, byte[] mask, int w, int d) {
        int bh = box[3] - box[0], bw = box[4] - box[1], bd = box[5] - box[2];
        for (int y = 0; y < bh; y++)
            for (int x = 0; x < bw; x++)
                System.arraycopy(crop, (y * bw + x) * bd, mask, ((box[0] + y) * w + box[1] + x) * d + box[2], bd);
    }
}
