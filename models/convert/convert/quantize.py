"""Weight quantization for the q8 and q4 graphs, in pure numpy (no onnxruntime.quantization).

Why our own: the graphs are written op by op already (whisper_onnx.py), so quantizing while
writing them keeps the If node's two branches, the shared initializers and the tied embedding
under our control; onnxruntime's quantize_dynamic would have to rediscover all of that from the
fp32 file. The ops are the ones transformers.js' q8/q4 Whisper files use and the fixture proved in
Node and Chromium: DynamicQuantizeLinear + MatMulInteger (q8), com.microsoft MatMulNBits (q4).

- q8: int8 weights, symmetric, one scale per output column. MatMulInteger has no scale input; the
  scale is applied after it, so a per-column scale costs nothing over a per-tensor one and keeps
  rows with small weights from being rounded away.
- q4: blocks of 32 inputs per output column, 4 bits, the implicit zero point 8 of MatMulNBits
  without a zero-point input. The scale maps the block's largest-magnitude weight to -8 exactly
  (llama.cpp's q4_0 rule), so all 16 levels are used; the scale's sign follows that weight.
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


def q4_dequantize(packed, scales, k, block_size=Q4_BLOCK_SIZE):
    """The inverse of q4_blocks, as MatMulNBits computes it: [K, N] float32."""
    n, blocks, _ = packed.shape
    q = np.empty((n, blocks, block_size), dtype=np.float32)
    q[..., 0::2] = packed & 0x0F
    q[..., 1::2] = packed >> 4
    w = (q - 8.0) * scales.reshape(n, blocks, 1)
    return w.reshape(n, blocks * block_size)[:, :k].T
