"""Weight quantization for the q8 and q4 graphs, in pure numpy (no onnxruntime.quantization).

Why our own: the graphs are written op by op already (whisper_onnx.py), so quantizing while
writing them keeps the If node's two branches, the shared initializers and the tied embedding
under our control; onnxruntime's quantize_dynamic would have to rediscover all of that from the
fp32 file. The ops are the ones transformers.js' q8/q4 Whisper files use and the fixture proved in
Node and Chromium: DynamicQuantizeLinear + MatMulInteger (q8), com.microsoft MatMulNBits (q4).

- q8: int8 weights, symmetric, one scale per output column. MatMulInteger has no scale input; the
  scale is applied after it, so a per-column scale costs nothing over a per-tensor one and keeps
  rows with small weights from being rounded away.
- q4: blocks of 32 inputs per output column, 4 bits. The graphs use q4_blocks_asymmetric (each
  block's [min, max] onto 0..15 with its own zero point, onnxruntime's MatMul4BitsQuantizer
  default). q4_blocks is the symmetric form with MatMulNBits' implicit zero point 8, the scale
  mapping the block's largest-magnitude weight to -8 (llama.cpp's q4_0 rule); kept because the
  test fixture's layout is that one and the tests compare both against onnxruntime.
"""

import numpy as np

Q4_BLOCK_SIZE = 32  # what onnx-community's q4 Whisper exports use


