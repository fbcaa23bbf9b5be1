"""`python -m finetune export`: the trained adapter → the app.

1. Merge the LoRA adapter into the base weights (peft `merge_and_unload`) and save a Hugging Face
   folder (safetensors, float32) with the base model's tokenizer files.
2. Convert it with models/convert (`python -m convert llm-from-hf`, run in that tool's own venv):
   the app's ONNX files and a clinic catalogue (`escriba-catalog.json`).
3. Make the catalogue entry a fine-tune's: id `escriba-med-es-…`, `experimental: true`,
   `baseModel` (the base's catalogue id), `promptProfile` (what it was trained on), the window it
   was trained for; then check it with the app's own catalogue parser (bridge `catalog`).
The entry installs through «Modelos» like any other (clinic server or folder).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .bridge import NoteBridge
from .config import ROOT, Config

CONVERT_DIR = ROOT.parent / "convert"
ID_PREFIX = "escriba-med-es"


def merge(config: Config, adapter: Path, out: Path) -> Path:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(config.base_path, dtype=torch.float32)
    merged = PeftModel.from_pretrained(base, adapter).merge_and_unload()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    merged.save_pretrained(tmp, safe_serialization=True)
    AutoTokenizer.from_pretrained(config.base_path).save_pretrained(tmp)
    for name in ("generation_config.json", "tokenizer_config.json", "tokenizer.json", "special_tokens_map.json"):
        if (config.base_path / name).exists():
            shutil.copy2(config.base_path / name, tmp / name)  # the base's own files, byte for byte
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def fine_tune_entry(entry: dict, config: Config, model_id: str) -> dict:
    """A converted model's catalogue entry, marked as this recipe's fine-tune."""
    return {
        **entry,
        "id": model_id,
        "name": entry.get("name") or model_id,
        # The doctor reads this in «Modelos», next to the «Experimental» badge.
        "description": "Modelo ajustado por Escriba con consultas simuladas en español rioplatense. "
                       "En evaluación: revise cada nota con especial cuidado.",
        "contextWindowTokens": config.context_window_tokens,
        # What it was trained to write; the base's own list may be English only.
        "languages": ["es"],
        "experimental": True,
        "baseModel": config.base_model_id,
        "promptProfile": config.prompt_profile,
    }


def check_catalog(catalog: dict) -> None:
    with NoteBridge() as bridge:
        answer = bridge.one({"type": "catalog", "catalog": catalog})
    if answer["problems"]:
        raise ValueError("the exported catalogue is not valid for the app: " + "; ".join(answer["problems"]))


def export(config: Config, out: Path, model_id: str | None, convert_python: str | None) -> dict:
    adapter = config.out_path / "adapter"
    if not (adapter / "adapter_config.json").exists():
        raise FileNotFoundError(f"no finished adapter in {adapter}: run `python -m finetune train --config …` to the end")
    model_id = model_id or f"{ID_PREFIX}-{config.base_model_id}"
    if not model_id.startswith(ID_PREFIX):
        raise ValueError(f"a fine-tune's id starts with {ID_PREFIX}: {model_id}")
    out.mkdir(parents=True, exist_ok=True)
    merged = merge(config, adapter, out / "merged-hf")
    python = convert_python or str(CONVERT_DIR / ".venv" / "bin" / "python")
    onnx_dir = out / "onnx"
    name = f"Escriba médico ES ({config.base_model_id}, experimental)"
    subprocess.run([python, "-m", "convert", "llm-from-hf", "--hf", str(merged), "--out", str(onnx_dir),
                    "--id", model_id, "--name", name], cwd=CONVERT_DIR, check=True)
    catalog_path = onnx_dir / "escriba-catalog.json"
    catalog = json.loads(catalog_path.read_text())
    catalog["models"] = [fine_tune_entry(m, config, model_id) if m.get("id") == model_id else m for m in catalog["models"]]
    check_catalog(catalog)
    catalog_path.write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n")
    return {"merged": str(merged), "onnx": str(onnx_dir), "catalog": str(catalog_path), "id": model_id}
