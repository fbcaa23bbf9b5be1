"""Training configuration (configs/*.yaml). Paths are relative to models/finetune/ unless absolute;
"${VAR}" takes an environment variable (the base model's folder differs per machine)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Config:
    #: Hugging Face folder of the base model (models/convert's `<out>/hf/` for SmolLM2).
    base_model: str
    #: Its catalogue id, for the exported entry's `baseModel`.
    base_model_id: str
    output_dir: str
    data_dir: str = "data/cpu"
    #: Consultations to generate per split (examples.py may make more: one per block).
    train_consultations: int = 600
    val_consultations: int = 40
    test_consultations: int = 40
    seed: int = 13
    long_rate: float = 0.15
    #: The prompt the app will build for this model: its window, answer reserve and profile.
    context_window_tokens: int = 4096
    output_reserve_tokens: int = 1536
    prompt_profile: str = "compact"
    max_seq_tokens: int = 4096
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    #: Adapt only the top N transformer layers (None: all). Backpropagation then stops at the
    #: lowest adapted layer: on a CPU the lower layers cost a forward pass only.
    lora_top_layers: int | None = None
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    learning_rate: float = 2e-4
    warmup_steps: int = 10
    epochs: float = 1.0
    #: Examples per optimizer step (gradient accumulation over single examples: no padding on a CPU).
    grad_accum: int = 8
    threads: int = 2
    save_every_steps: int = 10
    eval_every_steps: int = 50
    eval_examples: int = 20
    #: Stop (with a checkpoint) after this many minutes; rerunning the command resumes.
    max_minutes: float | None = None
    #: Stop (with a checkpoint) at this step: a smoke run, or the resume test.
    stop_after_steps: int | None = None
    #: "float32" on a CPU; "bfloat16" on a GPU; QLoRA sets load_in_4bit (bitsandbytes, GPU only).
    dtype: str = "float32"
    load_in_4bit: bool = False
    gradient_checkpointing: bool = False
    device: str = "cpu"

    def path(self, value: str) -> Path:
        p = Path(os.path.expandvars(value))
        return p if p.is_absolute() else ROOT / p

    @property
    def base_path(self) -> Path:
        return self.path(self.base_model)

    @property
    def out_path(self) -> Path:
        return self.path(self.output_dir)

    @property
    def data_path(self) -> Path:
        return self.path(self.data_dir)


def load_config(path: str | Path, **overrides) -> Config:
    raw = yaml.safe_load(Path(path).read_text()) or {}
    known = {f.name for f in fields(Config)}
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"{path}: unknown settings {sorted(unknown)}")
    raw.update({k: v for k, v in overrides.items() if v is not None})
    return Config(**raw)
