"""The demo's outputs load: its converted jsonl through SatdsDataset (torch tensors where torch is installed,
numpy arrays otherwise) and its restored masks through load_restored, on the scan's grid and affine."""
import glob
import os
import unittest

import numpy as np

import satds
from satds import dataset
from tests.env import folder


class DemoOutputs(unittest.TestCase):
    def test_converted_records_load(self):
        files = sorted(glob.glob(os.path.join(folder("SATDS_DEMO"), "converted", "*.jsonl")))
        self.assertEqual(len(files), 4)
        for f in files:
            data = satds.SatdsDataset(f)
            self.assertGreater(len(data), 0)
            for i in range(len(data)):
                image, mc_mask, labels, modality, task, image_path, seg_dir = data[i]
                if dataset.torch is not None:
                    self.assertEqual((image.dtype, mc_mask.dtype), (dataset.torch.float32, dataset.torch.float32))
                    image, mc_mask = image.numpy(), mc_mask.numpy()
                self.assertEqual(list(image.shape), data.records[i]["chwd"])
                self.assertEqual(mc_mask.shape, (len(labels),) + image.shape[1:])
                self.assertTrue(set(np.unique(mc_mask)) <= {0.0, 1.0})
                self.assertGreater(mc_mask.sum(), 0, f"{f} record {i}: the phantoms' classes are not empty")

    def test_restored_masks_load_on_the_scan(self):
        records = satds.read_jsonl(os.path.join(folder("SATDS_DEMO"), "restored", "restored.jsonl"))
        self.assertEqual(len(records), 4)
        for r in records:
            restored = satds.load_restored(r)
            scan, scan_affine = satds.read_nifti(r["image"])
            np.testing.assert_allclose(restored["affine"], scan_affine, rtol=0, atol=1e-5)
            self.assertEqual(list(restored["masks"]), r["label"])
            for label, mask in restored["masks"].items():
                self.assertEqual(mask.shape, scan.shape[:3], label)
                self.assertTrue(set(np.unique(mask)) <= {0, 1}, label)
            union = np.any([m != 0 for m in restored["masks"].values()], axis=0)
            self.assertGreater(union.sum(), 0)
            self.assertTrue(np.array_equal(restored["label_map"] != 0, union), "the label map covers the masks")


if __name__ == "__main__":
    unittest.main()
