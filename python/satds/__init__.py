"""Read what SAT-DS for Java writes: converted records in SAT's npy layout, and restore's native masks.

numpy is the only requirement; SatdsDataset is a torch Dataset when torch is installed, and load_restored uses
nibabel when it is installed (else a small NIfTI-1 reader of its own). See docs/python.md.
"""
from .npy import load_npy, read_jsonl
from .dataset import SatdsDataset
from .restored import load_restored, read_nifti

__all__ = ["load_npy", "read_jsonl", "SatdsDataset", "load_restored", "read_nifti"]
