"""No eval case may be used to train. The generator writes its own phrasings (it reads no eval
file); this check proves it on the data actually built: no generated segment repeats a line of an
eval case, and no run of LEAK_WORDS words is shared with one.

Eval cases are whatever text the eval folders hold (`NAME.txt` turns, `NAME.ref.json` facts, the
layout of `npm run eval`), read as plain text, so the check does not depend on their format.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .config import ROOT

LEAK_WORDS = 8
#: Where eval consultations live in this repository (the ones that exist are checked).
EVAL_DIRS = ("models/eval", "scripts/eval", "test/fixtures/eval", "eval")


def fold(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.findall(r"[a-z0-9ñ]+", text)


def shingles(words: list[str], n: int = LEAK_WORDS) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def eval_texts(dirs: list[Path]) -> dict[str, str]:
    texts = {}
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.is_file() and path.suffix in {".txt", ".json", ".jsonl", ".md"}:
                texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def default_eval_dirs() -> list[Path]:
    repo = ROOT.parents[1]
    return [repo / d for d in EVAL_DIRS if (repo / d).is_dir()]


def find_leaks(records: list[dict], dirs: list[Path]) -> list[str]:
    """Generated segments that share a run of LEAK_WORDS words with an eval file (or are one of its lines)."""
    index: dict[tuple[str, ...], str] = {}
    lines: dict[str, str] = {}
    for name, text in eval_texts(dirs).items():
        for gram in shingles(fold(text)):
            index.setdefault(gram, name)
        for line in text.splitlines():
            words = fold(line)
            if len(words) >= 4:
                lines.setdefault(" ".join(words), name)
    leaks = []
    for record in records:
        for segment in record["segments"]:
            words = fold(segment["text"])
            hit = lines.get(" ".join(words)) if len(words) >= 4 else None
            hit = hit or next((index[g] for g in shingles(words) if g in index), None)
            if hit:
                leaks.append(f"{record['id']}: «{segment['text']}» ({hit})")
    return leaks
