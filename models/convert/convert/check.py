"""Numerics check: the built ONNX files against CTranslate2 running the same package's weights.

Independent reference: CTranslate2's own Whisper implementation (C++), float32 compute, loading
the package's model.bin directly, shares no code with the converter beyond the bytes it reads.
Both get the same log-mel input, computed once from a Spanish WAV (espeak-ng by default).

Per dtype (fp32; q8 = the WASM variant's files; q4 = the WebGPU variant's q4 decoder, whose
encoder is the fp32 one):
- encoder: largest absolute deviation of last_hidden_state from CTranslate2's `encode`;
- decoder: largest absolute deviation of the logits (every vocabulary entry, every step) from
  CTranslate2's `generate(..., return_logits_vocab=True)`, teacher-forced along CTranslate2's
  greedy tokens and fed CTranslate2's encoder states, so it measures the decoder alone; the prefix
  step runs the If node's no-cache branch, every later step the cached one;
- greedy: ONNX encoder -> ONNX decoder, argmax until <|endoftext|>, compared token by token.
No logits processors on either side (no suppression), so the two greedy decodes are comparable.

fp32 must match (a conversion error shows up as large deviations); q8 and q4 are reported.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from . import build, logmel, sources, whisper_onnx

SENTENCE = 'El paciente refiere dolor de cabeza desde hace tres días. Tensión arterial ciento cuarenta sobre noventa.'
PREFIX = ('<|startoftranscript|>', '<|es|>', '<|transcribe|>', '<|notimestamps|>')
FP32_TOLERANCE = 1e-2  # seen: ~6e-4 (encoder, values up to ~23) and ~6e-5 (logits)
THREADS = 2


class CheckError(RuntimeError):
    """The check could not run (missing tools or files), as opposed to numbers that differ."""


def spanish_wav(cache):
    """The default input: espeak-ng (es-419) speaking SENTENCE, as 16 kHz mono 16-bit PCM."""
    folder = Path(cache) / 'check'
    wav = folder / 'es-419.wav'
    if wav.exists():
        return wav
    for tool in ('espeak-ng', 'sox'):
        if shutil.which(tool) is None:
            raise CheckError(f'{tool} is not installed (apt-get install espeak-ng sox), or pass --wav')
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / 'es-419.raw.wav'
    subprocess.run(['espeak-ng', '-v', 'es-419', '-w', str(raw), SENTENCE], check=True)
    # -D: no dither, so the same espeak-ng output always gives the same samples (sox dithers by
    # default when it reduces the bit depth, and the quantized models' text can flip on that).
    subprocess.run(['sox', str(raw), '-D', '-r', '16000', '-c', '1', '-b', '16', str(wav)], check=True)
    raw.unlink()
    return wav


def _session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    return ort.InferenceSession(str(path), options, providers=['CPUExecutionProvider'])


class OnnxDecoder:
    """The merged decoder driven the way transformers.js drives it: prefix without the cache
    (empty past tensors), then one token at a time with the returned presents."""

    def __init__(self, path, encoder_states, layers):
        self.session = _session(path)
        self.outputs = [o.name for o in self.session.get_outputs()]
        self.encoder_states, self.layers = encoder_states, layers
        shape = {i.name: i.shape for i in self.session.get_inputs()}['past_key_values.0.decoder.key']
        self.heads, self.head_dim = shape[1], shape[3]
        self.cache = None

    def step(self, ids):
        feeds = {'input_ids': np.array([ids], np.int64), 'encoder_hidden_states': self.encoder_states,
                 'use_cache_branch': np.array([self.cache is not None])}
        for i in range(self.layers):
            for past, present in zip(whisper_onnx.cache_names('past_key_values', i), whisper_onnx.cache_names('present', i)):
                feeds[past] = self.cache[present] if self.cache else np.zeros((1, self.heads, 0, self.head_dim), np.float32)
        result = dict(zip(self.outputs, self.session.run(None, feeds)))
        self.cache = result
        return result['logits'][0, -1]


def _greedy(decoder, prefix, eot, limit):
    logits, tokens = decoder.step(prefix), []
    while len(tokens) < limit:
        tokens.append(int(logits.argmax()))
        if tokens[-1] == eot:
            break
        logits = decoder.step([tokens[-1]])
    return tokens


def reference(input_dir, features, prefix):
    import ctranslate2  # only the check needs it
    model = ctranslate2.models.Whisper(str(input_dir), device='cpu', compute_type='float32', intra_threads=THREADS)
    view = ctranslate2.StorageView.from_array(features)
    encoded = np.array(model.encode(view, to_cpu=True))
    result = model.generate(view, [prefix], beam_size=1, return_logits_vocab=True, suppress_blank=False,
                            suppress_tokens=[], max_length=448)[0]
    tokens = list(result.sequences_ids[0])
    logits = [np.array(step, dtype=np.float32).reshape(-1) for step in result.logits[0]]
    return encoded, tokens, logits


def _text(tokenizer, tokens):
    return tokenizer.decode(tokens, skip_special_tokens=True).strip()


def compare(folder, dtype, layers, features, ref, prefix, eot, tokenizer, encoder_cache):
    enc_ref, tokens_ref, logits_ref = ref
    enc_dtype = 'q8' if dtype == 'q8' else 'fp32'
    if enc_dtype not in encoder_cache:
        encoder_cache[enc_dtype] = _session(folder / build.onnx_path('encoder_model', enc_dtype)).run(None, {'input_features': features})[0]
    encoded = encoder_cache[enc_dtype]
    path = folder / build.onnx_path('decoder_model_merged', dtype)

    forced = OnnxDecoder(path, enc_ref, layers)
    steps = [forced.step(prefix)] + [forced.step([t]) for t in tokens_ref[:len(logits_ref) - 1]]
    deviations = [float(np.abs(a - b).max()) for a, b in zip(steps, logits_ref)]
    agree = sum(int(a.argmax() == b.argmax()) for a, b in zip(steps, logits_ref))

    tokens = _greedy(OnnxDecoder(path, encoded, layers), prefix, eot, limit=len(tokens_ref) + 20)
    if tokens and tokens[-1] == eot:
        tokens.pop()  # CTranslate2's sequences leave out the end token
    same_prefix = next((i for i, (a, b) in enumerate(zip(tokens, tokens_ref)) if a != b), min(len(tokens), len(tokens_ref)))
    return {
        'dtype': dtype,
        'encoder_file': build.onnx_path('encoder_model', enc_dtype),
        'decoder_file': build.onnx_path('decoder_model_merged', dtype),
        'encoder_max_abs_dev': float(np.abs(encoded - enc_ref).max()),
        'logits_max_abs_dev': max(deviations),
        'logits_steps': len(deviations),
        'teacher_forced_argmax_agree': agree,
        'greedy_tokens_identical': tokens == tokens_ref,
        'greedy_common_prefix': same_prefix,
        'greedy_tokens': len(tokens),
        'text': _text(tokenizer, tokens),
    }


def run_check(folder, cache, wav=None, json_path=None, dtypes=('fp32', 'q8', 'q4')):
    from tokenizers import Tokenizer
    folder = Path(folder)
    if not (folder / 'config.json').exists():
        raise CheckError(f'{folder} holds no built model (run `python -m convert whisper-base --out {folder}` first)')
    started = time.monotonic()
    input_dir = sources.fetch(sources.WHISPER_BASE, cache)
    wav = Path(wav) if wav else spanish_wav(cache)
    config = json.loads((folder / 'config.json').read_text('utf-8'))
    tokenizer = Tokenizer.from_file(str(folder / 'tokenizer.json'))
    prefix = [tokenizer.token_to_id(t) for t in PREFIX]
    eot = tokenizer.token_to_id('<|endoftext|>')
    features = logmel.log_mel(logmel.read_wav(wav), config['num_mel_bins'])[None]
    ref = reference(input_dir, features, prefix)
    print(f'input: {wav} ({len(logmel.read_wav(wav)) / logmel.SAMPLE_RATE:.1f} s)')
    print(f'CTranslate2 float32 greedy: {_text(tokenizer, ref[1])!r} ({len(ref[1])} tokens)')
    encoder_cache, rows = {}, []
    for dtype in dtypes:
        row = compare(folder, dtype, config['decoder_layers'], features, ref, prefix, eot, tokenizer, encoder_cache)
        rows.append(row)
        same = 'identical' if row['greedy_tokens_identical'] else f'differs from token {row["greedy_common_prefix"]}'
        print(f'{dtype:>4}: encoder max |dev| {row["encoder_max_abs_dev"]:.2e}, logits max |dev| {row["logits_max_abs_dev"]:.2e} '
              f'over {row["logits_steps"]} steps (argmax agrees {row["teacher_forced_argmax_agree"]}/{row["logits_steps"]}), '
              f'greedy {same}: {row["text"]!r}')
    fp32 = next((r for r in rows if r['dtype'] == 'fp32'), None)
    ok = fp32 is None or (fp32['encoder_max_abs_dev'] <= FP32_TOLERANCE and fp32['logits_max_abs_dev'] <= FP32_TOLERANCE
                          and fp32['greedy_tokens_identical'])
    print(f'fp32 {"matches" if ok else "DOES NOT match"} CTranslate2 (tolerance {FP32_TOLERANCE}); {time.monotonic() - started:.0f} s')
    if json_path:
        Path(json_path).write_text(json.dumps({'wav': str(wav), 'reference_text': _text(tokenizer, ref[1]),
                                               'reference_tokens': ref[1], 'rows': rows, 'ok': ok}, ensure_ascii=False, indent=2) + '\n')
    return ok
