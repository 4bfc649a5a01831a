package org.satds.core.io;

import org.satds.core.geom.Affine;

/**
 * What a volume file says about its voxels without decoding them ({@link Volumes#header}).
 *
 * @param shape  every axis, as nibabel's {@code img.shape} (NIfTI: dim[1..dim[0]])
 * @param type   the stored element type
 * @param affine voxel to world (RAS+), as the file's reader gives it
 * @param nifti  the NIfTI header itself (pixdim, forms, scaling), or null for another format
 */
public record VolumeHeader(int[] shape, DataType type, Affine affine, NiftiHeader nifti) {
    static VolumeHeader of(NiftiHeader h) {
        int[] shape = new int[h.rank()];
        for (int i = 0; i < shape.length; i++) shape[i] = Math.toIntExact(h.size(i + 1));
        return new VolumeHeader(shape, h.datatype, h.affine(), h);
    }
}
