"""Prompt parity: the training text is exactly what the app's engine feeds the model.

The messages come from the app's own planner (examples.py asks the bridge; Python builds no
prompt). What remains to prove is the last step: Python renders them with the model's chat
template and tokenizes them (chat.py) exactly as transformers.js does in the app
(`tokenizer.apply_chat_template(messages, { add_generation_prompt: true })`). Checked on the tiny
tokenizer (SmolLM2's chat template) always, and on the real SmolLM2 tokenizer where models/convert
has built it (ESCRIBA_SMOLLM2_HF, default /tmp/real/smollm2-135m/hf).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import needs_transformers
from finetune.examples import PromptSettings, build_examples
from finetune.generator.generate import generate

REAL = Path(os.environ.get("ESCRIBA_SMOLLM2_HF", "/tmp/real/smollm2-135m/hf"))


def sample(bridge, templates):
    records = generate("train", 4, 21, templates) + generate("test", 2, 21, templates)
    return build_examples(records, bridge, PromptSettings(4096, 1536))[0]


def check(bridge, tokenizer_dir: Path, examples):
    from transformers import AutoTokenizer

    from finetune.chat import IGNORE, encode, prompt_text

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    for example in examples:
        app = bridge.one({"type": "chat", "tokenizerDir": str(tokenizer_dir), "messages": example["messages"]})
        assert prompt_text(tokenizer, example["messages"]) == app["text"]
        encoded = encode(tokenizer, example["messages"], example["answer"])
        assert encoded.input_ids[: len(app["ids"])] == app["ids"]
        assert encoded.labels[: len(app["ids"])] == [IGNORE] * len(app["ids"])
        answer = encoded.input_ids[len(app["ids"]):]
        assert tokenizer.decode(answer) == example["answer"] + "<|im_end|>"


@needs_transformers
def test_python_renders_and_tokenizes_like_transformers_js(bridge, templates, tiny_tokenizer):
    check(bridge, tiny_tokenizer, sample(bridge, templates))


@needs_transformers
@pytest.mark.skipif(not (REAL / "tokenizer.json").exists(), reason=f"no SmolLM2 folder at {REAL} (models/convert builds it)")
def test_same_on_the_real_smollm2_tokenizer(bridge, templates):
    check(bridge, REAL, sample(bridge, templates))
