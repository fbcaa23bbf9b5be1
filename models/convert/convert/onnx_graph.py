"""A small builder for ONNX graphs written op by op, with each linear layer in one precision.

The same idea as the test fixture's builder (test/fixtures/models/whisper-fixture/whisper_graphs.py)
but taking real weights; it is not imported from there because the converter must not depend on
test fixtures (and the fixture must not change when the converter does).
"""

import math

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from . import quantize

OPSET = 17  # LayerNormalization needs 17; ORT 1.30 (Node) and 1.31 (web), as transformers.js ships them, run it
MODES = ('fp32', 'q8', 'q4')
# q4 blocks with their own zero point (onnxruntime's MatMul4BitsQuantizer default) rather than the
# implicit 8: on Whisper base, teacher-forced argmax agreed with CTranslate2 on 23/24 steps instead
# of 20/24 for the first check sentence, and the largest logit error on the second fell from 10.3
# to 6.1 (README.md). The file grows by 0.4 MB.
Q4_ASYMMETRIC = True


class Graph:
    """Nodes of one (sub)graph; initializers go to a dict shared by the whole model, so an If
    node's two branches use one copy of each weight."""

    def __init__(self, prefix, initializers, weights, mode):
        assert mode in MODES, mode
        self.prefix, self.initializers, self.weights, self.mode = prefix, initializers, weights, mode
        self.nodes = []
        self.count = 0
        # q4 with float block offsets (quantize.q4_blocks_offset) instead of integer zero points;
        # the Llama graphs use it, Whisper's keep the asymmetric form they were measured with.
        self.q4_offsets = False
        # q8 activations: 'row' (one scale per token, below) or 'tensor' (DynamicQuantizeLinear,
        # one scale for the whole input, which onnxruntime fuses with the rest into one
        # DynamicQuantizeMatMul node; see llama_onnx.py for when that is the better trade).
        self.q8_activations = 'row'

    def op(self, op_type, inputs, outputs=1, domain=None, **attrs):
        self.count += 1
        names = [f'{self.prefix}{op_type}_{self.count}_{i}' for i in range(outputs)] if isinstance(outputs, int) else outputs
        node_name = f'{self.prefix}{op_type}_node_{self.count}'
        self.nodes.append(helper.make_node(op_type, inputs, names, name=node_name, domain=domain, **attrs))
        return names[0] if len(names) == 1 else names

    def const(self, name, array):
        if name not in self.initializers:
            self.initializers[name] = numpy_helper.from_array(np.asarray(array), name)
        return name

    def weight(self, name):
        return self.const(name, self.weights[name])

    def i64(self, *values):
        return self.const('i64.' + '_'.join(map(str, values)), np.array(values, dtype=np.int64))

    def scalar(self, value, dtype=np.float32):
        return self.const(f'{np.dtype(dtype).name}.{value!r}', np.array(value, dtype=dtype))

    def dim(self, tensor, axis):
        return self.op('Gather', [self.op('Shape', [tensor]), self.scalar(axis, np.int64)], axis=0)

    def linear(self, x, name, mode=None):
        """x @ W (+ b) for weights `name`.w ([in, out]) and `name`.b if present."""
        mode = mode or self.mode
        w = self.weights[name + '.w']
        if mode == 'fp32':
            y = self.op('MatMul', [x, self.weight(name + '.w')])
        elif mode == 'q8':
            if name + '.w.q8' not in self.initializers:
                q, scale = quantize.q8_columns(w)
                self.const(name + '.w.q8', q)
                self.const(name + '.w.q8_scale', scale)
            y = (self.matmul_integer(x, name + '.w.q8', name + '.w.q8_scale') if self.q8_activations == 'row'
                 else self.dynamic_matmul_integer(x, name + '.w.q8', name + '.w.q8_scale'))
        elif self.q4_offsets and w.shape[0] % quantize.Q4_BLOCK_SIZE == 0:
            y = self._q4_offset_linear(x, name, w)
        else:
            if name + '.w.q4' not in self.initializers:
                if Q4_ASYMMETRIC:
                    packed, scales, zero = quantize.q4_blocks_asymmetric(w)
                    self.const(name + '.w.q4_zero', zero)
                else:
                    packed, scales = quantize.q4_blocks(w)
                self.const(name + '.w.q4', packed)
                self.const(name + '.w.q4_scales', scales)
            inputs = [x, name + '.w.q4', name + '.w.q4_scales'] + ([name + '.w.q4_zero'] if Q4_ASYMMETRIC else [])
            y = self.op('MatMulNBits', inputs, domain='com.microsoft',
                        K=w.shape[0], N=w.shape[1], bits=4, block_size=quantize.Q4_BLOCK_SIZE)
        return self.op('Add', [y, self.weight(name + '.b')]) if name + '.b' in self.weights else y

    def _q4_offset_linear(self, x, name, w):
        """x @ W with W = scale * (q - 8) + offset per block: MatMulNBits for the first term, and
        for the second each block's sum of x times its offsets (a [K / 32, N] MatMul, 1/32 of the
        work; MatMulNBits' own zero points are integers and cannot carry a float offset)."""
        k, n = w.shape
        blocks = k // quantize.Q4_BLOCK_SIZE
        if name + '.w.q4' not in self.initializers:
            packed, scales, offsets = quantize.q4_blocks_offset(w)
            self.const(name + '.w.q4', packed)
            self.const(name + '.w.q4_scales', scales)
            self.const(name + '.w.q4_offsets', offsets)
        y = self.op('MatMulNBits', [x, name + '.w.q4', name + '.w.q4_scales'], domain='com.microsoft',
                    K=k, N=n, bits=4, block_size=quantize.Q4_BLOCK_SIZE)
        sums = self.op('ReduceSum', [self.op('Reshape', [x, self.i64(0, 0, blocks, quantize.Q4_BLOCK_SIZE)]), self.i64(-1)], keepdims=0)
        return self.op('Add', [y, self.op('MatMul', [sums, name + '.w.q4_offsets'])])

    def matmul_integer(self, x, q_name, scale_name):
        """x @ (q * scale) with x quantized on the fly, symmetric, one scale per row (token).

        Not DynamicQuantizeLinear (what quantize_dynamic writes): it has one scale for the whole
        tensor, so a single token with large activations (<|startoftranscript|> has them) coarsens
        every other token's. Measured on Whisper base, per-tensor gave logit errors up to ~7,
        per-row much less (README.md). The int8 value v is stored as the uint8 v + 128 with zero
        point 128, which is the same integer arithmetic but runs on onnxruntime's fast uint8 x int8
        kernels (MLAS); int8 x int8 was several times slower on the CPU.
        """
        row_max = self.op('ReduceMax', [self.op('Abs', [x])], axes=[-1], keepdims=1)
        x_scale = self.op('Div', [self.op('Max', [row_max, self.scalar(1e-8)]), self.scalar(127.0)])
        rounded = self.op('Clip', [self.op('Round', [self.op('Div', [x, x_scale])]), self.scalar(-127.0), self.scalar(127.0)])
        xq = self.op('Cast', [self.op('Add', [rounded, self.scalar(128.0)])], to=TensorProto.UINT8)
        x_zero = self.const('uint8.128', np.array(128, dtype=np.uint8))
        w_zero = self.const('int8.zero', np.array(0, dtype=np.int8))
        yi = self.op('MatMulInteger', [xq, q_name, x_zero, w_zero])
        return self.op('Mul', [self.op('Mul', [self.op('Cast', [yi], to=TensorProto.FLOAT), x_scale]), scale_name])

    def dynamic_matmul_integer(self, x, q_name, scale_name):
        """x @ (q * scale), x quantized by DynamicQuantizeLinear (uint8, one scale and zero point for
        the tensor), in the exact pattern onnxruntime fuses into com.microsoft DynamicQuantizeMatMul
        (DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul by Mul(x scale, weight scales))."""
        xq, x_scale, x_zero = self.op('DynamicQuantizeLinear', [x], outputs=3)
        w_zero = self.const('int8.zero', np.array(0, dtype=np.int8))
        yi = self.op('MatMulInteger', [xq, q_name, x_zero, w_zero])
        return self.op('Mul', [self.op('Cast', [yi], to=TensorProto.FLOAT), self.op('Mul', [x_scale, scale_name])])

    def layer_norm(self, x, name):
        return self.op('LayerNormalization', [x, self.weight(name + '.g'), self.weight(name + '.b')], axis=-1, epsilon=1e-5)

    def gelu(self, x):
        # The erf form (CTranslate2's GELU, OpenAI's nn.GELU()), written out: Gelu is opset 20.
        erf = self.op('Erf', [self.op('Mul', [x, self.scalar(1 / math.sqrt(2))])])
        return self.op('Mul', [self.op('Mul', [x, self.scalar(0.5)]), self.op('Add', [erf, self.scalar(1.0)])])


def make_model(graph, doc, producer, ms_domain=False):
    opsets = [helper.make_opsetid('', OPSET)] + ([helper.make_opsetid('com.microsoft', 1)] if ms_domain else [])
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    model.producer_name = producer
    model.doc_string = doc
    return model


def value(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


FLOAT, INT64, BOOL = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL
