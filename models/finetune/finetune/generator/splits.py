"""Families and the split each belongs to. Splitting by family keeps validation and test
consultations from being paraphrases of training ones: their clinical scenario, complaints,
findings and phrasings never appear in training (only the conversational glue is shared).
"""
from __future__ import annotations

from .families_acute import FAMILIES as ACUTE
from .families_more import CHRONIC, PEDIATRIC, TEST, VALIDATION
from .family import Family

SPLITS: dict[str, list[Family]] = {
    "train": [*ACUTE, *CHRONIC, *PEDIATRIC],
    "val": VALIDATION,
    "test": TEST,
}


def families(split: str) -> list[Family]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    return SPLITS[split]
