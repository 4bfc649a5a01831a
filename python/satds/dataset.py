"""The converted records of a jsonl as a dataset (a torch Dataset when torch is installed)."""
from .npy import load_npy, read_jsonl

try:
    import torch
    from torch.utils.data import Dataset as _Base
except ImportError:  # numpy only: the same class, indexable, without torch's base
    torch = None
    _Base = object


class SatdsDataset(_Base):
    """Item i is load_npy(record i): image and mc_mask as torch float tensors when torch is installed (as SAT's
    npy_loader returns them), numpy arrays otherwise; ``transform``, when given, is applied to that tuple."""

    def __init__(self, jsonl, transform=None, root=None):
        self.records = read_jsonl(jsonl)
        self.transform = transform
        self.root = root

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        image, mc_mask, *rest = load_npy(self.records[i], self.root)
        if torch is not None:
            image, mc_mask = torch.from_numpy(image), torch.from_numpy(mc_mask)
        item = (image, mc_mask, *rest)
        return self.transform(item) if self.transform is not None else item
