"""Whisper's encoder and merged decoder as ONNX graphs, laid out like onnx-community's exports
(what transformers.js' WhisperForConditionalGeneration loads):

- encoder_model: input_features [batch, n_mels, frames] -> last_hidden_state [batch, frames / 2, d].
- decoder_model_merged: input_ids, encoder_hidden_states, past_key_values.{i}.{decoder,encoder}.
  {key,value}, use_cache_branch -> logits, present.{i}.{decoder,encoder}.{key,value}. An If node
  picks the branch: without the cache (the prefix: positions from 0, the cross-attention keys and
  values computed once from the encoder states) or with it (new tokens after the cached ones,
  cross-attention keys and values passed back in unchanged).

The architecture is OpenAI Whisper's: two convolutions with GELU, fixed sinusoidal encoder
positions, pre-LayerNorm blocks, learned decoder positions, output projection tied to the token
embedding. Each linear layer is fp32, q8 or q4 (onnx_graph.Graph.linear).

Embedding and output projection (the largest tensor: vocabulary x d):
- fp32 and q4 keep it in float32, used by Gather for the input and by Gemm(transB) for the logits,
  so the one copy serves both (onnx-community's q4 Whisper also keeps a float32 embedding).
- q8 stores it once as int8 with one scale per token; the input side dequantizes the gathered rows,
  the output side is a MatMulInteger on its transpose (a Transpose of an initializer, which ONNX
  Runtime folds once at load time).
"""

import math

import numpy as np
from onnx import helper, numpy_helper

from .onnx_graph import BOOL, FLOAT, INT64, Graph, make_model, value
from . import quantize

PRODUCER = 'escriba models/convert'
# Encoder blocks kept in float32 in the q8 encoder. Measured on Whisper base with a Spanish WAV
# (README.md): all-int8 deviates from CTranslate2 by up to 15.7 (6% relative), with block 0 in
# float32 by 2.0 (2.5%); no single linear layer of block 0 explains it, the errors compound there.
# It costs 9.4 MB (26 -> 35 MB).
Q8_FP32_ENCODER_BLOCKS = (0,)


def _heads(g, x, dims):
    return g.op('Transpose', [g.op('Reshape', [x, g.i64(0, 0, dims.heads, dims.head_dim)])], perm=[0, 2, 1, 3])


def _attention(g, q, k, v, out_name, dims, mask=None):
    scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [k], perm=[0, 1, 3, 2])]), g.scalar(1 / math.sqrt(dims.head_dim))])
    if mask:
        scores = g.op('Add', [scores, mask])
    merged = g.op('Transpose', [g.op('MatMul', [g.op('Softmax', [scores], axis=-1), v])], perm=[0, 2, 1, 3])
    return g.linear(g.op('Reshape', [merged, g.i64(0, 0, dims.d_model)]), out_name)


def _feed_forward(g, x, p):
    h = g.gelu(g.linear(g.layer_norm(x, p + 'mlp_ln'), p + 'fc1'))
    return g.op('Add', [x, g.linear(h, p + 'fc2')])


def encoder_model(dims, weights, mode, doc):
    inits = {}
    g = Graph('', inits, weights, mode)
    x = 'input_features'
    h = g.op('Conv', [x, g.weight('enc.conv1.w'), g.weight('enc.conv1.b')], kernel_shape=[3], pads=[1, 1])
    h = g.op('Conv', [g.gelu(h), g.weight('enc.conv2.w'), g.weight('enc.conv2.b')], kernel_shape=[3], pads=[1, 1], strides=[2])
    h = g.op('Transpose', [g.gelu(h)], perm=[0, 2, 1])  # [batch, frames / 2, d]
    # Whisper is trained on 30 s windows (1500 positions); slicing lets shorter input run too.
    positions = g.op('Slice', [g.weight('enc.pos'), g.i64(0), g.op('Unsqueeze', [g.dim(h, 1), g.i64(0)]), g.i64(0)])
    h = g.op('Add', [h, positions])
    for i in range(dims.encoder_layers):
        p = f'enc.{i}.'
        g.mode = 'fp32' if mode == 'q8' and i in Q8_FP32_ENCODER_BLOCKS else mode
        n = g.layer_norm(h, p + 'attn_ln')
        q, k, v = (_heads(g, g.linear(n, p + part), dims) for part in 'qkv')
        h = _feed_forward(g, g.op('Add', [h, _attention(g, q, k, v, p + 'o', dims)]), p)
    g.mode = mode
    g.layer_norm(h, 'enc.ln')
    g.nodes[-1].output[0] = 'last_hidden_state'
    graph = helper.make_graph(
        g.nodes, 'whisper_encoder',
        [value(x, FLOAT, ['batch_size', 'feature_size', 'encoder_sequence_length'])],
        [value('last_hidden_state', FLOAT, ['batch_size', 'encoder_sequence_length / 2', dims.d_model])],
        list(inits.values()))
    return make_model(graph, doc, PRODUCER)


def cache_names(prefix, i):
    return [f'{prefix}.{i}.{kind}.{part}' for kind in ('decoder', 'encoder') for part in ('key', 'value')]


def _embed(g, ids, mode):
    if mode != 'q8':
        return g.op('Gather', [g.weight('dec.embed'), ids], axis=0)
    rows = g.op('Cast', [g.op('Gather', ['dec.embed.q8', ids], axis=0)], to=FLOAT)
    scales = g.op('Unsqueeze', [g.op('Gather', ['dec.embed.q8_scale', ids], axis=0), g.i64(-1)])
    return g.op('Mul', [rows, scales])


