"""Whisper's forward pass in plain numpy, straight from CTranslate2's variables (fused projections,
[out, in] weights): the tests' independent reference for the converter's weight mapping and graphs."""

import math

import numpy as np


def _f(model, name):
    return model.get(name).astype(np.float64)


def _ln(model, x, name):
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-5) * _f(model, name + '/gamma') + _f(model, name + '/beta')


def _lin(model, x, name):
    return x @ _f(model, name + '/weight').T + _f(model, name + '/bias')


def _gelu(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def _attend(q, k, v, heads, causal=False):
    t, d = q.shape
    hd = d // heads
    out = np.zeros_like(q)
    for h in range(heads):
        s = slice(h * hd, (h + 1) * hd)
        scores = q[:, s] @ k[:, s].T / math.sqrt(hd)
        if causal:
            scores = scores + np.triu(np.full((t, k.shape[0]), -np.inf), 1 + k.shape[0] - t)
        p = np.exp(scores - scores.max(-1, keepdims=True))
        out[:, s] = (p / p.sum(-1, keepdims=True)) @ v[:, s]
    return out


def _conv1d(x, w, b, stride):
    """x [c_in, t], w [c_out, c_in, 3], padding 1."""
    xp = np.pad(x, ((0, 0), (1, 1)))
    steps = (x.shape[1] + 2 - 3) // stride + 1
    cols = np.stack([xp[:, i * stride:i * stride + 3] for i in range(steps)])  # [t, c_in, 3]
    return np.einsum('tck,ock->ot', cols, w) + b[:, None]


def _ffn(model, x, p):
    return x + _lin(model, _gelu(_lin(model, _ln(model, x, p + '/ffn/layer_norm'), p + '/ffn/linear_0')), p + '/ffn/linear_1')


def encode(model, features):
    """features [n_mels, frames] -> [frames / 2, d]."""
    heads = int(model.scalar('encoder/num_heads'))
    x = _gelu(_conv1d(features.astype(np.float64), _f(model, 'encoder/conv1/weight'), _f(model, 'encoder/conv1/bias'), 1))
    x = _gelu(_conv1d(x, _f(model, 'encoder/conv2/weight'), _f(model, 'encoder/conv2/bias'), 2)).T
    x = x + _f(model, 'encoder/position_encodings/encodings')[:x.shape[0]]
    i = 0
    while f'encoder/layer_{i}/ffn/linear_0/weight' in model.variables:
        p = f'encoder/layer_{i}'
        q, k, v = np.split(_lin(model, _ln(model, x, p + '/self_attention/layer_norm'), p + '/self_attention/linear_0'), 3, axis=-1)
        x = x + _lin(model, _attend(q, k, v, heads), p + '/self_attention/linear_1')
        x = _ffn(model, x, p)
        i += 1
    return _ln(model, x, 'encoder/layer_norm')


def decode_logits(model, encoded, ids):
    """Logits [len(ids), vocab] for the whole sequence at once (no cache)."""
    heads = int(model.scalar('decoder/num_heads'))
    embed = _f(model, 'decoder/embeddings/weight')
    x = embed[ids] + _f(model, 'decoder/position_encodings/encodings')[:len(ids)]
    i = 0
    while f'decoder/layer_{i}/ffn/linear_0/weight' in model.variables:
        p = f'decoder/layer_{i}'
        q, k, v = np.split(_lin(model, _ln(model, x, p + '/self_attention/layer_norm'), p + '/self_attention/linear_0'), 3, axis=-1)
        x = x + _lin(model, _attend(q, k, v, heads, causal=True), p + '/self_attention/linear_1')
        q = _lin(model, _ln(model, x, p + '/attention/layer_norm'), p + '/attention/linear_0')
        k, v = np.split(_lin(model, encoded, p + '/attention/linear_1'), 2, axis=-1)
        x = x + _lin(model, _attend(q, k, v, heads), p + '/attention/linear_2')
        x = _ffn(model, x, p)
        i += 1
    return _ln(model, x, 'decoder/layer_norm') @ embed.T
