import numpy as np
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from convert import quantize


def test_q8_columns_error_is_within_half_a_step_per_column():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(64, 10)).astype(np.float32) * np.linspace(0.01, 5, 10, dtype=np.float32)
    q, scale = quantize.q8_columns(w)
    assert q.dtype == np.int8 and scale.shape == (10,)
    assert np.all(np.abs(q.astype(np.float32) * scale - w) <= scale / 2 + 1e-7)
    assert np.all(np.abs(q).max(axis=0) == 127)  # every column uses its full range


def test_q8_rows_is_per_row():
    table = np.array([[1.0, -2.0], [100.0, 50.0]], dtype=np.float32)
    q, scale = quantize.q8_rows(table)
    np.testing.assert_allclose(q * scale[:, None], table, atol=0.5)
    np.testing.assert_allclose(scale, [2 / 127, 100 / 127], rtol=1e-6)


def test_q4_puts_the_largest_magnitude_on_minus_eight_and_round_trips():
    rng = np.random.default_rng(2)
    w = rng.normal(size=(70, 5)).astype(np.float32)  # 70 is not a whole number of blocks
    packed, scales = quantize.q4_blocks(w)
    assert packed.shape == (5, 3, 16) and scales.shape == (15,)
    back = quantize.q4_dequantize(packed, scales, 70)
    step = np.repeat(np.abs(scales).reshape(5, 3), 32, axis=1)[:, :70].T
    # Half a step, except a weight of the other sign near the extreme, which clips at +7 steps.
    assert np.all(np.abs(back - w) <= step + 1e-6)
    assert np.mean(np.abs(back - w) <= step / 2 + 1e-6) > 0.95
    col0_block0 = w[:32, 0]
    assert np.isclose(back[np.abs(col0_block0).argmax(), 0], col0_block0[np.abs(col0_block0).argmax()])


def test_q4_asymmetric_round_trips_within_half_a_step_and_keeps_zero_exact():
    rng = np.random.default_rng(4)
    w = rng.normal(size=(96, 3)).astype(np.float32)
    w[:, 2] = np.abs(w[:, 2])  # an all-positive column still needs an exact zero (K padding)
    packed, scales, zero = quantize.q4_blocks_asymmetric(w)
    assert zero.shape == (3 * 2,)  # 3 blocks per column -> 2 bytes of zero points
    back = quantize.q4_dequantize(packed, scales, 96, zero_points=zero)
    step = np.repeat(scales.reshape(3, 3), 32, axis=1).T
    assert np.all(np.abs(back - w) <= step / 2 + 1e-6)


@pytest.mark.parametrize('k', [64, 96])  # an even and an odd number of blocks
@pytest.mark.parametrize('asymmetric', [False, True])
def test_q4_layout_is_what_onnxruntime_matmulnbits_reads(k, asymmetric):
    rng = np.random.default_rng(3)
    n = 24
    w = rng.normal(size=(k, n)).astype(np.float32)
    x = rng.normal(size=(1, 3, k)).astype(np.float32)
    zero = None
    if asymmetric:
        packed, scales, zero = quantize.q4_blocks_asymmetric(w)
    else:
        packed, scales = quantize.q4_blocks(w)
    inits = [numpy_helper.from_array(packed, 'b'), numpy_helper.from_array(scales, 's')]
    if asymmetric:
        inits.append(numpy_helper.from_array(zero, 'z'))
    node = helper.make_node('MatMulNBits', ['x', 'b', 's'] + (['z'] if asymmetric else []), ['y'], domain='com.microsoft',
                            K=k, N=n, bits=4, block_size=quantize.Q4_BLOCK_SIZE)
    graph = helper.make_graph([node], 'g', [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 3, k])],
                              [helper.make_tensor_value_info('y', TensorProto.FLOAT, None)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17), helper.make_opsetid('com.microsoft', 1)])
    model.ir_version = 8
    y = ort.InferenceSession(model.SerializeToString(), providers=['CPUExecutionProvider']).run(None, {'x': x})[0]
    np.testing.assert_allclose(y, x @ quantize.q4_dequantize(packed, scales, k, zero_points=zero), rtol=1e-4, atol=1e-4)


def test_q8_as_two_q4_gives_back_the_q8_blocks_exactly():
    rng = np.random.default_rng(9)
    w = rng.normal(size=(64, 7)).astype(np.float32)
    q, scales = quantize.q8_blocks(w)
    hi, lo, s, offsets = quantize.q8_as_two_q4(w)
    # What the graph computes: 16 s (hi - 8) + s (lo - 8) + 8 s, per block.
    back = (quantize.q4_dequantize(hi, 16 * s, 64) + quantize.q4_dequantize(lo, s, 64) + np.repeat(offsets, 32, axis=0))
    np.testing.assert_allclose(back, quantize.q8_blocks_dequantize(q, scales), atol=1e-6)
    assert np.abs(back - w).max() <= np.abs(w).max() / 127


def test_q4_offsets_hold_a_q4_1_grid_exactly():
    rng = np.random.default_rng(10)
    d = rng.uniform(0.01, 0.1, size=(2, 5)).astype(np.float32)  # per block, per column
    m = rng.uniform(-1, 0, size=(2, 5)).astype(np.float32)
    q = rng.integers(0, 16, size=(2, 32, 5)).astype(np.float32)
    q[:, 0], q[:, 1] = 0, 15  # llama.cpp's Q4_1 puts the block's min on 0 and max on 15
    w = (m[:, None] + d[:, None] * q).reshape(64, 5)
    packed, scales, offsets = quantize.q4_blocks_offset(w)
    np.testing.assert_allclose(quantize.q4_offset_dequantize(packed, scales, offsets), w, atol=1e-6)
