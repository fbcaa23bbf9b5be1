"""SmoothQuant-style scale migration for the q8 graph (Xiao et al., 2023): the q8 graph quantizes
each linear layer's input per row (token) to int8 on the fly (onnx_graph.Graph.matmul_integer), and
a few input channels with large values make the step coarse for all the others. Dividing those
channels by s and multiplying the matching weight rows by s leaves the product unchanged in exact
arithmetic and spreads the range between activations and weights:
s_j = max|x_j|^ALPHA / max|W_j|^(1 - ALPHA).

The division is folded into what produces the input, so the graph is unchanged:
- q, k, v and gate, up: their input is an RMSNorm output; its weight is divided by s;
- o_proj: its input is the attention output, linear in v; v_proj's output rows are divided by s
  (one s per key/value channel, shared by the query heads that read it);
- down_proj: its input is silu(gate) * up; up_proj's output rows are divided by s.

max|x_j| comes from a forward pass in numpy over CALIBRATION (Spanish clinical text in ChatML),
on the float32 weights, with Hugging Face's semantics (rotate-half RoPE). Only the q8 file uses
the smoothed weights; fp32 and q4 keep the weights as they are. onnxruntime's per-tensor
DynamicQuantizeLinear was tried too (one fused node per layer, faster): without smoothing its
prompt logits deviated by up to 20.6 and greedy broke at token 14; it stays out.
"""

import numpy as np

# Measured on SmolLM2-135M with the check's prompt (README.md): without smoothing the q8 prompt
# logits' argmax agreed with the GGUF on 86/103 positions (largest deviation 5.1); alpha 0.5 gave
# 93/103 but broke greedy agreement at token 14; 0.7 gave 93/103, 32/32 greedy steps, deviation
# over the steps 3.9 instead of 5.0.
ALPHA = 0.7
CALIBRATION = (
    '<|im_start|>system\nSos un asistente que redacta notas clínicas en español a partir de la transcripción de la consulta.<|im_end|>\n'
    '<|im_start|>user\n[s1] Médico: Buen día, ¿qué la trae por acá?\n[s2] Paciente: Hace tres días que tengo tos seca y dolor '
    'de garganta, sin fiebre.\n[s3] Paciente: Soy hipertensa, tomo enalapril 10 mg por día y soy alérgica a la penicilina.\n'
    '[s4] Médico: Tensión arterial 140/90, frecuencia cardíaca 88, saturación 97 %, temperatura 37,2 °C.\n'
    '[s5] Médico: Le indico ibuprofeno 400 mg cada 8 horas por 5 días y control en una semana.<|im_end|>\n'
    '<|im_start|>assistant\n{"sections":{"motivo_consulta":{"text":"Tos seca y odinofagia de 3 días.","evidence":["s2"]}},'
    '"medications":[{"name":"Enalapril","dose":"10 mg","action":"continúa"}],"allergies":[{"substance":"Penicilina"}]}'
)


def _rms_norm(x, weight, eps):
    return (x / np.sqrt(np.mean(x.astype(np.float64) ** 2, axis=-1, keepdims=True) + eps)).astype(np.float32) * weight


