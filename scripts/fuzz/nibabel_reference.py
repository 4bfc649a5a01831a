#!/usr/bin/env python3
"""Writes testdata/golden/fuzz/nifti.jsonl: seeded damage of golden NIfTI inputs and what gzip + nibabel make of each.

Run by hand (Debian: python3-nibabel, python3-numpy); the project never depends on Python. Each line names a base
file (relative to testdata/golden), the damage (applied to the .gz file, or to its inflated payload), and the
reference outcome: null when Python's gzip or nibabel refuses the file, else the shape, affine and the SHA-256 of
the voxels as little-endian float32 (x fastest, NaN canonical) that np.asanyarray(img.dataobj) gives, as MONAI's
NibabelReader reads them. ReaderFuzzTest applies the same damage and compares.
"""
import gzip, hashlib, io, json, os, random, sys, tempfile, warnings
import numpy as np
import nibabel as nib

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'testdata', 'golden')
BASES = ['geometry/ct_nifti2_oblique/image.nii.gz', 'geometry/ct_tiny_foreground/image.nii.gz',
         'geometry/mr_acdc_aniso/mask.nii.gz', 'geometry/ct_scl_oblique/image.nii.gz']
# header fields that define voxels and geometry: (start, end) byte ranges for NIfTI-1 and NIfTI-2
FIELDS = {348: [(0, 4), (40, 56), (70, 74), (76, 108), (108, 120), (252, 256), (256, 280), (280, 328), (344, 348)],
          540: [(0, 8), (12, 16), (16, 80), (104, 168), (168, 192), (344, 352), (352, 400), (400, 496)]}


def reference(payload):
    """nibabel's reading of an inflated .nii payload, or None when it refuses."""
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, 'x.nii')
        with open(p, 'wb') as f:
            f.write(payload)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')
                img = nib.load(p)
                a = np.asanyarray(img.dataobj).astype('<f4')
                aff = img.affine
        except Exception as e:  # nibabel refuses: any error is a refusal
            return None, type(e).__name__ + ': ' + str(e).splitlines()[0][:120] if str(e) else type(e).__name__
    a = a.copy()
    a[np.isnan(a)] = np.float32('nan')
    return {'shape': list(a.shape), 'affine': [[None if not np.isfinite(v) else float(v) for v in r] for r in aff[:3]],
            'sha256': hashlib.sha256(a.tobytes(order='F')).hexdigest()}, None


def gz_reference(data):
    try:
        payload = gzip.decompress(data)
    except Exception as e:
        return None, 'gzip ' + type(e).__name__ + ': ' + str(e)[:120]
    return reference(payload)


def main():
    rnd = random.Random(9)
    out = []
    for base in BASES:
        gz = open(os.path.join(GOLDEN, base), 'rb').read()
        plain = gzip.decompress(gz)
        hsize = 348 if int.from_bytes(plain[:4], 'little') in (348,) or int.from_bytes(plain[:4], 'big') == 348 else 540
        cases = []
        for i in range(60):  # header bytes: half anywhere in the header, half in the fields that matter
            if i % 2:
                lo, hi = rnd.choice(FIELDS[hsize]); off = rnd.randrange(lo, hi)
            else:
                off = rnd.randrange(0, hsize + 4)
            v = rnd.choice([x for x in range(256) if x != plain[off]])
            cases.append(('plain', 'set', off, v))
        for _ in range(15):
            cases.append(('plain', 'flip', rnd.randrange(hsize + 4, len(plain)), rnd.randrange(8)))
        for _ in range(15):
            cases.append(('plain', 'truncate', rnd.randrange(0, len(plain)), 0))
        for _ in range(40):
            cases.append(('gzip', 'flip', rnd.randrange(0, len(gz)), rnd.randrange(8)))
        for _ in range(15):
            cases.append(('gzip', 'truncate', rnd.randrange(0, len(gz)), 0))
        cases += [('gzip', 'append_zeros', len(gz), 64), ('gzip', 'append_garbage', len(gz), 7),
                  ('gzip', 'append_member', len(gz), 0)]
        for level, op, off, v in cases:
            data = bytearray(plain if level == 'plain' else gz)
            if op == 'set':
                data[off] = v
            elif op == 'flip':
                data[off] ^= 1 << v
            elif op == 'truncate':
                del data[off:]
            elif op == 'append_zeros':
                data += bytes(v)
            elif op == 'append_garbage':
                data += bytes([v]) * 3
            elif op == 'append_member':
                data += gzip.compress(b'more data')
            ref, why = reference(bytes(data)) if level == 'plain' else gz_reference(bytes(data))
            row = {'base': base, 'level': level, 'op': op, 'offset': off, 'value': v, 'reference': ref}
            if why:
                row['refused'] = why
            out.append(row)
    path = os.path.join(GOLDEN, 'fuzz', 'nifti.jsonl')
    with open(path, 'w') as f:
        for r in out:
            f.write(json.dumps(r) + '\n')
    print(len(out), 'cases,', sum(r['reference'] is None for r in out), 'refused by gzip or nibabel ->', path)


if __name__ == '__main__':
    main()
