"""SAT's npy layout read back as SAT-DS's own loader (loader_npy.py, npy_loader) reads it."""
import json
import os

import numpy as np


def read_jsonl(path):
    """The records of a jsonl file, one dict per non-blank line."""
    with open(path, "r", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _resolve(path, root):
    return path if root is None or os.path.isabs(path) else os.path.join(root, path)


def load_npy(record, root=None):
    """What SAT-DS's npy_loader returns for a converted record, as numpy arrays:

    (image (1,H,W,D) float32, mc_mask (N,H,W,D) float32 of 0/1, labels, modality, "segmentation", image_path, seg_dir)

    Each label's cropped mask ``{seg_dir}/{label}.npy`` is pasted at its box of ``renorm_y1x1z1_y2x2z2`` into an
    empty (H, W, D) grid (H, W, D from ``chwd``); a label whose box is ``false`` stays empty. image_path and seg_dir
    are the record's own strings; ``root`` is the folder relative paths in the record start from (default: the
    working directory, as the original).
    """
    image_path = record["renorm_image"]
    seg_dir = record["renorm_segmentation_dir"]
    image = np.load(_resolve(image_path, root)).astype(np.float32)
    _, h, w, d = record["chwd"]
    labels = record["label"]
    masks = []
    for label, box in zip(labels, record["renorm_y1x1z1_y2x2z2"]):
        mask = np.zeros((h, w, d), dtype=bool)
        if box is not False:
            y1, x1, z1, y2, x2, z2 = box
            mask[y1:y2, x1:x2, z1:z2] = np.load(_resolve(f"{seg_dir}/{label}.npy", root))
        masks.append(mask)
    mc_mask = np.stack(masks, axis=0).astype(np.float32)
    return image, mc_mask, labels, record["modality"], "segmentation", image_path, seg_dir
