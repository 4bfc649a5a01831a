package org.satds.core.transform;

import org.satds.core.geom.Affine;
import org.satds.core.geom.AxisCodes;

/**
 * The geometry of MONAI 1.1.0's {@code Orientation(axcodes)} followed by {@code Spacing(pixdim, diagonal=False)},
 * computed without touching voxels:
 * <ul>
 *   <li>orientation is a flip and transpose, kept as a strided view of the input array (base + signed strides),
 *       with the affine updated as MONAI does (and, as MONAI stores it, rounded to float32);</li>
 *   <li>spacing keeps the rotation (zoom_affine with diagonal=False), computes the output shape and origin as
 *       compute_shape_offset does, and the map from output voxel to oriented input voxel.</li>
 * </ul>
 */
public final class SpatialPlan {
    /** MONAI's AFFINE_TOL. */
    public static final double AFFINE_TOL = 1e-3;

    final int[] inShape;
    final int[] orientedShape;
    final long base;
    final long[] strides;
    /** The input axis each oriented axis views (reversed where its stride is negative). */
    final int[] inputAxis;
    final Affine orientedAffine;
    final int[] outShape;
    final Affine outAffine;
    /** Null when MONAI skips resampling (output grid equals the oriented input grid). */
    final double[][] theta;

    private SpatialPlan(int[] inShape, int[] orientedShape, long base, long[] strides, int[] inputAxis,
                        Affine orientedAffine, int[] outShape, Affine outAffine, double[][] theta) {
        this.inShape = inShape;
        this.orientedShape = orientedShape;
        this.base = base;
        this.strides = strides;
        this.inputAxis = inputAxis;
        this.orientedAffine = orientedAffine;
        this.outShape = outShape;
        this.outAffine = outAffine;
        this.theta = theta;
    }

    /**
     * @param axcodes target orientation such as "RAS", or null for none (the affine is then kept as read)
     * @param pixdim  target voxel size in mm
     */
    public static SpatialPlan of(int[] shape, Affine affine, String axcodes, double[] pixdim) {
        long[] inStrides = {1, shape[0], (long) shape[0] * shape[1]};
        int[] oShape = shape.clone();
        long base = 0;
        long[] strides = inStrides.clone();
        int[] inputAxis = {0, 1, 2};
        Affine oriented = affine;
        if (axcodes != null) {
            int[][] t = AxisCodes.transform(AxisCodes.ioOrientation(affine), AxisCodes.fromCodes(axcodes));
            double[][] undo = new double[4][4];
            for (int in = 0; in < 3; in++) {
                int out = t[in][0];
                int flip = t[in][1];
                oShape[out] = shape[in];
                strides[out] = flip * inStrides[in];
                inputAxis[out] = in;
                if (flip < 0) base += (long) (shape[in] - 1) * inStrides[in];
                // nibabel inv_ornt_aff: old index[in] = flip * new index[out] + (flip < 0 ? n - 1 : 0)
                undo[in][out] = flip;
                undo[in][3] = flip < 0 ? shape[in] - 1 : 0;
            }
            undo[3][3] = 1;
            // numpy's affine @ inv_ornt_aff (BLAS, as torch's matmul), which MONAI stores as float32
            oriented = roundToFloat(TorchLinalg.matmul(affine, Affine.of(undo)));
        }
        return spacing(shape, oShape, base, strides, inputAxis, oriented, pixdim);
    }

    private static SpatialPlan spacing(int[] inShape, int[] oShape, long base, long[] strides, int[] inputAxis, Affine a,
                                       double[] pixdim) {
        double[] orig = a.spacing();
        double[] out = new double[3];
        for (int i = 0; i < 3; i++)
            out[i] = pixdim[i] - AFFINE_TOL <= orig[i] && orig[i] <= pixdim[i] + AFFINE_TOL ? orig[i] : pixdim[i];
        Affine zoomed = zoomKeepingRotation(a, out);
        double[][] shapeAndOffset = shapeAndOffset(oShape, a, zoomed);
        int[] outShape = {(int) shapeAndOffset[0][0], (int) shapeAndOffset[0][1], (int) shapeAndOffset[0][2]};
        Affine dst = zoomed.withTranslation(shapeAndOffset[1][0], shapeAndOffset[1][1], shapeAndOffset[1][2]);
        return resampling(inShape, oShape, base, strides, inputAxis, a, outShape, dst);
    }

