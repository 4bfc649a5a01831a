"""satds export monai's datalists read as MONAI 1.1 reads them: load_decathlon_datalist's path rule (image and label
joined to the json's folder) and LoadImaged (nibabel) + EnsureChannelFirstd, emulated with nibabel since MONAI is not
installed here. SATDS_MONAI_NATIVE holds a native-space export of golden cases, SATDS_MONAI_NORMALIZED a
normalized-space export of golden cases, compared with the original's reference arrays."""
import json
import os
import unittest

import nibabel
import numpy as np

import satds
from tests.env import folder


def load_decathlon_datalist(path, key):
    """MONAI 1.1's monai.data.load_decathlon_datalist(path, is_segmentation=True, data_list_key=key), by its rules:
    image and label joined to the json's folder, any other string (or list of strings) only where that names an
    existing path; an empty "test" list fails (it reads test[0])."""
    with open(path) as f:
        data = json.load(f)
    if key not in data:
        raise ValueError(f"Data list {key} not specified in {path}")
    items = data[key]
    if key == "test" and not isinstance(items[0], dict):
        items = [{"image": i} for i in items]
    base = os.path.dirname(path)

    def join(v, check):
        if isinstance(v, str):
            p = os.path.normpath(os.path.join(base, v))
            return v if check and not os.path.exists(p) else p
        if isinstance(v, list) and all(isinstance(e, str) for e in v):
            return [join(e, check) for e in v]
        return v

    return [{k: join(v, k not in ("image", "label")) for k, v in item.items()} for item in items]


def load_channel_first(path):
    """LoadImaged with nibabel then EnsureChannelFirstd: a 3D file gets a channel axis, a 4D one moves its last axis first."""
    img = nibabel.load(path)
    data = np.asanyarray(img.dataobj)
    data = data[None] if data.ndim == 3 else np.moveaxis(data, -1, 0)
    return data, img.affine


class NativeExport(unittest.TestCase):
    def test_every_item_loads_with_its_classes_as_channels(self):
        path = os.path.join(folder("SATDS_MONAI_NATIVE"), "datalist.json")
        with open(path) as f:
            classes = json.load(f)["labels"]
        items = load_decathlon_datalist(path, "training")
        self.assertEqual(len(items), 2)
        self.assertEqual(load_decathlon_datalist(path, "validation"), [])
        with self.assertRaises(ValueError):  # no test cases: no "test" list, which MONAI says plainly
            load_decathlon_datalist(path, "test")
        for item in items:
            with self.subTest(item=item["image"]):
                image, image_affine = load_channel_first(item["image"])
                label, label_affine = load_channel_first(item["label"])
                self.assertEqual(image.shape[0], 1)
                self.assertEqual(label.shape, (len(classes),) + image.shape[1:])
                np.testing.assert_allclose(label_affine, image_affine, rtol=0, atol=1e-5)
                self.assertTrue(set(np.unique(label)) <= {0, 1})
                for c in range(len(classes)):
                    # the golden masks hold every class of their recipe; other datasets' classes are empty channels
                    self.assertEqual(label[c].any(), c in item["classes"], classes[str(c)])
                self.assertEqual(item["dataset"], os.path.basename(item["image"]).rsplit("_", 1)[0], "other keys stay as written")


class NormalizedExport(unittest.TestCase):
    def test_items_equal_the_originals_normalized_arrays(self):
        out = folder("SATDS_MONAI_NORMALIZED")
        path = os.path.join(out, "datalist.json")
        with open(path) as f:
            classes = json.load(f)["labels"]
        items = load_decathlon_datalist(path, "training")
        self.assertGreater(len(items), 0)
        for item in items:
            with self.subTest(item=item["image"]):
                case = os.path.join(folder("SATDS_TESTDATA"), "golden", "recipes", item["dataset"])
                reference = satds.read_jsonl(os.path.join(case, "reference.jsonl"))[0]
                ref_image, ref_mask, labels, *_ = satds.load_npy(reference, case)
                image, affine = load_channel_first(item["image"])
                label, _ = load_channel_first(item["label"])
                self.assertEqual(image.shape, ref_image.shape)
                # the golden tolerances (testdata/golden/README.md): image within 1e-3, masks on >= 99.99 % of voxels
                self.assertLessEqual(float(np.abs(image - ref_image).max()), 1e-3)
                for i, name in enumerate(labels):
                    c = [int(k) for k, v in classes.items() if v == name][0]
                    agree = float(np.mean(label[c] == ref_mask[i]))
                    self.assertGreaterEqual(agree, 0.9999, name)
                # the grid SAT trains on: 1 x 1 x 3 mm voxels
                np.testing.assert_allclose(np.linalg.norm(affine[:3, :3], axis=0), [1, 1, 3], rtol=0, atol=1e-4)


if __name__ == "__main__":
    unittest.main()
