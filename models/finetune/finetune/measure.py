"""Tokens per second of LoRA training steps on this machine, per thread count: the figure that
sizes a CPU run (RESULTS.md). Same code path as train.py (one example per forward + backward);
the first example of each thread count warms up and is not counted."""
from __future__ import annotations

import os
import time

from .config import Config
from .train import encode_all, example_loss, load_model, read_examples


def measure(config: Config, threads: list[int], steps: int) -> dict:
    import torch

    tokenizer, model = load_model(config)
    examples, _ = encode_all(tokenizer, read_examples(config.data_path / "train.jsonl")[: steps + 1], config.max_seq_tokens)
    results = {}
    for n in threads:
        torch.set_num_threads(n)
        example_loss(model, examples[0], config.device).backward()
        model.zero_grad(set_to_none=True)
        tokens = 0
        start = time.monotonic()
        cpu_start = time.process_time()
        for e in examples[1: steps + 1]:
            example_loss(model, e, config.device).backward()
            tokens += len(e.input_ids)
        seconds = time.monotonic() - start
        cpu_seconds = time.process_time() - cpu_start
        model.zero_grad(set_to_none=True)
        # CPU seconds show contention: on an idle machine they are about `n` × wall seconds.
        results[str(n)] = {"tokens": tokens, "seconds": round(seconds, 2), "cpu_seconds": round(cpu_seconds, 2),
                           "tokens_per_s": round(tokens / seconds, 1), "load_average_1min": os.getloadavg()[0]}
    return {"base_model": str(config.base_path), "examples": steps, "lora_r": config.lora_r, "lora_top_layers": config.lora_top_layers,
            "mean_tokens_per_example": round(sum(len(e.input_ids) for e in examples[1:]) / max(1, len(examples) - 1)),
            "threads": results}
