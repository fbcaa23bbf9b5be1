"""LoRA training on a tiny random Llama through the real training code: the loss is on the answer
only, steps run, and a run stopped midway resumes to exactly the weights of an unbroken run.
Plumbing, never quality (the model is random)."""
from __future__ import annotations

import json

import pytest

from conftest import needs_torch
from finetune.config import Config
from finetune.data import write_jsonl
from finetune.examples import PromptSettings, build_examples
from finetune.generator.generate import generate


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, bridge, templates):
    out = tmp_path_factory.mktemp("data")
    settings = PromptSettings(4096, 1536)
    write_jsonl(out / "train.jsonl", build_examples(generate("train", 8, 17, templates), bridge, settings)[0])
    write_jsonl(out / "val.jsonl", build_examples(generate("val", 2, 17, templates), bridge, settings)[0])
    return out


def config(tiny_model, data_dir, out, **rest) -> Config:
    return Config(base_model=str(tiny_model), base_model_id="tiny-llama", output_dir=str(out), data_dir=str(data_dir),
                  lora_r=4, lora_alpha=8, grad_accum=2, epochs=1, warmup_steps=1, save_every_steps=100,
                  eval_every_steps=2, eval_examples=2, threads=1, learning_rate=1e-2, **rest)


@needs_torch
def test_the_loss_is_on_the_answer_and_its_end_of_turn_only(tiny_model, data_dir):
    from transformers import AutoTokenizer

    from finetune.chat import IGNORE, encode
    from finetune.train import read_examples

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    example = read_examples(data_dir / "train.jsonl")[0]
    e = encode(tokenizer, example["messages"], example["answer"])
    answer = [t for t, label in zip(e.input_ids, e.labels) if label != IGNORE]
    assert tokenizer.decode(answer) == example["answer"] + "<|im_end|>"
    first = next(i for i, label in enumerate(e.labels) if label != IGNORE)
    assert all(label == IGNORE for label in e.labels[:first]) and all(label != IGNORE for label in e.labels[first:])
    assert tokenizer.decode(e.input_ids[:first]).endswith("<|im_start|>assistant\n")


@needs_torch
def test_the_answer_only_loss_equals_transformers_own(tiny_model, data_dir):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from finetune.chat import encode
    from finetune.train import example_loss, read_examples

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    example = read_examples(data_dir / "train.jsonl")[1]
    e = encode(tokenizer, example["messages"], example["answer"])
    with torch.no_grad():
        reference = model(input_ids=torch.tensor([e.input_ids]), labels=torch.tensor([e.labels])).loss
        assert abs(example_loss(model, e, "cpu").item() - reference.item()) < 1e-5


@needs_torch
def test_training_runs_and_a_stopped_run_resumes_exactly(tiny_model, data_dir, tmp_path):
    from safetensors.torch import load_file

    from finetune.train import train

    whole = train(config(tiny_model, data_dir, tmp_path / "whole"), log=lambda *_: None)
    assert whole["done"] and whole["steps"] == whole["total_steps"] >= 3 and whole["answer_tokens"] > 0
    log = [json.loads(line) for line in (tmp_path / "whole" / "train-log.jsonl").read_text().splitlines()]
    assert all(r["loss"] == r["loss"] and r["loss"] > 0 for r in log) and "val_loss" in log[1]

    first = train(config(tiny_model, data_dir, tmp_path / "split", stop_after_steps=2), log=lambda *_: None)
    assert not first["done"] and first["steps"] == 2
    second = train(config(tiny_model, data_dir, tmp_path / "split"), log=lambda *_: None)
    assert second["done"] and second["steps"] == whole["total_steps"]

    a = load_file(tmp_path / "whole" / "adapter" / "adapter_model.safetensors")
    b = load_file(tmp_path / "split" / "adapter" / "adapter_model.safetensors")
    assert a.keys() == b.keys()
    for key in a:
        assert (a[key] - b[key]).abs().max().item() < 1e-6, key
    # The adapter learned something: LoRA's B matrices start at zero.
    assert any(v.abs().max().item() > 0 for k, v in a.items() if "lora_B" in k)


@needs_torch
def test_a_run_stopped_by_its_time_limit_resumes_where_it_stopped(tiny_model, data_dir, tmp_path, monkeypatch):
    import finetune.train as training

    # A clock that only moves when an example is trained: 1000 s each, so a step of 2 is 33 min.
    clock = {"now": 0.0}
    monkeypatch.setattr(training.time, "monotonic", lambda: clock["now"])
    real_loss = training.example_loss

    def slow_loss(*args, **kwargs):
        clock["now"] += 1000.0
        return real_loss(*args, **kwargs)

    monkeypatch.setattr(training, "example_loss", slow_loss)
    first = training.train(config(tiny_model, data_dir, tmp_path / "run", max_minutes=40), log=lambda *_: None)
    assert not first["done"] and first["steps"] == 2  # save_every_steps is 100: only the time limit saved it
    messages: list[str] = []
    second = training.train(config(tiny_model, data_dir, tmp_path / "run"), log=messages.append)
    assert any("resuming at step 2" in m for m in messages), messages
    assert second["done"]


@needs_torch
def test_changed_data_is_refused_instead_of_resumed_wrongly(tiny_model, data_dir, tmp_path):
    from finetune.train import train

    train(config(tiny_model, data_dir, tmp_path / "run", stop_after_steps=1), log=lambda *_: None)
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    (fewer / "train.jsonl").write_text("".join((data_dir / "train.jsonl").read_text().splitlines(True)[:5]))
    with pytest.raises(ValueError, match="the data changed"):
        train(config(tiny_model, fewer, tmp_path / "run"), log=lambda *_: None)
