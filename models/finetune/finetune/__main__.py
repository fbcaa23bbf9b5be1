"""python -m finetune {data,train,measure,export,tiny} — see README.md."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finetune")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="generate consultations and training examples")
    p.add_argument("--config", required=True)
    p.add_argument("--eval-dir", action="append", help="eval folders to check for leaks (default: the repo's)")
    p = sub.add_parser("train", help="LoRA fine-tuning; rerun to resume")
    p.add_argument("--config", required=True)
    p.add_argument("--base-model", help="Hugging Face folder of the base (overrides the config)")
    p.add_argument("--max-minutes", type=float)
    p.add_argument("--stop-after-steps", type=int, help="stop with a checkpoint at this step (a smoke run)")
    p.add_argument("--grad-accum", type=int, help="examples per step (overrides the config)")
    p.add_argument("--output-dir", help="run folder (overrides the config)")
    p.add_argument("--threads", type=int, help="CPU threads (overrides the config; 1 on a shared machine)")
    p = sub.add_parser("measure", help="tokens per second of LoRA steps on this machine")
    p.add_argument("--config", required=True)
    p.add_argument("--base-model", help="Hugging Face folder of the base (overrides the config)")
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--lora-top-layers", type=int, help="adapt only the top N layers (overrides the config)")
    p = sub.add_parser("export", help="merge the adapter, convert to the app's ONNX format, write the catalogue entry")
    p.add_argument("--config", required=True)
    p.add_argument("--base-model", help="Hugging Face folder of the base (overrides the config)")
    p.add_argument("--out", required=True)
    p.add_argument("--id", default=None, help="catalogue id (default: escriba-med-es-<base id>)")
    p.add_argument("--convert-python", default=None, help="python of models/convert's venv (default: models/convert/.venv/bin/python)")
    p = sub.add_parser("tiny", help="a tiny random Llama + tokenizer for tests and smoke runs")
    p.add_argument("--out", required=True)
    p.add_argument("--data", required=True, help="a train.jsonl whose text trains the tokenizer")
    args = parser.parse_args(argv)

    from .config import load_config

    if args.command == "data":
        from .data import build_data

        report = build_data(load_config(args.config), [Path(d) for d in args.eval_dir] if args.eval_dir else None)
        # A dropped target (the app would flag it) is left out and listed in DATA.json, not fatal.
        return 0
    if args.command == "train":
        from .train import train

        summary = train(load_config(args.config, max_minutes=args.max_minutes, base_model=args.base_model,
                                    stop_after_steps=args.stop_after_steps, grad_accum=args.grad_accum,
                                    output_dir=args.output_dir, threads=args.threads))
        print(json.dumps(summary))
        return 0
    if args.command == "measure":
        from .measure import measure

        print(json.dumps(measure(load_config(args.config, base_model=args.base_model, lora_top_layers=args.lora_top_layers), args.threads, args.steps), indent=2))
        return 0
    if args.command == "export":
        from .export import export

        print(json.dumps(export(load_config(args.config, base_model=args.base_model), Path(args.out), args.id, args.convert_python), indent=2))
        return 0
    if args.command == "tiny":
        from .tiny import build_tiny_llama
        from .train import read_examples

        rows = read_examples(Path(args.data))
        texts = [m["content"] for r in rows for m in r["messages"]] + [r["answer"] for r in rows]
        print(build_tiny_llama(texts, Path(args.out)))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