    /** MONAI SpatialResample from grid (oShape, a) onto grid (outShape, dst), with its two no-resampling shortcuts. */
    private static SpatialPlan resampling(int[] inShape, int[] oShape, long base, long[] strides, int[] inputAxis, Affine a,
                                          int[] outShape, Affine dst) {
        double[][] theta = null;
        boolean sameGrid = java.util.Arrays.equals(outShape, oShape);
        if (!(sameGrid && allClose(a, dst))) {
            Affine xform = affineRows(TorchLinalg.solve(a, dst));
            if (!(sameGrid && allClose(xform, Affine.identity()))) theta = normalizedTheta(xform, oShape, outShape);
        }
        return new SpatialPlan(inShape, oShape, base, strides, inputAxis, a, outShape, dst, theta);
    }

    /** MONAI's to_affine_nd(3, m): the top three rows kept, the last one exactly (0, 0, 0, 1), as solve's is not. */
    private static Affine affineRows(Affine m) {
        double[][] rows = m.toArray();
        rows[3] = new double[] {0, 0, 0, 1};
        return Affine.of(rows);
    }

    /** torch.allclose(a, b, rtol=1e-5, atol=AFFINE_TOL). */
    private static boolean allClose(Affine a, Affine b) {
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                if (Math.abs(a.get(i, j) - b.get(i, j)) > AFFINE_TOL + 1e-5 * Math.abs(b.get(i, j))) return false;
        return true;
    }

    private static Affine roundToFloat(Affine a) {
        double[][] m = a.toArray();
        for (double[] row : m) for (int j = 0; j < 4; j++) row[j] = (float) row[j];
        return Affine.of(m);
    }