def q8_columns(w):
    """w [in, out] float32 -> (int8 [in, out], float32 scale [out]) with w ≈ q * scale."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def q8_rows(table):
    """table [rows, d] float32 -> (int8 [rows, d], float32 scale [rows]): one scale per row."""
    q, scale = q8_columns(table.T)
    return np.ascontiguousarray(q.T), scale


def q4_blocks(w, block_size=Q4_BLOCK_SIZE):
    """w [K, N] float32 -> (packed uint8 [N, blocks, block_size / 2], float32 scales [N * blocks]).

    MatMulNBits' B layout: per output column n, per block of `block_size` inputs, two 4-bit values
    per byte, element 2j in the low nibble. K is zero-padded to whole blocks.
    """
    k, n = w.shape
    blocks = -(-k // block_size)
    padded = np.zeros((blocks * block_size, n), dtype=np.float32)
    padded[:k] = w
    cols = padded.T.reshape(n, blocks, block_size)
    idx = np.abs(cols).argmax(axis=2)
    extreme = np.take_along_axis(cols, idx[..., None], axis=2)[..., 0]
    scales = extreme / -8.0
    scales[scales == 0] = 1.0
    q = np.clip(np.round(cols / scales[..., None]) + 8, 0, 15).astype(np.uint8)
    packed = q[..., 0::2] | (q[..., 1::2] << 4)
    return packed, scales.reshape(-1).astype(np.float32)


def q4_blocks_asymmetric(w, block_size=Q4_BLOCK_SIZE):
    """Like q4_blocks, but each block maps [min, max] onto 0..15 with its own zero point.

    Returns (packed uint8 [N, blocks, block_size / 2], scales float32 [N * blocks],
    zero points uint8 [N * ceil(blocks / 2)]: two 4-bit zero points per byte, block 2j low).
    """
    k, n = w.shape
    blocks = -(-k // block_size)
    padded = np.zeros((blocks * block_size, n), dtype=np.float32)
    padded[:k] = w
    cols = padded.T.reshape(n, blocks, block_size)
    low = np.minimum(cols.min(axis=2), 0.0)
    high = np.maximum(cols.max(axis=2), 0.0)  # zero must be representable exactly (padding)
    scales = (high - low) / 15.0
    scales[scales == 0] = 1.0
    zero = np.clip(np.round(-low / scales), 0, 15).astype(np.uint8)
    q = np.clip(np.round(cols / scales[..., None]) + zero[..., None], 0, 15).astype(np.uint8)
    packed = q[..., 0::2] | (q[..., 1::2] << 4)
    zp = np.zeros((n, blocks + blocks % 2), dtype=np.uint8)
    zp[:, :blocks] = zero
    zp_packed = zp[:, 0::2] | (zp[:, 1::2] << 4)
    return packed, scales.reshape(-1).astype(np.float32), zp_packed.reshape(-1)


def q4_dequantize(packed, scales, k, block_size=Q4_BLOCK_SIZE, zero_points=None):
    """The inverse of q4_blocks, as MatMulNBits computes it: [K, N] float32."""
    n, blocks, _ = packed.shape
    q = np.empty((n, blocks, block_size), dtype=np.float32)
    q[..., 0::2] = packed & 0x0F
    q[..., 1::2] = packed >> 4
    if zero_points is None:
        zero = np.full((n, blocks, 1), 8.0, dtype=np.float32)
    else:
        zp = zero_points.reshape(n, -1)
        unpacked = np.stack([zp & 0x0F, zp >> 4], axis=2).reshape(n, -1)[:, :blocks]
        zero = unpacked[..., None].astype(np.float32)
    w = (q - zero) * scales.reshape(n, blocks, 1)
    return w.reshape(n, blocks * block_size)[:, :k].T


def q4_blocks_offset(w, block_size=Q4_BLOCK_SIZE):
    """llama.cpp's Q4_1 rule in MatMulNBits' layout: each block's [min, max] onto 0..15 with a float
    offset instead of an integer zero point, so w ≈ scale * (q - 8) + offset.

    Returns (packed uint8 [N, blocks, block_size / 2], scales float32 [N * blocks], offsets
    float32 [blocks, N]). K must be a whole number of blocks. MatMulNBits computes the first term
    (its implicit zero point is 8); the offsets need x's per-block sums (onnx_graph.Graph.linear).

    Why: weights that come from a Q4_1 GGUF lie on exactly this grid, so they are represented
    without a second rounding (an integer zero point shifts each block by up to half a step: on
    SmolLM2-135M that alone moved the logits by up to 17.6, see README.md). For other weights it is
    Q4_1's quantization, as good as the asymmetric form or better.
    """
    k, n = w.shape
    if k % block_size:
        raise ValueError(f'K = {k} is not a whole number of {block_size}-blocks')
    blocks = k // block_size
    cols = np.asarray(w, dtype=np.float32).T.reshape(n, blocks, block_size)
    low = cols.min(axis=2)
    scales = (cols.max(axis=2) - low) / 15.0
    scales[scales == 0] = 1.0
    q = np.clip(np.round((cols - low[..., None]) / scales[..., None]), 0, 15).astype(np.uint8)
    packed = q[..., 0::2] | (q[..., 1::2] << 4)
    offsets = (low + 8.0 * scales).astype(np.float32)
    return packed, scales.reshape(-1).astype(np.float32), np.ascontiguousarray(offsets.T)


def q4_offset_dequantize(packed, scales, offsets, block_size=Q4_BLOCK_SIZE):
    """The inverse of q4_blocks_offset: [K, N] float32."""
    n, blocks, _ = packed.shape
    w = q4_dequantize(packed, scales, blocks * block_size, block_size)
    return w + np.repeat(offsets, block_size, axis=0)


def q8_blocks(w, block_size=Q4_BLOCK_SIZE):
    """w [K, N] -> (uint8 [N, blocks, block_size], float32 scales [N * blocks]): MatMulNBits' 8-bit
    layout with its implicit zero point 128, symmetric per block (llama.cpp's Q8_0 rule: the
    block's largest magnitude onto ±127). A Q8_0 tensor comes back exactly. K must be a whole
    number of blocks."""
    k, n = w.shape
    if k % block_size:
        raise ValueError(f'K = {k} is not a whole number of {block_size}-blocks')
    cols = np.asarray(w, dtype=np.float32).T.reshape(n, k // block_size, block_size)
    scales = np.abs(cols).max(axis=2) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.round(cols / scales[..., None]), -127, 127)
    return (q + 128).astype(np.uint8), scales.reshape(-1).astype(np.float32)


def q8_blocks_dequantize(q, scales):
    """The inverse of q8_blocks: [K, N] float32."""
    n, blocks, block_size = q.shape
    w = (q.astype(np.float32) - 128) * scales.reshape(n, blocks, 1)
    return w.reshape(n, blocks * block_size).T


def q8_as_two_q4(w, block_size=Q4_BLOCK_SIZE):
    """An 8-bit symmetric block quantization (q8_blocks, llama.cpp's Q8_0) as two 4-bit
    MatMulNBits tables, for runtimes whose MatMulNBits takes 4 bits only (onnxruntime-web's WebGPU
    kernel refuses 8). With u = q + 128 = 16 * hi + lo:

        w = scale * q = 16 scale * (hi - 8) + scale * (lo - 8) + 8 scale

    Returns (hi packed uint8 [N, blocks, block_size / 2], lo packed likewise, scales float32
    [N * blocks], offsets float32 [blocks, N] = 8 * scale): MatMulNBits(hi, 16 scales) +
    MatMulNBits(lo, scales) + per-block sums of x times the offsets. Exact for a Q8_0 tensor.
    """
    u, scales = q8_blocks(w, block_size)
    hi, lo = u >> 4, u & 0x0F
    n, blocks, _ = u.shape

    def pack(q):
        return q[..., 0::2] | (q[..., 1::2] << 4)
    offsets = np.ascontiguousarray((8.0 * scales.reshape(n, blocks)).T.astype(np.float32))
    return pack(hi), pack(lo), scales, offsets