def _rotate_half(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + np.concatenate([-x[..., half:], x[..., :half]], axis=-1) * sin


def input_ranges(dims, weights, ids):
    """max |x_j| over the tokens `ids` at each smoothed input: {(layer, 'attn' | 'o' | 'mlp' | 'down'): [K]}."""
    n = len(ids)
    inv_freq = 1.0 / dims.rope_theta ** (np.arange(0, dims.head_dim, 2, dtype=np.float64) / dims.head_dim)
    angles = np.arange(n)[:, None] * inv_freq[None]
    cos, sin = (np.concatenate([f(angles), f(angles)], axis=-1).astype(np.float32)[None] for f in (np.cos, np.sin))
    causal = np.triu(np.full((n, n), -np.inf, np.float32), 1)
    x = weights['model.embed_tokens.weight'][ids]
    ranges = {}
    for i in range(dims.layers):
        p = f'model.layers.{i}.'
        h = _rms_norm(x, weights[p + 'input_layernorm.weight'], dims.rms_norm_eps)
        ranges[i, 'attn'] = np.abs(h).max(axis=0)
        q = (h @ weights[p + 'self_attn.q_proj.weight'].T).reshape(n, dims.heads, dims.head_dim).transpose(1, 0, 2)
        k = (h @ weights[p + 'self_attn.k_proj.weight'].T).reshape(n, dims.kv_heads, dims.head_dim).transpose(1, 0, 2)
        v = (h @ weights[p + 'self_attn.v_proj.weight'].T).reshape(n, dims.kv_heads, dims.head_dim).transpose(1, 0, 2)
        q, k = _rotate_half(q, cos, sin), _rotate_half(k, cos, sin)
        k, v = np.repeat(k, dims.group, axis=0), np.repeat(v, dims.group, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(dims.head_dim) + causal
        probs = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attended = ((probs / probs.sum(axis=-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(n, -1)
        ranges[i, 'o'] = np.abs(attended).max(axis=0)
        x = x + attended @ weights[p + 'self_attn.o_proj.weight'].T
        h = _rms_norm(x, weights[p + 'post_attention_layernorm.weight'], dims.rms_norm_eps)
        ranges[i, 'mlp'] = np.abs(h).max(axis=0)
        gate = h @ weights[p + 'mlp.gate_proj.weight'].T
        gated = gate / (1 + np.exp(-gate)) * (h @ weights[p + 'mlp.up_proj.weight'].T)
        ranges[i, 'down'] = np.abs(gated).max(axis=0)
        x = x + gated @ weights[p + 'mlp.down_proj.weight'].T
    return ranges


def _scales(x_range, *matrices):
    """s per input channel for the [out, in] matrices that share an input."""
    w_range = np.max([np.abs(m).max(axis=0) for m in matrices], axis=0)
    s = np.power(np.maximum(x_range, 1e-5), ALPHA) / np.power(np.maximum(w_range, 1e-5), 1 - ALPHA)
    return s.astype(np.float32)


def smoothed(dims, weights, ids):
    """A copy of `weights` with the scales migrated (same products in exact arithmetic)."""
    ranges = input_ranges(dims, weights, ids)
    w = dict(weights)
    for i in range(dims.layers):
        p = f'model.layers.{i}.'
        q, k, v, o = (p + f'self_attn.{n}_proj.weight' for n in 'qkvo')
        gate, up, down = (p + f'mlp.{n}_proj.weight' for n in ('gate', 'up', 'down'))

        s = _scales(ranges[i, 'attn'], w[q], w[k], w[v])
        w[p + 'input_layernorm.weight'] = w[p + 'input_layernorm.weight'] / s
        w[q], w[k], w[v] = (w[n] * s[None, :] for n in (q, k, v))

        # o_proj's input channel (query head h, d) comes from v channel (h // group, d): one s per v channel.
        per_query = ranges[i, 'o'].reshape(dims.kv_heads, dims.group, dims.head_dim).max(axis=1)
        w_o = np.abs(w[o]).max(axis=0).reshape(dims.kv_heads, dims.group, dims.head_dim).max(axis=1)
        s_v = (np.power(np.maximum(per_query, 1e-5), ALPHA) / np.power(np.maximum(w_o, 1e-5), 1 - ALPHA)).astype(np.float32)
        w[v] = w[v] / s_v.reshape(-1)[:, None]
        w[o] = w[o] * np.repeat(s_v[:, None, :], dims.group, axis=1).reshape(-1)[None, :]

        s = _scales(ranges[i, 'mlp'], w[gate], w[up])
        w[p + 'post_attention_layernorm.weight'] = w[p + 'post_attention_layernorm.weight'] / s
        w[gate], w[up] = w[gate] * s[None, :], w[up] * s[None, :]

        s = _scales(ranges[i, 'down'], w[down])
        w[up] = w[up] / s[:, None]
        w[down] = w[down] * s[None, :]
    return w
