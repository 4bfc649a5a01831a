"""The evaluate speed test set of docs/evaluate.md: 8 samples x 4 labels on the 335x336x140 grid.

  python3 scripts/evaluate-testset.py raw DIR                    # DIR/raw.jsonl and 8 raw CTs (1x1x3 mm, RAS)
  ./satds convert --jsonl DIR/raw.jsonl --data-root DIR --out CONV/converted.jsonl --npy-root CONV/npy
  python3 scripts/evaluate-testset.py predictions CONV/converted.jsonl PRED

Predictions are written as SAT's evaluator writes them (float32 0/1 NIfTI, identity affine,
PRED/<dataset>/seg_<sample_id>/<label>.nii.gz), the ground truth shifted, dilated, eroded, thinned at its surface
or left as it is, one empty and one with a false positive. Needs numpy, scipy and nibabel (Debian's python3-*).
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage

SHAPE, SPACING = (335, 336, 140), (1.0, 1.0, 3.0)
LABELS = ['liver', 'kidney', 'spleen', 'pancreas']


def raw(out, samples=8):
    rng = np.random.default_rng(7)
    grid = np.meshgrid(*[np.arange(n) * SPACING[i] for i, n in enumerate(SHAPE)], indexing='ij')

    def organ(centre, radii, lobes):  # an ellipsoid (mm) with a wavy surface
        d = sum(((grid[i] - centre[i]) / radii[i]) ** 2 for i in range(3))
        angle = np.arctan2(grid[1] - centre[1], grid[0] - centre[0])
        wave = 1 + 0.08 * np.sin(lobes * angle + grid[2] / 23.0) + 0.05 * np.cos(3 * grid[2] / 40.0 + lobes)
        return d <= wave ** 2

    records = []
    for s in range(samples):
        j = rng.uniform(-8, 8, 3)
        mask = np.zeros(SHAPE, np.uint8)
        mask[organ(np.array([120, 150, 250]) + j, [95 + s, 75, 60], 3)] = 1
        mask[organ(np.array([230, 190, 200]) - j, [28, 24, 55 + s], 4)] = 2
        mask[organ(np.array([100, 200, 200]) + j, [27, 25, 52], 5)] = 2
        mask[organ(np.array([250, 110, 260]) + j / 2, [45, 30, 55], 2)] = 3
        mask[organ(np.array([175, 175, 215]) + j, [70, 14, 20 + s], 6)] = 4
        image = (40 + rng.integers(1, 60, SHAPE)).astype(np.int16)  # all above 0: the foreground crop keeps the grid
        affine = np.diag([*SPACING, 1.0])
        folder = os.path.join(out, f'ct{s}')
        os.makedirs(folder, exist_ok=True)
        nib.save(nib.Nifti1Image(image, affine), os.path.join(folder, 'image.nii.gz'))
        nib.save(nib.Nifti1Image(mask, affine), os.path.join(folder, 'mask.nii.gz'))
        records.append(dict(image=f'ct{s}/image.nii.gz', mask=f'ct{s}/mask.nii.gz', label=LABELS, modality='CT',
                            dataset='AbdomenCT1K', official_split='test', patient_id=f'ct{s}'))
    with open(os.path.join(out, 'raw.jsonl'), 'w') as f:
        f.writelines(json.dumps(r) + '\n' for r in records)


def truth(record):  # each label's crop pasted into the (H, W, D) grid
    _, h, w, d = record['chwd']
    for label, box in zip(record['label'], record['renorm_y1x1z1_y2x2z2']):
        m = np.zeros((h, w, d), bool)
        if box:
            y1, x1, z1, y2, x2, z2 = box
            m[y1:y2, x1:x2, z1:z2] = np.load(f"{record['renorm_segmentation_dir']}/{label}.npy")
        yield label, m


def predictions(converted, out):
    rng = np.random.default_rng(11)
    for s, line in enumerate(open(converted)):
        record = json.loads(line)
        sample_id = record['renorm_image'].split('/')[-1][:-4]
        folder = f"{out}/{record['dataset']}/seg_{sample_id}"
        os.makedirs(folder, exist_ok=True)
        for j, (label, g) in enumerate(truth(record)):
            kind = (s * 4 + j) % 6
            if kind == 0:
                p = np.roll(g, rng.choice([-1, 1]), axis=int(rng.integers(0, 3)))
            elif kind == 1:
                p = ndimage.binary_dilation(g)
            elif kind == 2:
                p = ndimage.binary_erosion(g)
            elif kind == 3:
                p = g & ~((g ^ ndimage.binary_erosion(g)) & (rng.random(g.shape) < 0.3))
            elif kind == 4:
                p = np.roll(g, 2, axis=2) | ndimage.binary_dilation(np.roll(g, -3, axis=0)) & (rng.random(g.shape) < 0.9)
            else:
                p = g.copy()
            if s == 3 and j == 3:
                p = np.zeros_like(g)
            if s == 5 and j == 1:
                p[20:40, 20:50, 10:20] = True
            nib.save(nib.Nifti1Image(p.astype(np.float32), np.eye(4)), f'{folder}/{label}.nii.gz')


if __name__ == '__main__':
    raw(sys.argv[2]) if sys.argv[1] == 'raw' else predictions(sys.argv[2], sys.argv[3])
