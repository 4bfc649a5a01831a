"""Writes expected.json: what nibabel and scipy say about each golden recipe case (see README.md).

Run with Debian's python3-nibabel and python3-scipy from the repository root:
    /usr/bin/python3 testdata/golden/stats/make_expected.py
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage

ROOT = os.path.join("testdata", "golden", "recipes")
# the original names one label twice in these cases, so its reference mask for it is whichever was written last
NAMED_TWICE = {"DAP_Atlas": "kidney", "VerSe": "cervical vertebrae"}


def native(case_dir, image):
    path = os.path.join(case_dir, image)
    if not os.path.exists(path):  # a 4D image addressed as file.nii.gz/CHANNEL
        path = os.path.dirname(path)
    if path.endswith(".npy"):  # MONAI's NumpyReader: array axes, identity affine
        shape = np.load(path).shape
        return {"shape": list(shape[:3]), "spacing": [1.0, 1.0, 1.0], "axcodes": "RAS"}
    img = nib.load(path)
    return {"shape": [int(s) for s in img.shape[:3]],
            "spacing": [float(z) for z in img.header.get_zooms()[:3]],
            "axcodes": "".join(nib.aff2axcodes(img.affine))}


def classes(case_dir, ref, dataset):
    out = {}
    seg = os.path.join(case_dir, ref["renorm_segmentation_dir"])
    for label, box in zip(ref["label"], ref["renorm_y1x1z1_y2x2z2"]):
        if NAMED_TWICE.get(dataset) == label:
            continue
        if box is False:
            out[label] = {"voxels": 0, "components": 0}
            continue
        mask = np.load(os.path.join(seg, label + ".npy"))
        _, n = ndimage.label(mask, structure=np.ones((3, 3, 3)))
        out[label] = {"voxels": int(mask.sum()), "components": int(n)}
    return out


def main():
    expected = {}
    for name in sorted(os.listdir(ROOT)):
        case_dir = os.path.join(ROOT, name)
        with open(os.path.join(case_dir, "case.jsonl")) as f:
            record = json.loads(f.readline())
        with open(os.path.join(case_dir, "reference.jsonl")) as f:
            ref = json.loads(f.readline())
        expected[name] = {"native": native(case_dir, record["image"]), "chwd": ref["chwd"],
                          "classes": classes(case_dir, ref, record["dataset"])}
    with open(os.path.join("testdata", "golden", "stats", "expected.json"), "w") as f:
        # one case per line, so a diff shows which case changed
        lines = ['%s: %s' % (json.dumps(k), json.dumps(v, sort_keys=True)) for k, v in expected.items()]
        f.write("{\n" + ",\n".join(lines) + "\n}\n")
    print("wrote", len(expected), "cases", file=sys.stderr)


if __name__ == "__main__":
    main()
