"""An independent Llama forward pass in numpy, written from llama.cpp's semantics and run straight
on a GGUF's tensors: the numerics check's reference for the converted ONNX files.

Independent of the converter on purpose: it reads the GGUF's tensors under their GGUF names, keeps
llama.cpp's row order for the query and key projections (no un-permutation) and applies llama.cpp's
own RoPE ("normal" mode: each adjacent pair x[2i], x[2i+1] rotated by p * theta^(-2i/d)), where
the converter un-permutes the rows and the graph rotates halves. If the un-permutation were wrong,
the two would disagree from the first token. It shares only the gguf package's dequantization
(the bytes of the weights) with the converter.

Everything is float32, computed with float64 accumulation where numpy gives it (sums in RMSNorm,
softmax), one position at a time through a key/value cache, as llama.cpp decodes.
"""

import numpy as np


class GgufLlama:
    def __init__(self, path):
        import gguf
        from gguf import quants
        reader = gguf.GGUFReader(str(path))

        def meta(key, default=None):
            f = reader.fields.get(key)
            return f.contents() if f is not None else default
        self.n_embd = meta('llama.embedding_length')
        self.n_layer = meta('llama.block_count')
        self.n_head = meta('llama.attention.head_count')
        self.n_head_kv = meta('llama.attention.head_count_kv', self.n_head)
        self.n_rot = meta('llama.rope.dimension_count', self.n_embd // self.n_head)
        self.head_dim = self.n_embd // self.n_head
        self.freq_base = float(meta('llama.rope.freq_base', 10000.0))
        self.eps = float(meta('llama.attention.layer_norm_rms_epsilon'))
        self.tensors = {}
        for t in reader.tensors:
            data = np.array(t.data, np.float32) if t.tensor_type.name == 'F32' else quants.dequantize(t.data, t.tensor_type)
            self.tensors[t.name] = np.asarray(data, np.float32).reshape([int(n) for n in reversed(t.shape)])
        self.output = self.tensors.get('output.weight', self.tensors['token_embd.weight'])
        self.reset()

    def reset(self):
        self.k_cache = [np.zeros((0, self.n_head_kv, self.head_dim), np.float32) for _ in range(self.n_layer)]
        self.v_cache = [np.zeros((0, self.n_head_kv, self.head_dim), np.float32) for _ in range(self.n_layer)]

    @property
    def n_past(self):
        return self.k_cache[0].shape[0]

    def _norm(self, x, weight):
        ms = np.mean(x.astype(np.float64) ** 2, axis=-1, keepdims=True)
        return (x / np.sqrt(ms + self.eps)).astype(np.float32) * weight

    def _rope(self, x, pos):
        """llama.cpp's rope, mode 0: x [heads, head_dim] at position `pos`, adjacent pairs rotated."""
        i = np.arange(self.n_rot // 2, dtype=np.float64)
        theta = pos * self.freq_base ** (-2.0 * i / self.n_rot)
        cos, sin = np.cos(theta).astype(np.float32), np.sin(theta).astype(np.float32)
        x0, x1 = x[:, 0:self.n_rot:2], x[:, 1:self.n_rot:2]
        out = x.copy()
        out[:, 0:self.n_rot:2] = x0 * cos - x1 * sin
        out[:, 1:self.n_rot:2] = x0 * sin + x1 * cos
        return out

    def step(self, token):
        """Appends one token; returns its logits [vocab]."""
        t = self.tensors
        pos = self.n_past
        x = t['token_embd.weight'][token].copy()
        group = self.n_head // self.n_head_kv
        for layer in range(self.n_layer):
            p = f'blk.{layer}.'
            h = self._norm(x, t[p + 'attn_norm.weight'])
            q = self._rope((t[p + 'attn_q.weight'] @ h).reshape(self.n_head, self.head_dim), pos)
            k = self._rope((t[p + 'attn_k.weight'] @ h).reshape(self.n_head_kv, self.head_dim), pos)
            v = (t[p + 'attn_v.weight'] @ h).reshape(self.n_head_kv, self.head_dim)
            self.k_cache[layer] = np.concatenate([self.k_cache[layer], k[None]])
            self.v_cache[layer] = np.concatenate([self.v_cache[layer], v[None]])
            out = np.empty((self.n_head, self.head_dim), np.float32)
            for head in range(self.n_head):
                kv = head // group  # llama.cpp's broadcast of a key/value head over its query heads
                scores = (self.k_cache[layer][:, kv] @ q[head]).astype(np.float64) / np.sqrt(self.head_dim)
                weights = np.exp(scores - scores.max())
                weights /= weights.sum()
                out[head] = weights.astype(np.float32) @ self.v_cache[layer][:, kv]
            x = x + t[p + 'attn_output.weight'] @ out.reshape(-1)
            h = self._norm(x, t[p + 'ffn_norm.weight'])
            gate = t[p + 'ffn_gate.weight'] @ h
            x = x + t[p + 'ffn_down.weight'] @ (gate / (1 + np.exp(-gate)) * (t[p + 'ffn_up.weight'] @ h))
        return self.output @ self._norm(x, t['output_norm.weight'])

    def run(self, tokens):
        """Logits after each of `tokens` [len, vocab]."""
        return np.stack([self.step(int(token)) for token in tokens])

    def greedy(self, prompt, steps, stop=()):
        """Greedy continuation of `prompt`: (tokens, logits of each chosen step [n, vocab])."""
        self.reset()
        logits = [self.run(prompt)[-1]]
        tokens = []
        while len(tokens) < steps:
            tokens.append(int(logits[-1].argmax()))
            if tokens[-1] in stop or len(tokens) == steps:
                break
            logits.append(self.step(tokens[-1]))
        return tokens, np.stack(logits)
