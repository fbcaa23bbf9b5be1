"""LoRA supervised fine-tuning with the loss on the answer only, resumable.

One example per forward pass (no padding: on a CPU padding is pure waste), gradients accumulated
over `grad_accum` examples per optimizer step. Every `save_every_steps` the adapter, optimizer,
schedule, position in the data and RNG states are written to `<output>/checkpoint/` atomically
(a new folder renamed into place), so a run stopped at any moment — Ctrl-C, `max_minutes`, a
machine going away — resumes from the last checkpoint when the same command is run again, and
continues exactly as if it had not stopped (same example order, same schedule).
"""
from __future__ import annotations

import json
import math
import random
import shutil
import time
from pathlib import Path

from .chat import IGNORE, encode
from .config import Config

LOG = "train-log.jsonl"


def read_examples(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_model(config: Config):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(config.base_path)
    # sdpa: PyTorch's fused attention; eager attention keeps a seq² matrix per head and layer.
    kwargs: dict = {"dtype": getattr(torch, config.dtype), "attn_implementation": "sdpa"}
    if config.load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                                           bnb_4bit_compute_dtype=torch.bfloat16)
    model = AutoModelForCausalLM.from_pretrained(config.base_path, **kwargs)
    if config.load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    if config.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    layers = None
    if config.lora_top_layers is not None:
        total = model.config.num_hidden_layers
        layers = list(range(max(0, total - config.lora_top_layers), total))
    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=config.target_modules, layers_to_transform=layers, task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    return tokenizer, model.to(config.device)


def encode_all(tokenizer, examples: list[dict], max_tokens: int) -> tuple[list, int]:
    encoded, skipped = [], 0
    for example in examples:
        e = encode(tokenizer, example["messages"], example["answer"])
        if len(e.input_ids) > max_tokens:
            skipped += 1
            continue
        encoded.append(e)
    return encoded, skipped


def example_loss(model, e, device):
    """Mean cross-entropy over the answer tokens: the same value as `model(labels=…).loss`, but the
    output layer runs only where the answer is predicted (`logits_to_keep`). With SmolLM2's 49 152
    -token vocabulary that layer is a fifth of the forward pass, and most tokens are prompt."""
    import torch
    import torch.nn.functional as F

    first = next(i for i, label in enumerate(e.labels) if label != IGNORE)
    ids = torch.tensor([e.input_ids], device=device)
    logits = model(input_ids=ids, logits_to_keep=len(e.input_ids) - first + 1).logits[0, :-1]
    targets = torch.tensor(e.labels[first:], device=device)
    return F.cross_entropy(logits.float(), targets)


def evaluate(model, encoded: list, device) -> float:
    import torch

    model.eval()
    with torch.no_grad():
        losses = [example_loss(model, e, device).item() for e in encoded]
    model.train()
    return sum(losses) / max(1, len(losses))


def epoch_order(n: int, seed: int, epoch: int) -> list[int]:
    order = list(range(n))
    random.Random(seed * 1000 + epoch).shuffle(order)
    return order


def save_checkpoint(out: Path, model, optimizer, scheduler, state: dict) -> None:
    import torch

    tmp = out / "checkpoint.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
                "torch_rng": torch.get_rng_state(), "python_rng": random.getstate()}, tmp / "trainer.pt")
    (tmp / "state.json").write_text(json.dumps(state, indent=2))
    final = out / "checkpoint"
    old = out / "checkpoint.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def load_checkpoint(out: Path, model, optimizer, scheduler) -> dict | None:
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    final = out / "checkpoint"
    if not (final / "state.json").exists():
        return None
    set_peft_model_state_dict(model, load_file(final / "adapter_model.safetensors"))
    trainer = torch.load(final / "trainer.pt", weights_only=False)
    optimizer.load_state_dict(trainer["optimizer"])
    scheduler.load_state_dict(trainer["scheduler"])
    torch.set_rng_state(trainer["torch_rng"])
    random.setstate(trainer["python_rng"])
    return json.loads((final / "state.json").read_text())


