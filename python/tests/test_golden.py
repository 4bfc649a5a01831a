"""Every golden case's reference (what the original convert_to_npy.py wrote) loads as the original's npy_loader
builds it: the Java side (NpyLoader) writes the same sample's image and its masks pasted into the full grid, in
SATDS_EXPECTED/index.json; this module checks load_npy against them and against the cropped files themselves."""
import json
import os
import unittest

import numpy as np

import satds
from tests.env import folder


class GoldenReferences(unittest.TestCase):
    def test_every_reference_loads_as_the_original(self):
        testdata, expected = folder("SATDS_TESTDATA"), folder("SATDS_EXPECTED")
        with open(os.path.join(expected, "index.json")) as f:
            cases = json.load(f)
        self.assertGreaterEqual(len(cases), 90, "every golden recipes/, geometry/ and real/ case")
        self.assertLessEqual(sum("error" in c for c in cases), 2, "only DAP_Atlas and VerSe fail to load")
        for case in cases:
            with self.subTest(case=case["case"]):
                root = os.path.join(testdata, "golden", case["case"])
                record = satds.read_jsonl(os.path.join(root, "reference.jsonl"))[0]
                if "error" in case:  # a reference the original's loader cannot read either (a label named twice)
                    with self.assertRaises(ValueError):
                        satds.load_npy(record, root)
                    continue
                image, mc_mask, labels, modality, task, image_path, seg_dir = satds.load_npy(record, root)
                c, h, w, d = record["chwd"]
                self.assertEqual((image.dtype, image.shape), (np.float32, (1, h, w, d)))
                self.assertEqual((mc_mask.dtype, mc_mask.shape), (np.float32, (len(labels), h, w, d)))
                self.assertEqual((labels, modality, task), (record["label"], record["modality"], "segmentation"))
                self.assertEqual((image_path, seg_dir), (record["renorm_image"], record["renorm_segmentation_dir"]))
                self.assertTrue(np.array_equal(image, np.load(os.path.join(expected, case["image"]))))
                java = np.load(os.path.join(expected, case["masks"]))
                self.assertTrue(np.array_equal(mc_mask, java.astype(np.float32)), "masks differ from NpyLoader's")
                self.assert_boxes_hold_the_crops(record, root, mc_mask)

    def assert_boxes_hold_the_crops(self, record, root, mc_mask):
        """Independently of both loaders: inside each box the crop, outside nothing."""
        for i, (label, box) in enumerate(zip(record["label"], record["renorm_y1x1z1_y2x2z2"])):
            if box is False:
                self.assertEqual(mc_mask[i].sum(), 0, label)
                continue
            y1, x1, z1, y2, x2, z2 = box
            crop = np.load(os.path.join(root, record["renorm_segmentation_dir"], label + ".npy"))
            self.assertTrue(np.array_equal(mc_mask[i, y1:y2, x1:x2, z1:z2] != 0, crop != 0), label)
            self.assertEqual(crop.shape, (y2 - y1, x2 - x1, z2 - z1), label)
            self.assertEqual(mc_mask[i].sum(), np.count_nonzero(crop), label + ": a voxel outside its box")


if __name__ == "__main__":
    unittest.main()
