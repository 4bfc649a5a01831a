package org.satds.pipeline.npy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.satds.core.io.Npy;
import org.satds.core.io.VolumeFormatException;
import org.satds.core.transform.Box;
import org.satds.datasets.sample.LabelMask;
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

    /**
     * A label's mask as stored, its box checked against chwd, without pasting it into the whole grid: C order over
     * the box within chwd's (H, W, D); no box when the record's is false.
     */
    public static LabelMask crop(ObjectNode record, Path base, int label) throws IOException {
        return crop(ConvertedRecord.of(record, base), label);
    }

    private static LabelMask crop(ConvertedRecord r, int i) throws IOException {
        int[] box = r.boxes().get(i);
        if (box == null) return LabelMask.empty(r.labels().get(i));
        if (!inside(box, r.chwd())) throw new IOException("box " + Arrays.toString(box) + " of '" + r.labels().get(i)
                + "' lies outside chwd " + Arrays.toString(r.chwd()));
        Npy.Array crop = read(r.maskFile(i));
        Box b = new Box(Arrays.copyOfRange(box, 0, 3), Arrays.copyOfRange(box, 3, 6));
        if (!Arrays.equals(crop.shape(), b.shape()))
            throw new VolumeFormatException(r.maskFile(i), "mask shape " + Arrays.toString(crop.shape())
                    + " does not fit box " + Arrays.toString(box));
        return new LabelMask(r.labels().get(i), b, binary(crop));
    }

    private static byte[] mask(ConvertedRecord r, int i) throws IOException {
        return crop(r, i).full(Arrays.copyOfRange(r.chwd(), 1, 4));
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
        if (a.bools() != null) return a.bools(); // Npy.read gives them as 0/1
        byte[] b = new byte[(int) a.size()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (a.floats()[i] != 0 ? 1 : 0);
        return b;
    }
}
