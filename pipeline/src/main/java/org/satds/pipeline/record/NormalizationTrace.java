package org.satds.pipeline.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import org.satds.core.geom.Affine;
import org.satds.core.transform.Box;
import org.satds.datasets.sample.SampleLoader.Geometry;
import org.satds.datasets.sample.SampleLoader;

/**
 * What convert did to a scan's geometry, recorded in the converted record's {@code normalization} field so that
 * restore, evaluate and the viewers read it instead of deriving it again:
 * <pre>
 * "normalization": {"orientation": "RAS",               target axis codes (null: kept as stored)
 *                   "spacing": [1, 1, 3],                the grid's voxel size, mm
 *                   "native_shape": [x, y, z],           the scan as read
 *                   "native_affine": [[...] x 4],        its voxel-to-world affine (RAS+ mm), as the loader took it
 *                   "grid_shape": [h, w, d],             the oriented 1x1x3 mm grid before the crop
 *                   "crop": [y1, x1, z1, y2, x2, z2],    the foreground box on that grid (SAT's box order)
 *                   "affine": [[...] x 4]}               the normalized (cropped) grid's affine: index (h, w, d) of the npy
 * </pre>
 * Extra fields are ignored by SAT's loaders, so a converted jsonl stays SAT's.
 */
public final class NormalizationTrace {
    public static final String FIELD = "normalization";

    private NormalizationTrace() {}

    public static ObjectNode toJson(Geometry g) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        if (g.axisCodes() == null) t.putNull("orientation");
        else t.put("orientation", g.axisCodes());
        ArrayNode spacing = t.putArray("spacing");
        for (double s : SampleLoader.PIXDIM) spacing.add(s);
        ints(t.putArray("native_shape"), g.nativeShape());
        matrix(t.putArray("native_affine"), g.nativeAffine());
        ints(t.putArray("grid_shape"), g.plan().outShape());
        ints(t.putArray("crop"), g.box().toSat());
        matrix(t.putArray("affine"), croppedAffine(g));
        return t;
    }

    /** The recorded geometry of a converted record, or null when it has none (converted by another tool). */
    public static Geometry of(ObjectNode record) throws IOException {
        JsonNode t = record.get(FIELD);
        if (t == null || t.isNull()) return null;
        int[] crop = ints(t, "crop", 6);
        Geometry g = Geometry.of(t.path("orientation").isTextual() ? t.get("orientation").textValue() : null,
                ints(t, "native_shape", 3), affine(t.get("native_affine")),
                new Box(Arrays.copyOfRange(crop, 0, 3), Arrays.copyOfRange(crop, 3, 6)));
        if (!Arrays.equals(g.plan().outShape(), ints(t, "grid_shape", 3)))
            throw new IOException("'" + FIELD + "' is inconsistent: its native shape and affine give a grid of "
                    + Arrays.toString(g.plan().outShape()) + ", it records " + Arrays.toString(ints(t, "grid_shape", 3)));
        return g;
    }

    /**
     * Why the scan read now is not the one convert normalized (another shape, another affine), or null when it is.
     * The affine is compared exactly: both are the same file's header, read the same way.
     */
    public static String mismatch(Geometry recorded, int[] shape, Affine affine) {
        if (!Arrays.equals(recorded.nativeShape(), shape))
            return "its shape is " + Arrays.toString(shape) + ", convert normalized a scan of " + Arrays.toString(recorded.nativeShape());
        if (!recorded.nativeAffine().equals(affine))
            return "its affine is " + affine + ", convert normalized a scan with affine " + recorded.nativeAffine();
        return null;
    }

    /** The world affine of the cropped 1x1x3 grid: the npy's voxel (h, w, d) to RAS+ mm. */
    public static Affine croppedAffine(Geometry g) {
        int[] s = g.box().start();
        return g.plan().outAffine().multiply(Affine.identity().withTranslation(s[0], s[1], s[2]));
    }

    private static void ints(ArrayNode a, int[] values) {
        for (int v : values) a.add(v);
    }

    private static void matrix(ArrayNode a, Affine m) {
        for (int r = 0; r < 4; r++) {
            ArrayNode row = a.addArray();
            for (int c = 0; c < 4; c++) row.add(m.get(r, c));
        }
    }

    private static int[] ints(JsonNode t, String name, int n) throws IOException {
        JsonNode v = t.get(name);
        if (v == null || !v.isArray() || v.size() != n) throw new IOException("'" + FIELD + "." + name + "' is not a list of " + n + " integers");
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = v.get(i).asInt();
        return out;
    }

    private static Affine affine(JsonNode v) throws IOException {
        if (v == null || !v.isArray() || v.size() != 4) throw new IOException("'" + FIELD + ".native_affine' is not a 4x4 matrix");
        double[][] m = new double[4][4];
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) m[r][c] = v.get(r).get(c).asDouble();
        return Affine.of(m);
    }
}
