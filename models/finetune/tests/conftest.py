"""Shared fixtures. Tests that need torch/transformers skip with that reason where they are not
installed (requirements.txt installs them; README.md "Tests" says what each tier covers)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HAS_TRANSFORMERS = importlib.util.find_spec("transformers") is not None
HAS_TORCH = importlib.util.find_spec("torch") is not None and HAS_TRANSFORMERS
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch not installed: the training tier (pip install -r requirements.txt)")
needs_transformers = pytest.mark.skipif(not HAS_TRANSFORMERS, reason="transformers not installed (requirements-light.txt)")


@pytest.fixture(scope="session")
def bridge():
    from finetune.bridge import NoteBridge

    with NoteBridge() as b:
        yield b


@pytest.fixture(scope="session")
def templates(bridge):
    return bridge.templates()


@pytest.fixture(scope="session")
def tiny_texts(bridge, templates):
    from finetune.examples import PromptSettings, build_examples
    from finetune.generator.generate import generate

    examples, _ = build_examples(generate("train", 16, 5, templates), bridge, PromptSettings(4096, 1536))
    return [m["content"] for e in examples for m in e["messages"]] + [e["answer"] for e in examples]


@pytest.fixture(scope="session")
def tiny_tokenizer(tmp_path_factory, tiny_texts):
    """A small byte-level BPE with SmolLM2's chat template (tiny.py); needs no torch."""
    if not HAS_TRANSFORMERS:
        pytest.skip("transformers not installed (requirements-light.txt)")
    from finetune.tiny import build_tokenizer

    out = tmp_path_factory.mktemp("tiny-tokenizer")
    build_tokenizer(tiny_texts, out)
    return out


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, tiny_texts):
    """A tiny random Llama whose tokenizer was trained on generated examples (tiny.py)."""
    if not HAS_TORCH:
        pytest.skip("torch not installed: the training tier (pip install -r requirements.txt)")
    from finetune.tiny import build_tiny_llama

    return build_tiny_llama(tiny_texts, tmp_path_factory.mktemp("tiny-llama"))
