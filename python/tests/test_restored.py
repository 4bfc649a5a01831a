"""read_nifti's own NIfTI reader against nibabel, on restore's golden references (MONAI's inverse: uint8 masks
with the scan's affine) and their scans, so load_restored gives the same arrays with or without nibabel."""
import glob
import os
import unittest

import numpy as np

import satds
from tests.env import folder


class OwnReaderAgreesWithNibabel(unittest.TestCase):
    def test_restore_references_and_scans(self):
        files = sorted(glob.glob(os.path.join(folder("SATDS_TESTDATA"), "golden", "restore", "*", "reference", "*.nii.gz")))
        # and the scans (NIfTI-1 and -2, sform, qform, neither, scaled); the real_* scans are plain NIfTI named .nii.gz,
        # which nibabel refuses to open
        files += sorted(f for f in glob.glob(os.path.join(folder("SATDS_TESTDATA"), "golden", "restore", "*", "image.nii.gz"))
                        if "real_" not in f)
        self.assertGreaterEqual(len(files), 26)
        for f in files:
            with self.subTest(file=f):
                ours, our_affine = satds.read_nifti(f, use_nibabel=False)
                theirs, their_affine = satds.read_nifti(f, use_nibabel=True)
                self.assertEqual(ours.shape, theirs.shape)
                self.assertTrue(np.array_equal(ours, theirs))
                # nibabel builds the qform's rotation in float64 from float32 quaternions, as we do; 1e-6 mm room
                # for its different order of the same operations
                np.testing.assert_allclose(our_affine, their_affine, rtol=0, atol=1e-6)


if __name__ == "__main__":
    unittest.main()
