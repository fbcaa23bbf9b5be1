"""Shared fixtures. Tests that need torch/transformers skip with that reason where they are not
installed (requirements.txt installs them; README.md "Tests" says what each tier covers)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HAS_TORCH = importlib.util.find_spec("torch") is not None and importlib.util.find_spec("transformers") is not None
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch/transformers not installed (pip install -r requirements.txt)")


@pytest.fixture(scope="session")
def bridge():
    from finetune.bridge import NoteBridge

    with NoteBridge() as b:
        yield b


@pytest.fixture(scope="session")
def templates(bridge):
    return bridge.templates()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, bridge, templates):
    """A tiny random Llama whose tokenizer was trained on generated examples (tiny.py)."""
    if not HAS_TORCH:
        pytest.skip("torch/transformers not installed (pip install -r requirements.txt)")
    from finetune.examples import PromptSettings, build_examples
    from finetune.generator.generate import generate
    from finetune.tiny import build_tiny_llama

    examples, _ = build_examples(generate("train", 16, 5, templates), bridge, PromptSettings(4096, 1536))
    texts = [m["content"] for e in examples for m in e["messages"]] + [e["answer"] for e in examples]
    return build_tiny_llama(texts, tmp_path_factory.mktemp("tiny-llama"))
