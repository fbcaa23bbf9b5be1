"""Maps a CTranslate2 WhisperSpec onto named float32 weights in the layout the ONNX graphs use.

CTranslate2 stores linear weights as [out, in] (PyTorch's layout) and fuses projections: the
self-attention's q, k, v into one [3d, d] matrix, the cross-attention's k, v into one [2d, d].
The graphs multiply activations on the left (x @ W), so every linear weight is transposed to
[in, out] here and the fused ones are split. Whisper's k projection has no bias; CTranslate2 stores
zeros in its slice of the fused bias, which are dropped.

Only the Whisper variant Escriba converts is accepted: pre-LayerNorm, exact (erf) GELU, no
embedding scaling. Anything else fails here with the reason, rather than converting into a model
that runs and says nonsense.
"""

from dataclasses import dataclass

import numpy as np

GELU = 3  # CTranslate2 ActivationType::GELU (the erf form, as in OpenAI's Whisper)


class UnsupportedModelError(ValueError):
    """The CTranslate2 model is not a Whisper this converter knows how to export."""


@dataclass(frozen=True)
class WhisperDims:
    n_mels: int
    d_model: int
    heads: int
    ffn: int
    encoder_layers: int
    decoder_layers: int
    vocab_size: int
    max_source_positions: int
    max_target_positions: int

    @property
    def head_dim(self):
        return self.d_model // self.heads


def _f32(array):
    return np.ascontiguousarray(np.asarray(array, dtype=np.float32))


def _count_layers(model, prefix):
    n = 0
    while f'{prefix}/layer_{n}/ffn/linear_0/weight' in model.variables:
        n += 1
    return n


def _require(condition, message):
    if not condition:
        raise UnsupportedModelError(message)


def dims_of(model):
    _require(model.spec == 'WhisperSpec', f'the model is a {model.spec}, not a WhisperSpec')
    _require(model.scalar('decoder/activation') == GELU, 'the decoder activation is not the erf GELU')
    _require(model.scalar('decoder/pre_norm', 1) == 1, 'the decoder is not pre-LayerNorm')
    _require(model.scalar('decoder/scale_embeddings', 0) == 0, 'the decoder scales its embeddings')
    _require(model.scalar('decoder/alibi', 0) == 0, 'the decoder uses ALiBi positions')
    embed = model.get('decoder/embeddings/weight')
    _require(model.aliases.get('decoder/projection/weight') == 'decoder/embeddings/weight'
             or np.array_equal(model.get('decoder/projection/weight'), embed),
             'the output projection is not tied to the token embedding')
    conv1 = model.get('encoder/conv1/weight')
    d_model = embed.shape[1]
    heads = int(model.scalar('encoder/num_heads'))
    _require(int(model.scalar('decoder/num_heads')) == heads, 'encoder and decoder have different head counts')
    _require(d_model % heads == 0, f'd_model {d_model} is not divisible by {heads} heads')
    return WhisperDims(
        n_mels=conv1.shape[1],
        d_model=d_model,
        heads=heads,
        ffn=model.get('encoder/layer_0/ffn/linear_0/weight').shape[0],
        encoder_layers=_count_layers(model, 'encoder'),
        decoder_layers=_count_layers(model, 'decoder'),
        vocab_size=embed.shape[0],
        max_source_positions=model.get('encoder/position_encodings/encodings').shape[0],
        max_target_positions=model.get('decoder/position_encodings/encodings').shape[0],
    )


def _linear(w, name, weight, bias=None):
    """`name`.w as [in, out] and `name`.b, unless the bias is absent or all zeros."""
    w[name + '.w'] = _f32(np.asarray(weight).T)
    if bias is not None and np.any(np.asarray(bias) != 0):
        w[name + '.b'] = _f32(bias)


def _layer_norm(w, name, model, prefix):
    w[name + '.g'] = _f32(model.get(prefix + '/gamma'))
    w[name + '.b'] = _f32(model.get(prefix + '/beta'))


def _ffn(w, name, model, prefix):
    _layer_norm(w, name + 'mlp_ln', model, prefix + '/layer_norm')
    _linear(w, name + 'fc1', model.get(prefix + '/linear_0/weight'), model.get(prefix + '/linear_0/bias'))
    _linear(w, name + 'fc2', model.get(prefix + '/linear_1/weight'), model.get(prefix + '/linear_1/bias'))


def _split(array, parts):
    return np.split(np.asarray(array), parts, axis=0)


def whisper_weights(model):
    """(dims, {name: float32 array}) for the graphs in whisper_onnx.py."""
    dims = dims_of(model)
    w = {}
    for conv in ('conv1', 'conv2'):
        w[f'enc.{conv}.w'] = _f32(model.get(f'encoder/{conv}/weight'))
        w[f'enc.{conv}.b'] = _f32(model.get(f'encoder/{conv}/bias'))
    w['enc.pos'] = _f32(model.get('encoder/position_encodings/encodings'))
    for i in range(dims.encoder_layers):
        src, dst = f'encoder/layer_{i}', f'enc.{i}.'
        _layer_norm(w, dst + 'attn_ln', model, src + '/self_attention/layer_norm')
        qkv_w = _split(model.get(src + '/self_attention/linear_0/weight'), 3)
        qkv_b = _split(model.get(src + '/self_attention/linear_0/bias'), 3)
        for part, weight, bias in zip('qkv', qkv_w, qkv_b):
            _linear(w, dst + part, weight, bias)
        _linear(w, dst + 'o', model.get(src + '/self_attention/linear_1/weight'), model.get(src + '/self_attention/linear_1/bias'))
        _ffn(w, dst, model, src + '/ffn')
    _layer_norm(w, 'enc.ln', model, 'encoder/layer_norm')

    w['dec.embed'] = _f32(model.get('decoder/embeddings/weight'))
    w['dec.pos'] = _f32(model.get('decoder/position_encodings/encodings'))
    for i in range(dims.decoder_layers):
        src, dst = f'decoder/layer_{i}', f'dec.{i}.'
        _layer_norm(w, dst + 'self_ln', model, src + '/self_attention/layer_norm')
        qkv_w = _split(model.get(src + '/self_attention/linear_0/weight'), 3)
        qkv_b = _split(model.get(src + '/self_attention/linear_0/bias'), 3)
        for part, weight, bias in zip('qkv', qkv_w, qkv_b):
            _linear(w, dst + 'self.' + part, weight, bias)
        _linear(w, dst + 'self.o', model.get(src + '/self_attention/linear_1/weight'), model.get(src + '/self_attention/linear_1/bias'))
        _layer_norm(w, dst + 'cross_ln', model, src + '/attention/layer_norm')
        _linear(w, dst + 'cross.q', model.get(src + '/attention/linear_0/weight'), model.get(src + '/attention/linear_0/bias'))
        kv_w = _split(model.get(src + '/attention/linear_1/weight'), 2)
        kv_b = _split(model.get(src + '/attention/linear_1/bias'), 2)
        for part, weight, bias in zip('kv', kv_w, kv_b):
            _linear(w, dst + 'cross.' + part, weight, bias)
        _linear(w, dst + 'cross.o', model.get(src + '/attention/linear_2/weight'), model.get(src + '/attention/linear_2/bias'))
        _ffn(w, dst, model, src + '/ffn')
    _layer_norm(w, 'dec.ln', model, 'decoder/layer_norm')
    return dims, w
