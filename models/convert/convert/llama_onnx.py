"""A Llama-family decoder as one ONNX graph in onnx-community's text-generation layout, the one
transformers.js' AutoModelForCausalLM loads (`onnx/model{,_quantized,_q4}.onnx`) and the LLM test
fixture (test/fixtures/models/llm-fixture/llm_graphs.py) already runs in the app:

  inputs   input_ids [batch_size, sequence_length], attention_mask [batch_size,
           total_sequence_length], position_ids [batch_size, sequence_length],
           past_key_values.{i}.{key,value} [batch_size, kv_heads, past_sequence_length, head_dim],
           num_logits_to_keep (int64 scalar)
  outputs  logits [batch_size, logits_sequence_length, vocab], present.{i}.{key,value}
           [batch_size, kv_heads, total_sequence_length, head_dim]

`num_logits_to_keep` is the one input the fixture lacks: transformers.js passes it when the session
declares it (1 while generating: only the last position's logits; 0: every position). Without it a
prefill of n prompt tokens writes n x vocab float32 logits (n = 4000: 786 MB), which is most of
the memory a long prompt needs (README.md).

It takes only LlamaDims and float32 weights under Hugging Face's names (llama_gguf.py and
hf_checkpoint.py make them), so a fine-tuned checkpoint goes through the same writer. The
architecture is Hugging Face's LlamaForCausalLM: RMSNorm, rotate-half RoPE from position_ids,
grouped-query attention (query head h reads key/value head h // group, like `repeat_kv`), SiLU
gated MLP, optional tied output projection.

Linear layers are fp32, q8 or q4 through onnx_graph.Graph.linear (the Whisper converter's
quantizers; q4 with float block offsets, quantize.q4_blocks_offset, which holds a Q4_1 GGUF's
weights exactly). The token table:
- fp32: one float32 table for the lookup (Gather) and the logits (Gemm with transB);
- q8: one int8 table with a scale per token, for the lookup and, transposed, the logits
  (MatMulInteger), as in the q8 Whisper decoder;
- q4: one 8-bit table (blocks of 32 along the hidden size, a scale each: llama.cpp's Q8_0, which
  a Q8_0 GGUF embedding fills exactly) stored as two 4-bit MatMulNBits tables, high and low
  nibbles (quantize.q8_as_two_q4): two 4-bit MatMulNBits and the offsets' block sums give the
  logits, and the lookup gathers a token's row from both (MatMulNBits' B holds one row per token).
  Why not an 8-bit MatMulNBits: onnxruntime-web's WebGPU kernel accepts 2 or 4 bits only (seen in
  Chromium), and on onnxruntime's CPU kernel that one product took 1.9 s per token against 0.23 s
  for all the 4-bit layers. Why not 4 bits:
  the logits then deviated from the GGUF by up to 4 (README.md). A float32 table would make the q4
  file larger than the q8 one.
"""

import math

import numpy as np
from onnx import helper, numpy_helper

from . import quantize
from .onnx_graph import FLOAT, INT64, Graph, make_model, value

PRODUCER = 'escriba models/convert'
LOGITS_TO_KEEP = 'num_logits_to_keep'
INT64_MAX = np.iinfo(np.int64).max


def session_weights(dims, weights):
    """The Graph's view of the weights: projections as '<name>.w' in [in, out] (no copies)."""
    view = {}
    for name, w in weights.items():
        if name.endswith('_proj.weight'):
            view[name.removesuffix('.weight') + '.w'] = w.T
        else:
            view[name] = w
    return view


def _head_name(dims):
    return 'model.embed_tokens.weight' if dims.tie_embeddings else 'lm_head.weight'


def _rms_norm(g, x, weight, eps):
    mean_square = g.op('ReduceMean', [g.op('Mul', [x, x])], axes=[-1], keepdims=1)
    normed = g.op('Div', [x, g.op('Sqrt', [g.op('Add', [mean_square, g.scalar(float(np.float32(eps)))])])])
    return g.op('Mul', [normed, g.weight(weight)])


def _heads(g, x, count, dims):
    """[batch, seq, count * head_dim] -> [batch, count, seq, head_dim]"""
    return g.op('Transpose', [g.op('Reshape', [x, g.i64(0, 0, count, dims.head_dim)])], perm=[0, 2, 1, 3])


