"""Export: merge the adapter into full weights, hand them to models/convert, and make the
catalogue entry a fine-tune's that the app's own parser accepts. models/convert is stood in for by
a script with its `llm-from-hf` interface (the real converter has its own tests)."""
from __future__ import annotations

import json
import sys

from conftest import needs_torch
from finetune.export import check_catalog, export, fine_tune_entry
from test_train import config, data_dir  # noqa: F401  (fixture)

CONVERTED = {
    "id": "escriba-med-es-tiny-llama", "name": "x", "description": "x", "task": "llm", "engine": "transformers.js", "tier": "cpu",
    "languages": ["en"], "license": "apache-2.0", "contextWindowTokens": 4096,
    "source": {"host": "/models/hub", "repo": "escriba/escriba-med-es-tiny-llama", "revision": "0" * 40,
               "files": [{"path": "onnx/model_q4.onnx", "bytes": 10, "approxBytes": None, "sha256": "a" * 64}]},
    "variants": [{"device": "wasm", "dtype": {"model": "q4"}, "files": ["onnx/model_q4.onnx"], "requiredFeatures": [], "vramMB": None}],
}
FAKE_CONVERT = f"""#!{sys.executable}
import json, sys
args = sys.argv[1:]
assert args[:3] == ["-m", "convert", "llm-from-hf"], args
opts = dict(zip(args[3::2], args[4::2]))
from pathlib import Path
from transformers import AutoModelForCausalLM
AutoModelForCausalLM.from_pretrained(opts["--hf"])  # the merged folder loads
out = Path(opts["--out"]); out.mkdir(parents=True, exist_ok=True)
entry = json.loads({json.dumps(json.dumps(CONVERTED))})
entry["id"] = opts["--id"]; entry["name"] = opts["--name"]
(out / "escriba-catalog.json").write_text(json.dumps({{"version": 1, "models": [entry]}}))
"""


def test_the_entry_is_an_experimental_fine_tune_the_app_accepts(bridge):
    from finetune.config import Config

    cfg = Config(base_model="x", base_model_id="smollm2-135m-instruct", output_dir="x", context_window_tokens=4096)
    entry = fine_tune_entry({**CONVERTED, "id": "escriba-med-es-smollm2"}, cfg, "escriba-med-es-smollm2")
    assert entry["experimental"] is True and entry["baseModel"] == "smollm2-135m-instruct"
    assert entry["promptProfile"] == "compact" and entry["languages"] == ["es"]
    check_catalog({"version": 1, "models": [entry]})
    bad = bridge.one({"type": "catalog", "catalog": {"version": 1, "models": [{**entry, "baseModel": entry["id"]}]}})
    assert bad["problems"] == ["models[0].baseModel: Un modelo no puede ser su propio modelo base."]


@needs_torch
def test_export_merges_converts_and_writes_the_entry(tiny_model, data_dir, tmp_path):  # noqa: F811
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from finetune.train import train

    cfg = config(tiny_model, data_dir, tmp_path / "run")
    train(cfg, log=lambda *_: None)
    fake = tmp_path / "fake-convert"
    fake.write_text(FAKE_CONVERT)
    fake.chmod(0o755)
    result = export(cfg, tmp_path / "export", None, str(fake))
    assert result["id"] == "escriba-med-es-tiny-llama"
    catalog = json.loads((tmp_path / "export" / "onnx" / "escriba-catalog.json").read_text())
    assert catalog["models"][0]["baseModel"] == "tiny-llama" and catalog["models"][0]["experimental"] is True

    ids = torch.tensor([[5, 17, 42, 9, 100]])
    merged = AutoModelForCausalLM.from_pretrained(tmp_path / "export" / "merged-hf")
    adapted = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_model), cfg.out_path / "adapter")
    with torch.no_grad():
        assert torch.allclose(merged(ids).logits, adapted(ids).logits, atol=1e-4)