    /**
     * MONAI zoom_affine(diagonal=False): the rotation of R = Q*Z (Z from the Cholesky factor of R^T R), new voxel
     * sizes; in numpy's arithmetic ({@link NumpyLinalg}), since the output grid's affine is read back by restore.
     */
    static Affine zoomKeepingRotation(Affine a, double[] scale) {
        double[][] rzs = new double[3][3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) rzs[i][j] = a.get(i, j);
        double[][] zs = NumpyLinalg.choleskyUpper(NumpyLinalg.matmul(NumpyLinalg.transpose(rzs), rzs));
        double[][] rotation = NumpyLinalg.matmul(rzs, NumpyLinalg.inverseUpper(zs));
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) m[i][j] = rotation[i][j] * (Math.signum(zs[j][j]) * Math.abs(scale[j] == 0 ? 1 : scale[j]));
        m[3][3] = 1;
        return Affine.of(m);
    }

    /**
     * MONAI compute_shape_offset (scale_extent=False): {shape, world offset of the output origin}. The offset is
     * numpy's float64 matrix products to the last bit (BLAS: fused multiply-adds in k order): the inverse of the
     * spacing step reads the output grid from this affine, and on a grid that places a native voxel exactly half-way
     * between two output voxels its last bit decides which one the nearest neighbour is.
     */
    static double[][] shapeAndOffset(int[] shape, Affine in, Affine out) {
        double[][] corners = new double[8][];
        int k = 0;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                for (int l = 0; l < 2; l++)
                    corners[k++] = NumpyLinalg.apply(in, new double[] {i * (shape[0] - 1.0), j * (shape[1] - 1.0), l * (shape[2] - 1.0)});
        Affine inv = out.inverse();
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        double[][] dist = new double[8][3];
        for (int c = 0; c < 8; c++) {
            double[] p = inv.apply(corners[c][0], corners[c][1], corners[c][2]);
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], p[d]);
                hi[d] = Math.max(hi[d], p[d]);
                dist[c][d] = inv.get(d, 0) * corners[c][0] + inv.get(d, 1) * corners[c][1] + inv.get(d, 2) * corners[c][2];
            }
        }
        double[] outShape = new double[3];
        for (int d = 0; d < 3; d++) outShape[d] = Math.rint(hi[d] - lo[d] + 1.0);
        for (int c = 0; c < 8; c++) {
            boolean smallest = true;
            for (int d = 0; d < 3 && smallest; d++) {
                double min = Double.MAX_VALUE;
                for (int o = 0; o < 8; o++) min = Math.min(min, dist[o][d] - dist[c][d]);
                if (Math.abs(min) > 1e-8) smallest = false;
            }
            if (smallest) return new double[][] {outShape, corners[c]};
        }
        // in[:3, :3] @ (shape / 2) + in[:3, 3] - out[:3, :3] @ (out_shape / 2), each product as numpy's BLAS sums it
        double[] inCentre = NumpyLinalg.rotate(in, new double[] {shape[0] / 2.0, shape[1] / 2.0, shape[2] / 2.0});
        double[] outCentre = NumpyLinalg.rotate(out, new double[] {outShape[0] / 2.0, outShape[1] / 2.0, outShape[2] / 2.0});
        double[] offset = new double[3];
        for (int d = 0; d < 3; d++) offset[d] = inCentre[d] + in.get(d, 3) - outCentre[d];
        return new double[][] {outShape, offset};
    }

    /**
     * The transform torch's affine_grid + grid_sample apply (align_corners=False): output normalized coordinates
     * to input normalized coordinates, theta = norm(src) * xform * inverse(norm(dst)).
     */
    private static double[][] normalizedTheta(Affine xform, int[] src, int[] dst) {
        Affine theta = normalization(src).multiply(xform).multiply(TorchLinalg.inverse(normalization(dst)));
        double[][] t = new double[3][];
        for (int i = 0; i < 3; i++) t[i] = new double[] {theta.get(i, 0), theta.get(i, 1), theta.get(i, 2), theta.get(i, 3)};
        return t;
    }

    /** MONAI normalize_transform (align_corners=False): voxel index to grid_sample's [-1, 1] coordinates. */
    private static Affine normalization(int[] shape) {
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            m[i][i] = 2.0 / shape[i];
            m[i][3] = 1.0 / shape[i] - 1.0;
        }
        m[3][3] = 1;
        return Affine.of(m);
    }

    /**
     * The inverse of the spacing step as MONAI 1.1.0 runs it (Spacing.inverse, i.e. SpatialResample with source and
     * destination swapped, which Invertd calls): from this plan's output grid, whose affine is then {@code from},
     * back onto the oriented input grid. The returned plan reads x-fastest arrays over {@link #outShape()} (no
     * orientation step) and writes C-order arrays over {@link #orientedShape()}; undo the orientation with
     * {@link Resampler#unorient}.
     */
    public SpatialPlan inverse(Box crop) {
        int[] s = crop.start();
        // the affine the crop left on the image (Crop.update_meta), shifted back by the pad (Pad.update_meta)
        Affine cropped = TorchLinalg.matmul(outAffine, Affine.identity().withTranslation(s[0], s[1], s[2]));
        return inverse(TorchLinalg.matmul(cropped, Affine.identity().withTranslation(-s[0], -s[1], -s[2])));
    }

    public SpatialPlan inverse(Affine from) {
        long[] xFastest = {1, outShape[0], (long) outShape[0] * outShape[1]};
        int[] same = {0, 1, 2};
        if (theta == null) return new SpatialPlan(outShape, outShape, 0, xFastest, same, from, orientedShape, orientedAffine, null);
        return resampling(outShape, outShape, 0, xFastest, same, from, orientedShape, orientedAffine);
    }

    public int[] outShape() {
        return outShape.clone();
    }

    /** The input grid's shape after orientation (before resampling). */
    public int[] orientedShape() {
        return orientedShape.clone();
    }

    /** The input's shape as read. */
    public int[] inShape() {
        return inShape.clone();
    }

    public Affine outAffine() {
        return outAffine;
    }

    /**
     * The same plan reading a copy of one region of the input (x fastest over the region, as read) instead of the
     * whole input: only the base and strides change, so the coordinates and every neighbour's weight stay the same.
     * The resampling must read no voxel outside the region.
     */
    SpatialPlan window(Box input) {
        int[] size = input.shape();
        long[] windowStrides = {1, size[0], (long) size[0] * size[1]};
        long windowBase = 0;
        long[] s = new long[3];
        for (int d = 0; d < 3; d++) {
            int in = inputAxis[d];
            boolean reversed = strides[d] < 0;
            s[d] = reversed ? -windowStrides[in] : windowStrides[in];
            windowBase += (reversed ? inShape[in] - 1 - input.start()[in] : -input.start()[in]) * windowStrides[in];
        }
        return new SpatialPlan(inShape, orientedShape, windowBase, s, inputAxis, orientedAffine, outShape, outAffine, theta);
    }

    /** A box of oriented input voxels as a box of input voxel indices (as read, x y z): the inverse of {@link #oriented}. */
    Box input(Box oriented) {
        return mapped(oriented, false);
    }

    /** A box of input voxel indices (as read, x y z) in the oriented frame. */
    Box oriented(Box input) {
        return mapped(input, true);
    }

    /** Each oriented axis's interval is its input axis's, reversed where the view is. */
    private Box mapped(Box b, boolean toOriented) {
        int[] lo = new int[3], hi = new int[3];
        for (int d = 0; d < 3; d++) {
            int in = inputAxis[d], n = inShape[in], from = toOriented ? in : d, to = toOriented ? d : in;
            boolean reversed = strides[d] < 0;
            lo[to] = reversed ? n - b.end()[from] : b.start()[from];
            hi[to] = reversed ? n - b.start()[from] : b.end()[from];
        }
        return new Box(lo, hi);
    }
}