def _rope_tables(g, dims):
    """cos and sin [batch, 1, seq, head_dim] for position_ids, as Hugging Face's LlamaRotaryEmbedding."""
    inv_freq = (1.0 / dims.rope_theta ** (np.arange(0, dims.head_dim, 2, dtype=np.float64) / dims.head_dim)).astype(np.float32)
    positions = g.op('Unsqueeze', [g.op('Cast', ['position_ids'], to=FLOAT), g.i64(2)])  # [b, s, 1]
    angles = g.op('Mul', [positions, g.const('rope.inv_freq', inv_freq[None, None, :])])  # [b, s, d/2]
    angles = g.op('Unsqueeze', [g.op('Concat', [angles, angles], axis=2), g.i64(1)])  # [b, 1, s, d]
    return g.op('Cos', [angles]), g.op('Sin', [angles])


def _rotary(g, x, cos, sin, dims):
    """Rotate-half RoPE: x * cos + (-x2, x1) * sin."""
    half = dims.head_dim // 2
    x1 = g.op('Slice', [x, g.i64(0), g.i64(half), g.i64(3)])
    x2 = g.op('Slice', [x, g.i64(half), g.i64(dims.head_dim), g.i64(3)])
    rotated = g.op('Concat', [g.op('Neg', [x2]), x1], axis=3)
    return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])])


def _attention_mask(g, past_len, total, dims):
    """Additive mask [batch, 1, group * seq, total]: padding and future keys hidden, repeated once per
    query head of a key/value group (the rows of the grouped queries, see _attention)."""
    seq = g.dim('input_ids', 1)
    queries = g.op('Range', [past_len, g.op('Add', [past_len, seq]), g.scalar(1, np.int64)])
    keys = g.op('Range', [g.scalar(0, np.int64), total, g.scalar(1, np.int64)])
    future = g.op('Greater', [g.op('Unsqueeze', [keys, g.i64(0)]), g.op('Unsqueeze', [queries, g.i64(1)])])  # [s, t]
    padding = g.op('Equal', [g.op('Unsqueeze', ['attention_mask', g.i64(1, 2)]), g.scalar(0, np.int64)])  # [b, 1, 1, t]
    mask = g.op('Where', [g.op('Or', [future, padding]), g.scalar(-1e9), g.scalar(0.0)])  # [b, 1, s, t]
    return g.op('Tile', [mask, g.i64(1, 1, dims.group, 1)]) if dims.group > 1 else mask


def _attention(g, q, k, v, mask, dims):
    """Grouped-query attention without copying keys and values: the `group` query heads that share
    a key/value head become one [group * seq] block of rows (heads are contiguous in q), so each
    key/value head is used as it is. q [b, heads, s, d], k and v [b, kv_heads, t, d]."""
    rows = g.op('Reshape', [q, g.i64(0, dims.kv_heads, -1, dims.head_dim)])  # [b, kv, group * s, d]
    rows = g.op('Mul', [rows, g.scalar(float(np.float32(1 / math.sqrt(dims.head_dim))))])
    scores = g.op('Add', [g.op('MatMul', [rows, g.op('Transpose', [k], perm=[0, 1, 3, 2])]), mask])
    attended = g.op('MatMul', [g.op('Softmax', [scores], axis=-1), v])  # [b, kv, group * s, d]
    per_head = g.op('Reshape', [attended, g.i64(0, dims.heads, -1, dims.head_dim)])  # [b, heads, s, d]
    return g.op('Reshape', [g.op('Transpose', [per_head], perm=[0, 2, 1, 3]), g.i64(0, 0, dims.heads * dims.head_dim)])


