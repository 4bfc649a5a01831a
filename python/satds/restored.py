"""restore's native-space output read back: one mask per label and the label map, with the scan's affine."""
import gzip
import os
import struct

import numpy as np

try:
    import nibabel
except ImportError:  # the reader below serves
    nibabel = None

_DTYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4", 1024: "i8", 1280: "u8"}


def read_nifti(path, use_nibabel=None):
    """(array, affine) of a NIfTI file: nibabel's ``dataobj`` and ``affine`` when nibabel is installed (or
    ``use_nibabel``), else a NIfTI-1/-2 reader of its own that picks the affine as nibabel does (sform, else qform,
    else the Analyze default) and applies scl_slope/scl_inter as nibabel does."""
    if use_nibabel if use_nibabel is not None else nibabel is not None:
        img = nibabel.load(path)
        return np.asanyarray(img.dataobj), img.affine
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    for end in "<>":
        size = struct.unpack(end + "i", raw[:4])[0]
        if size in (348, 540):
            break
    else:
        raise ValueError(f"{path}: not a NIfTI file")
    h = _NIFTI1 if size == 348 else _NIFTI2
    dim = _field(raw, end, h, "dim")
    code = _field(raw, end, h, "datatype")[0]
    if code not in _DTYPES:
        raise ValueError(f"{path}: NIfTI datatype {code} is not supported")
    pixdim = _field(raw, end, h, "pixdim")
    offset = int(_field(raw, end, h, "offset")[0])
    slope, inter = _field(raw, end, h, "scl")
    shape = tuple(int(n) for n in dim[1:1 + dim[0]])
    data = np.frombuffer(raw, dtype=np.dtype(end + _DTYPES[code]), count=int(np.prod(shape)), offset=offset)
    data = data.reshape(shape, order="F")
    if np.isfinite(slope) and slope != 0 and (slope, inter) != (1, 0):
        data = data * np.float64(slope) + np.float64(inter)
    return data, _affine(raw, end, h, pixdim, shape)


# where NIfTI-1 and NIfTI-2 keep the fields read here (nifti1.h, nifti2.h)
_NIFTI1 = dict(at_dim=40, dim="8h", at_datatype=70, datatype="h", at_pixdim=76, pixdim="8f", at_offset=108, offset="f", at_scl=112, scl="2f",
               at_codes=252, codes="2h", at_quatern=256, quatern="6f", at_srow=280, srow="12f")
_NIFTI2 = dict(at_dim=16, dim="8q", at_datatype=12, datatype="h", at_pixdim=104, pixdim="8d", at_offset=168, offset="q", at_scl=176, scl="2d",
               at_codes=344, codes="2i", at_quatern=352, quatern="6d", at_srow=400, srow="12d")


def _field(raw, end, h, name):
    fmt = end + h[name]
    at = h["at_" + name]
    return struct.unpack(fmt, raw[at:at + struct.calcsize(fmt)])


def _affine(raw, end, h, pixdim, shape):
    qform_code, sform_code = _field(raw, end, h, "codes")
    if sform_code > 0:
        rows = np.array(_field(raw, end, h, "srow"), dtype=np.float64).reshape(3, 4)
        return np.vstack([rows, [0, 0, 0, 1]])
    zooms = np.array(pixdim[1:4], dtype=np.float64)
    affine = np.eye(4)
    if qform_code > 0:
        b, c, d, qx, qy, qz = (np.float64(v) for v in _field(raw, end, h, "quatern"))
        a = np.sqrt(max(0.0, 1.0 - (b * b + c * c + d * d)))
        rotation = np.array([
            [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
            [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
            [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c]])
        if pixdim[0] < 0:
            zooms[2] = -zooms[2]
        affine[:3, :3] = rotation * zooms
        affine[:3, 3] = (qx, qy, qz)
        return affine
    zooms[0] = -zooms[0]  # Analyze's default: x flipped, the centre voxel at the origin
    affine[:3, :3] = np.diag(zooms)
    affine[:3, 3] = -(np.array(shape[:3], dtype=np.float64) - 1) / 2 * zooms
    return affine


def load_restored(record, root=None):
    """The masks restore wrote for one record of its restored.jsonl:
    ``{"masks": {label: uint8 array of the scan's shape}, "label_map": array, "affine": the scan's 4x4 affine}``."""
    def path(p):
        return p if root is None or os.path.isabs(p) else os.path.join(root, p)

    masks, affine = {}, None
    for label, file in record["restored"].items():
        masks[label], affine = read_nifti(path(file))
    label_map, map_affine = read_nifti(path(record["restored_label_map"]))
    return {"masks": masks, "label_map": label_map, "affine": map_affine if affine is None else affine}
