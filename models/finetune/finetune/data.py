"""`python -m finetune data`: generate the consultations of every split and turn them into
training examples through the app's code; write them with a report (DATA.json)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .bridge import NoteBridge
from .config import Config
from .examples import PromptSettings, build_examples
from .generator.generate import generate
from .leakage import default_eval_dirs, find_leaks


def write_jsonl(path: Path, rows: list[dict]) -> str:
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def build_data(config: Config, eval_dirs: list[Path] | None = None, log=print) -> dict:
    out = config.data_path
    out.mkdir(parents=True, exist_ok=True)
    dirs = default_eval_dirs() if eval_dirs is None else eval_dirs
    settings = PromptSettings(config.context_window_tokens, config.output_reserve_tokens, config.prompt_profile)
    counts = {"train": config.train_consultations, "val": config.val_consultations, "test": config.test_consultations}
    report: dict = {"seed": config.seed, "prompt": settings.__dict__, "eval_dirs_checked": [str(d) for d in dirs], "splits": {}}
    with NoteBridge() as bridge:
        templates = bridge.templates()
        for split, count in counts.items():
            records = generate(split, count, config.seed, templates, long_rate=config.long_rate)
            leaks = find_leaks(records, dirs)
            if leaks:
                raise ValueError(f"{len(leaks)} generated segments repeat eval cases, e.g. {leaks[:3]}")
            examples, built = build_examples(records, bridge, settings)
            families = sorted({r["family"] for r in records})
            report["splits"][split] = {
                "consultations": len(records), "examples": len(examples), "multi_part_consultations": built.multi_part,
                "dropped": built.dropped, "families": families,
                "sha256": write_jsonl(out / f"{split}.jsonl", examples),
                "consultations_sha256": write_jsonl(out / f"{split}.consultations.jsonl", records),
            }
            log(f"data: {split}: {len(records)} consultations → {len(examples)} examples "
                f"({built.multi_part} in several parts, {len(built.dropped)} dropped)")
    (out / "DATA.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return report