def _embed(g, mode, dims):
    if mode == 'fp32':
        return g.op('Gather', [g.weight('model.embed_tokens.weight'), 'input_ids'], axis=0)
    if mode == 'q4':
        blocks = dims.hidden // quantize.Q4_BLOCK_SIZE
        # One Gather from both nibble tables side by side ([vocab, blocks, 32] bytes, a Concat of two
        # initializers that onnxruntime folds once at load). Two Gathers of the two uint8 tables,
        # each unpacked on its own, gave wrong numbers on onnxruntime-web's WebGPU (1.31-dev, seen
        # in Chromium) although each chain alone was right; this form matched the CPU there.
        table = g.op('Concat', ['embed.q8hi', 'embed.q8lo'], axis=-1)
        packed = g.op('Cast', [g.op('Gather', [table, 'input_ids'], axis=0)], to=FLOAT)  # [b, s, blocks, 32]
        # (p + 0.5) / 16 rather than p / 16, so an approximate division never lands on an integer.
        high = g.op('Floor', [g.op('Div', [g.op('Add', [packed, g.scalar(0.5)]), g.scalar(16.0)])])
        low = g.op('Sub', [packed, g.op('Mul', [high, g.scalar(16.0)])])
        half = quantize.Q4_BLOCK_SIZE // 2

        def part(x, start):
            return g.op('Slice', [x, g.i64(start), g.i64(start + half), g.i64(-1)])
        # u = 16 * hi + lo for element 2j (the low nibbles) and 2j + 1 (the high nibbles), interleaved.
        even = g.op('Add', [g.op('Mul', [part(low, 0), g.scalar(16.0)]), part(low, half)])
        odd = g.op('Add', [g.op('Mul', [part(high, 0), g.scalar(16.0)]), part(high, half)])
        pairs = g.op('Concat', [g.op('Unsqueeze', [even, g.i64(-1)]), g.op('Unsqueeze', [odd, g.i64(-1)])], axis=-1)
        u = g.op('Reshape', [pairs, g.i64(0, 0, blocks, quantize.Q4_BLOCK_SIZE)])
        scales = g.op('Gather', [g.op('Reshape', ['embed.q8_scales', g.i64(-1, blocks, 1)]), 'input_ids'], axis=0)
        return g.op('Reshape', [g.op('Mul', [g.op('Sub', [u, g.scalar(128.0)]), scales]), g.i64(0, 0, dims.hidden)])
    rows = g.op('Cast', [g.op('Gather', ['embed.q8', 'input_ids'], axis=0)], to=FLOAT)
    scales = g.op('Unsqueeze', [g.op('Gather', ['embed.q8_scale', 'input_ids'], axis=0), g.i64(-1)])
    return g.op('Mul', [rows, scales])


def _keep_last(g, hidden):
    """The last `num_logits_to_keep` positions of hidden [b, s, h]; all of them for 0."""
    keep = LOGITS_TO_KEEP
    seq = g.dim(hidden, 1)
    start = g.op('Max', [g.op('Sub', [seq, keep]), g.scalar(0, np.int64)])
    start = g.op('Where', [g.op('Equal', [keep, g.scalar(0, np.int64)]), g.scalar(0, np.int64), start])
    return g.op('Slice', [hidden, g.op('Unsqueeze', [start, g.i64(0)]), g.i64(INT64_MAX), g.i64(1)])


def _logits(g, hidden, dims, mode):
    if mode == 'q8':
        table = 'embed.q8' if dims.tie_embeddings else 'lm_head.q8'
        return g.matmul_integer(hidden, g.op('Transpose', [table], perm=[1, 0]), table + '_scale')
    if mode == 'q4':
        table = 'embed' if dims.tie_embeddings else 'lm_head'
        blocks = dims.hidden // quantize.Q4_BLOCK_SIZE

        def nbits(packed, scales):
            return g.op('MatMulNBits', [hidden, packed, scales], domain='com.microsoft',
                        K=dims.hidden, N=dims.vocab_size, bits=4, block_size=quantize.Q4_BLOCK_SIZE)
        sums = g.op('ReduceSum', [g.op('Reshape', [hidden, g.i64(0, 0, blocks, quantize.Q4_BLOCK_SIZE)]), g.i64(-1)], keepdims=0)
        high = nbits(table + '.q8hi', table + '.q8_scales16')
        low = nbits(table + '.q8lo', table + '.q8_scales')
        return g.op('Add', [g.op('Add', [high, low]), g.op('MatMul', [sums, table + '.q8_offsets'])])
    rows = g.op('Reshape', [hidden, g.i64(-1, dims.hidden)])
    flat = g.op('Gemm', [rows, g.weight(_head_name(dims))], transB=1)
    shape = g.op('Concat', [g.op('Slice', [g.op('Shape', [hidden]), g.i64(0), g.i64(2)]), g.i64(dims.vocab_size)], axis=0)
    return g.op('Reshape', [flat, shape])


def _q8_block_tables(inits, weights, dims):
    for name, table in (('embed', 'model.embed_tokens.weight'), ('lm_head', 'lm_head.weight')):
        if name == 'lm_head' and dims.tie_embeddings:
            continue
        hi, lo, scales, offsets = quantize.q8_as_two_q4(weights[table].T)
        for suffix, array in (('.q8hi', hi), ('.q8lo', lo), ('.q8_scales', scales), ('.q8_scales16', 16 * scales), ('.q8_offsets', offsets)):
            inits[name + suffix] = numpy_helper.from_array(array, name + suffix)