def _decoder_branch(inits, weights, dims, mode, cache):
    """One side of the decoder's If; returns a GraphProto with outputs hidden + presents."""
    prefix = 'with_past/' if cache else 'no_past/'
    g = Graph(prefix, inits, weights, mode)
    ids = 'input_ids'
    past = g.dim('past_key_values.0.decoder.key', 2) if cache else g.scalar(0, np.int64)
    total = g.op('Add', [past, g.dim(ids, 1)])
    positions = g.op('Range', [past, total, g.scalar(1, np.int64)])
    x = g.op('Add', [_embed(g, ids, mode), g.op('Gather', [g.weight('dec.pos'), positions], axis=0)])
    # Key j is hidden from the query at position i when j > i.
    keys = g.op('Unsqueeze', [g.op('Range', [g.scalar(0, np.int64), total, g.scalar(1, np.int64)]), g.i64(0)])
    future = g.op('Greater', [keys, g.op('Unsqueeze', [positions, g.i64(1)])])
    mask = g.op('Where', [future, g.scalar(-1e9), g.scalar(0.0)])
    presents = []
    for i in range(dims.decoder_layers):
        p = f'dec.{i}.'
        past_k, past_v, past_ek, past_ev = cache_names('past_key_values', i)
        n = g.layer_norm(x, p + 'self_ln')
        q, k, v = (_heads(g, g.linear(n, p + 'self.' + part), dims) for part in 'qkv')
        if cache:
            k, v = g.op('Concat', [past_k, k], axis=2), g.op('Concat', [past_v, v], axis=2)
        x = g.op('Add', [x, _attention(g, q, k, v, p + 'self.o', dims, mask)])
        q = _heads(g, g.linear(g.layer_norm(x, p + 'cross_ln'), p + 'cross.q'), dims)
        if cache:
            ek, ev = past_ek, past_ev
        else:
            ek, ev = (_heads(g, g.linear('encoder_hidden_states', p + 'cross.' + part), dims) for part in 'kv')
        x = _feed_forward(g, g.op('Add', [x, _attention(g, q, ek, ev, p + 'cross.o', dims)]), p)
        presents += [k, v, ek, ev]
    x = g.layer_norm(x, 'dec.ln')
    names = [prefix + n for n in ['hidden', *(n for i in range(dims.decoder_layers) for n in cache_names('present', i))]]
    for tensor, name in zip([x, *presents], names):
        g.op('Identity', [tensor], outputs=[name])  # a branch output must be produced inside the branch
    return helper.make_graph(g.nodes, prefix.rstrip('/'), [], [value(n, FLOAT, None) for n in names])


def _logits(g, hidden, dims, mode):
    if mode == 'q8':
        transposed = g.op('Transpose', ['dec.embed.q8'], perm=[1, 0])
        return g.matmul_integer(hidden, transposed, 'dec.embed.q8_scale')
    rows = g.op('Reshape', [hidden, g.i64(-1, dims.d_model)])
    flat = g.op('Gemm', [rows, g.weight('dec.embed')], transB=1)
    shape = g.op('Concat', [g.op('Slice', [g.op('Shape', [hidden]), g.i64(0), g.i64(2)]), g.i64(dims.vocab_size)], axis=0)
    return g.op('Reshape', [flat, shape])


def decoder_model(dims, weights, mode, doc):
    inits = {}
    if mode == 'q8':
        q, scale = quantize.q8_rows(weights['dec.embed'])
        inits['dec.embed.q8'] = numpy_helper.from_array(q, 'dec.embed.q8')
        inits['dec.embed.q8_scale'] = numpy_helper.from_array(scale, 'dec.embed.q8_scale')
    then_branch = _decoder_branch(inits, weights, dims, mode, cache=True)
    else_branch = _decoder_branch(inits, weights, dims, mode, cache=False)
    g = Graph('', inits, weights, mode)
    presents = [n for i in range(dims.decoder_layers) for n in cache_names('present', i)]
    g.op('If', ['use_cache_branch'], outputs=['hidden', *presents], then_branch=then_branch, else_branch=else_branch)
    g.op('Identity', [_logits(g, 'hidden', dims, mode)], outputs=['logits'])

    inputs = [
        value('input_ids', INT64, ['batch_size', 'decoder_sequence_length']),
        value('encoder_hidden_states', FLOAT, ['batch_size', 'encoder_sequence_length / 2', dims.d_model]),
    ]
    outputs = [value('logits', FLOAT, ['batch_size', 'decoder_sequence_length', dims.vocab_size])]
    for i in range(dims.decoder_layers):
        past_k, past_v, past_ek, past_ev = cache_names('past_key_values', i)
        k, v, ek, ev = cache_names('present', i)
        inputs += [value(n, FLOAT, ['batch_size', dims.heads, 'past_decoder_sequence_length', dims.head_dim]) for n in (past_k, past_v)]
        inputs += [value(n, FLOAT, ['batch_size', dims.heads, 'encoder_sequence_length_out', dims.head_dim]) for n in (past_ek, past_ev)]
        # Different symbolic names for the decoder's and encoder's presents, or ORT plans one buffer
        # for both and fails with "Shape mismatch attempting to re-use buffer" (FACTS.md).
        outputs += [value(n, FLOAT, ['batch_size', dims.heads, 'past_decoder_sequence_length + 1', dims.head_dim]) for n in (k, v)]
        outputs += [value(n, FLOAT, ['batch_size', dims.heads, 'encoder_sequence_length_out', dims.head_dim]) for n in (ek, ev)]
    inputs.append(value('use_cache_branch', BOOL, [1]))
    graph = helper.make_graph(g.nodes, 'whisper_decoder_merged', inputs, outputs, list(inits.values()))
    return make_model(graph, doc, PRODUCER, ms_domain=mode == 'q4')
