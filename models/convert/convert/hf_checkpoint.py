"""Hugging Face checkpoints of a Llama-family model, both ways:

- write: LlamaDims + float32 weights (Hugging Face names) + JSON/tokenizer files -> a folder that
  transformers' `AutoModelForCausalLM.from_pretrained(folder)` and `AutoTokenizer` load
  (model.safetensors in float32, config.json, generation_config.json, tokenizer files). The
  fine-tune recipe (models/finetune/) starts from it.
- read: such a folder (for instance a fine-tune merged back into full weights) -> LlamaDims and the
  float32 weight dict, which llama_onnx.py turns into the same ONNX layout as the converted model.

safetensors' own library writes and reads the tensors. Its numpy reader has no bfloat16 (numpy has
no such type), and a merged fine-tune is often saved in bfloat16, so those tensors are widened to
float32 here from their raw bytes (bfloat16 is the top half of a float32).
"""

import json
import struct
from pathlib import Path

import numpy as np

from .llama_config import UnsupportedModelError, dims_from_hf_config
from .llama_gguf import expected_shapes

WEIGHTS_FILE = 'model.safetensors'
INDEX_FILE = 'model.safetensors.index.json'
TOKENIZER_FILES = ('tokenizer.json', 'tokenizer_config.json')


def write(folder, weights, json_files):
    """Writes model.safetensors (float32) and the given files ({name: bytes}) into `folder`."""
    from safetensors.numpy import save_file
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in json_files.items():
        (folder / name).write_bytes(data)
    tensors = {name: np.ascontiguousarray(w, dtype=np.float32) for name, w in sorted(weights.items())}
    # transformers refuses a safetensors file whose metadata does not say which framework wrote it.
    save_file(tensors, str(folder / WEIGHTS_FILE), metadata={'format': 'pt'})
    (folder / WEIGHTS_FILE).chmod(0o644)  # safetensors creates it owner-only; the others are readable


def _bf16_tensors(path, names):
    """The named bfloat16 tensors of one safetensors file, widened to float32."""
    with open(path, 'rb') as f:
        (header_len,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(header_len))
        base = 8 + header_len
        out = {}
        for name in names:
            start, end = header[name]['data_offsets']
            f.seek(base + start)
            raw = np.frombuffer(f.read(end - start), dtype=np.uint16)
            out[name] = (raw.astype(np.uint32) << 16).view(np.float32).reshape(header[name]['shape'])
        return out


def _read_file(path):
    from safetensors import safe_open
    tensors, bf16 = {}, []
    with safe_open(str(path), framework='numpy') as f:
        for name in f.keys():
            try:
                tensors[name] = f.get_tensor(name).astype(np.float32, copy=False)
            except (TypeError, ValueError):  # bfloat16: numpy has no such dtype
                bf16.append(name)
    tensors.update(_bf16_tensors(path, bf16))
    return tensors


def weight_files(folder):
    folder = Path(folder)
    if (folder / WEIGHTS_FILE).exists():
        return [folder / WEIGHTS_FILE]
    if (folder / INDEX_FILE).exists():
        index = json.loads((folder / INDEX_FILE).read_text('utf-8'))
        return [folder / name for name in sorted(set(index['weight_map'].values()))]
    raise UnsupportedModelError(f'{folder} has no {WEIGHTS_FILE} (nor {INDEX_FILE}); save the merged model with safetensors')


def read(folder):
    """(dims, float32 weights, config dict) of a Hugging Face Llama checkpoint folder."""
    folder = Path(folder)
    try:
        config = json.loads((folder / 'config.json').read_text('utf-8'))
    except FileNotFoundError as e:
        raise UnsupportedModelError(f'{folder} has no config.json') from e
    dims = dims_from_hf_config(config)
    weights = {}
    for path in weight_files(folder):
        weights.update(_read_file(path))
    if dims.tie_embeddings:
        # Some savers write the tied output projection too; it must be the embedding itself.
        head = weights.pop('lm_head.weight', None)
        if head is not None and not np.array_equal(head, weights.get('model.embed_tokens.weight')):
            raise UnsupportedModelError('tie_word_embeddings is true but lm_head.weight differs from the embedding')
    weights = {name: w for name, w in weights.items() if not name.endswith('rotary_emb.inv_freq')}
    expected = expected_shapes(dims)
    missing = sorted(set(expected) - set(weights))
    unexpected = sorted(set(weights) - set(expected))
    if missing or unexpected:
        hint = ' (LoRA adapters must be merged into the weights first)' if any('lora' in n for n in unexpected) else ''
        raise UnsupportedModelError(f'the checkpoint does not hold a plain Llama: missing {missing[:3]}, unexpected {unexpected[:3]}{hint}')
    for name, shape in expected.items():
        if weights[name].shape != shape:
            raise UnsupportedModelError(f'{name} has shape {weights[name].shape}, expected {shape}')
    return dims, weights, config