def _quantized_tables(inits, weights, dims):
    q, scale = quantize.q8_rows(weights['model.embed_tokens.weight'])
    inits['embed.q8'] = numpy_helper.from_array(q, 'embed.q8')
    inits['embed.q8_scale'] = numpy_helper.from_array(scale, 'embed.q8_scale')
    if not dims.tie_embeddings:
        q, scale = quantize.q8_rows(weights['lm_head.weight'])
        inits['lm_head.q8'] = numpy_helper.from_array(q, 'lm_head.q8')
        inits['lm_head.q8_scale'] = numpy_helper.from_array(scale, 'lm_head.q8_scale')


def cache_names(prefix, i):
    return [f'{prefix}.{i}.key', f'{prefix}.{i}.value']


def decoder_model(dims, weights, mode, doc, fp32_linears=(), q8_activations='row'):
    """The whole model in one precision; `fp32_linears` names projections kept in float32
    (e.g. 'model.layers.0.mlp.down_proj') when a quantized one costs too much accuracy."""
    inits = {}
    if mode == 'q8':
        _quantized_tables(inits, weights, dims)
    elif mode == 'q4':
        _q8_block_tables(inits, weights, dims)
    g = Graph('', inits, session_weights(dims, weights), mode)
    g.q4_offsets = True
    g.q8_activations = q8_activations

    def linear(x, name):
        return g.linear(x, name, mode='fp32' if name in fp32_linears else mode)

    past_len = g.dim('past_key_values.0.key', 2)
    total = g.op('Add', [past_len, g.dim('input_ids', 1)])
    mask = _attention_mask(g, past_len, total, dims)
    cos, sin = _rope_tables(g, dims)
    x = _embed(g, mode, dims)
    for i in range(dims.layers):
        p = f'model.layers.{i}.'
        n = _rms_norm(g, x, p + 'input_layernorm.weight', dims.rms_norm_eps)
        q = _rotary(g, _heads(g, linear(n, p + 'self_attn.q_proj'), dims.heads, dims), cos, sin, dims)
        k = _rotary(g, _heads(g, linear(n, p + 'self_attn.k_proj'), dims.kv_heads, dims), cos, sin, dims)
        v = _heads(g, linear(n, p + 'self_attn.v_proj'), dims.kv_heads, dims)
        past_k, past_v = cache_names('past_key_values', i)
        present_k, present_v = cache_names('present', i)
        k_all = g.op('Concat', [past_k, k], axis=2, outputs=[present_k])
        v_all = g.op('Concat', [past_v, v], axis=2, outputs=[present_v])
        x = g.op('Add', [x, linear(_attention(g, q, k_all, v_all, mask, dims), p + 'self_attn.o_proj')])
        n = _rms_norm(g, x, p + 'post_attention_layernorm.weight', dims.rms_norm_eps)
        gate = linear(n, p + 'mlp.gate_proj')
        gated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), linear(n, p + 'mlp.up_proj')])
        x = g.op('Add', [x, linear(gated, p + 'mlp.down_proj')])
    hidden = _keep_last(g, _rms_norm(g, x, 'model.norm.weight', dims.rms_norm_eps))
    g.op('Identity', [_logits(g, hidden, dims, mode)], outputs=['logits'])

    # Head counts and head size are literal dims: transformers.js sizes the empty first cache from
    # the session's input metadata, reading every symbolic dim but batch_size as 0.
    inputs = [
        value('input_ids', INT64, ['batch_size', 'sequence_length']),
        value('attention_mask', INT64, ['batch_size', 'total_sequence_length']),
        value('position_ids', INT64, ['batch_size', 'sequence_length']),
    ]
    outputs = [value('logits', FLOAT, ['batch_size', 'logits_sequence_length', dims.vocab_size])]
    for i in range(dims.layers):
        for past, present in zip(cache_names('past_key_values', i), cache_names('present', i)):
            inputs.append(value(past, FLOAT, ['batch_size', dims.kv_heads, 'past_sequence_length', dims.head_dim]))
            outputs.append(value(present, FLOAT, ['batch_size', dims.kv_heads, 'total_sequence_length', dims.head_dim]))
    inputs.append(value(LOGITS_TO_KEEP, INT64, []))
    graph = helper.make_graph(g.nodes, 'llama_decoder', inputs, outputs, list(inits.values()))
    return make_model(graph, doc, PRODUCER, ms_domain=mode == 'q4')