def train(config: Config, log=print) -> dict:
    import torch

    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    random.seed(config.seed)
    out = config.out_path
    out.mkdir(parents=True, exist_ok=True)
    tokenizer, model = load_model(config)
    train_set, skipped = encode_all(tokenizer, read_examples(config.data_path / "train.jsonl"), config.max_seq_tokens)
    val_path = config.data_path / "val.jsonl"
    val_set = encode_all(tokenizer, read_examples(val_path), config.max_seq_tokens)[0][: config.eval_examples] if val_path.exists() else []
    if not train_set:
        raise ValueError(f"no training examples in {config.data_path} (run `python -m finetune data` first)")

    per_epoch = math.ceil(len(train_set) / config.grad_accum)
    total_steps = max(1, math.ceil(per_epoch * config.epochs))
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=0.0)
    warmup = min(config.warmup_steps, total_steps)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        progress = (step - warmup) / max(1, total_steps - warmup)
        return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    state = load_checkpoint(out, model, optimizer, scheduler) or {"step": 0, "cursor": 0, "tokens": 0, "answer_tokens": 0,
                                                                    "seconds": 0.0, "examples": len(train_set)}
    if state["examples"] != len(train_set):
        raise ValueError(f"the data changed since the checkpoint ({state['examples']} → {len(train_set)} examples): "
                         f"use a new output_dir or delete {out / 'checkpoint'}")
    resumed = state["step"] > 0
    log(f"train: {len(train_set)} examples ({skipped} longer than {config.max_seq_tokens} tokens left out), "
        f"{total_steps} steps of {config.grad_accum}, {'resuming at step ' + str(state['step']) if resumed else 'from the start'}")
    started = time.monotonic()
    seconds_before = state["seconds"]
    model.train()
    with (out / LOG).open("a", encoding="utf-8") as log_file:
        while state["step"] < total_steps:
            if config.max_minutes is not None and seconds_before + time.monotonic() - started > config.max_minutes * 60:
                # Checkpoint the steps since the last save, or the resumed run would redo them.
                if state["step"] % config.save_every_steps != 0:
                    save_checkpoint(out, model, optimizer, scheduler, state)
                log(f"train: {config.max_minutes} minutes reached at step {state['step']}; run again to resume")
                break
            if config.stop_after_steps is not None and state["step"] >= config.stop_after_steps:
                log(f"train: stopped at step {state['step']} as asked; run again to resume")
                break
            step_start = time.monotonic()
            step_tokens = step_answer = 0
            loss_sum = 0.0
            for _ in range(config.grad_accum):
                cursor = state["cursor"]
                epoch, position = divmod(cursor, len(train_set))
                e = train_set[epoch_order(len(train_set), config.seed, epoch)[position]]
                loss = example_loss(model, e, config.device)
                (loss / config.grad_accum).backward()
                loss_sum += loss.item()
                step_tokens += len(e.input_ids)
                step_answer += e.answer_tokens
                state["cursor"] = cursor + 1
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            state["step"] += 1
            state["tokens"] += step_tokens
            state["answer_tokens"] += step_answer
            elapsed = time.monotonic() - step_start
            state["seconds"] = seconds_before + time.monotonic() - started
            record = {"step": state["step"], "loss": loss_sum / config.grad_accum, "lr": scheduler.get_last_lr()[0],
                      "tokens": step_tokens, "tokens_per_s": step_tokens / elapsed, "elapsed_s": round(state["seconds"], 1)}
            if val_set and (state["step"] % config.eval_every_steps == 0 or state["step"] == total_steps):
                record["val_loss"] = evaluate(model, val_set, config.device)
            log_file.write(json.dumps(record) + "\n")
            log_file.flush()
            log(f"step {record['step']}/{total_steps} loss {record['loss']:.4f} {record['tokens_per_s']:.0f} tok/s"
                + (f" val {record['val_loss']:.4f}" if "val_loss" in record else ""))
            if state["step"] % config.save_every_steps == 0 or state["step"] in (total_steps, config.stop_after_steps):
                save_checkpoint(out, model, optimizer, scheduler, state)
    done = state["step"] >= total_steps
    if done:
        model.save_pretrained(out / "adapter")
        tokenizer.save_pretrained(out / "adapter")
    summary = {"done": done, "steps": state["step"], "total_steps": total_steps, "tokens": state["tokens"],
               "answer_tokens": state["answer_tokens"], "seconds": round(state["seconds"], 1),
               "tokens_per_s": round(state["tokens"] / max(state["seconds"], 1e-9), 1)}
    (out / "TRAINING.json").write_text(json.dumps({"summary": summary, "config": config.__dict__}, indent=2, default=str))
    return summary
