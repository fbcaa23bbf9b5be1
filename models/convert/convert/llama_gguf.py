"""A llama.cpp GGUF of a Llama-family model -> LlamaDims, float32 weights under Hugging Face's
parameter names, and the GGUF's vocabulary.

This is the "weights -> canonical dict" half of the LLM converter; the graph writer
(llama_onnx.py) and the Hugging Face checkpoint writer (hf_checkpoint.py) take the dict and know
nothing about GGUF. Quantized tensors (Q4_1, Q8_0, ...) are dequantized to float32 with the gguf
package's numpy reference code.

llama.cpp's converter permutes the rows of the query and key projections: it rotates adjacent
pairs (x[2i], x[2i+1]) where Hugging Face's Llama rotates halves (x[i], x[i + d/2]), so each
head's rows are interleaved on the way in (`permute` in llama.cpp's convert_hf_to_gguf.py). Here
they are put back (`unpermute`), so the dict is exactly what a Hugging Face checkpoint holds and
the graph can use rotate_half. The numerics check runs the GGUF's tensors as they are, with
llama.cpp's own pairwise RoPE, and shows the two agree.
"""

import numpy as np

from .llama_config import LlamaDims, UnsupportedModelError
from .llama_tokenizer import GgufVocab

ARCH = 'llama'
# GGUF tensor name (per block) -> Hugging Face parameter name
_BLOCK = {
    'attn_norm': 'input_layernorm',
    'attn_q': 'self_attn.q_proj',
    'attn_k': 'self_attn.k_proj',
    'attn_v': 'self_attn.v_proj',
    'attn_output': 'self_attn.o_proj',
    'ffn_norm': 'post_attention_layernorm',
    'ffn_gate': 'mlp.gate_proj',
    'ffn_up': 'mlp.up_proj',
    'ffn_down': 'mlp.down_proj',
}
_GLOBAL = {'token_embd': 'model.embed_tokens', 'output_norm': 'model.norm', 'output': 'lm_head'}


def permute(w, heads):
    """llama.cpp's row permutation of a [heads * d, in] projection (rotate-half -> pairwise layout)."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def unpermute(w, heads):
    """The inverse of `permute`: GGUF's interleaved rows back to Hugging Face's halves."""
    return w.reshape(heads, w.shape[0] // heads // 2, 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def open_gguf(path):
    import gguf  # only the converter's GGUF paths need it
    try:
        return gguf.GGUFReader(str(path))
    except Exception as e:  # the reader raises ValueError, struct.error, IndexError on damaged files
        raise UnsupportedModelError(f'{path} is not a readable GGUF file ({type(e).__name__}: {e})') from e


def field(reader, key, default=KeyError):
    f = reader.fields.get(key)
    if f is None:
        if default is KeyError:
            raise UnsupportedModelError(f'the GGUF has no {key}')
        return default
    return f.contents()


def dims_of(reader):
    arch = field(reader, 'general.architecture')
    if arch != ARCH:
        raise UnsupportedModelError(f'general.architecture is {arch!r}, not {ARCH!r}')
    if field(reader, f'{ARCH}.rope.scaling.type', None) not in (None, 'none'):
        raise UnsupportedModelError('RoPE scaling is not implemented (plain RoPE only)')
    names = {t.name for t in reader.tensors}
    hidden = field(reader, f'{ARCH}.embedding_length')
    heads = field(reader, f'{ARCH}.attention.head_count')
    head_dim = field(reader, f'{ARCH}.attention.key_length', hidden // heads)
    if field(reader, f'{ARCH}.rope.dimension_count', head_dim) != head_dim:
        raise UnsupportedModelError('partial rotary embeddings are not implemented')
    vocab_size = field(reader, f'{ARCH}.vocab_size', None) or len(field(reader, 'tokenizer.ggml.tokens'))
    return LlamaDims(
        hidden=hidden,
        layers=field(reader, f'{ARCH}.block_count'),
        heads=heads,
        kv_heads=field(reader, f'{ARCH}.attention.head_count_kv', heads),
        head_dim=head_dim,
        ffn=field(reader, f'{ARCH}.feed_forward_length'),
        vocab_size=vocab_size,
        rope_theta=float(field(reader, f'{ARCH}.rope.freq_base', 10000.0)),
        rms_norm_eps=float(field(reader, f'{ARCH}.attention.layer_norm_rms_epsilon')),
        max_positions=field(reader, f'{ARCH}.context_length'),
        # No output.weight: llama.cpp uses the token embedding for the logits (tied).
        tie_embeddings='output.weight' not in names,
    ).check()


def dequantized(tensor):
    """float32, numpy shape = GGUF's dims reversed ([out, in] for a projection)."""
    from gguf import quants
    if tensor.tensor_type.name == 'F32':
        data = np.array(tensor.data, dtype=np.float32)
    else:
        data = quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32, copy=False)
    return data.reshape(tuple(int(n) for n in reversed(tensor.shape)))


def hf_name(gguf_name):
    base, _, suffix = gguf_name.rpartition('.')
    parts = base.split('.')
    if parts[0] == 'blk' and len(parts) == 3 and parts[2] in _BLOCK:
        return f'model.layers.{parts[1]}.{_BLOCK[parts[2]]}.{suffix}'
    if base in _GLOBAL:
        return f'{_GLOBAL[base]}.{suffix}'
    return None


def weights_of(reader, dims):
    """Every tensor as float32 under its Hugging Face name, q and k rows un-permuted."""
    weights = {}
    for tensor in reader.tensors:
        name = hf_name(tensor.name)
        if name is None:
            if tensor.name in ('rope_freqs.weight',):
                raise UnsupportedModelError('rope_freqs (Llama 3.1 RoPE scaling) is not implemented')
            raise UnsupportedModelError(f'unexpected tensor {tensor.name} in the GGUF')
        w = dequantized(tensor)
        if name.endswith('q_proj.weight'):
            w = unpermute(w, dims.heads)
        elif name.endswith('k_proj.weight'):
            w = unpermute(w, dims.kv_heads)
        weights[name] = w
    expected = expected_shapes(dims)
    for name, shape in expected.items():
        if name not in weights:
            raise UnsupportedModelError(f'the GGUF has no tensor for {name}')
        if weights[name].shape != shape:
            raise UnsupportedModelError(f'{name} has shape {weights[name].shape}, expected {shape}')
    return weights


def expected_shapes(dims):
    """Every parameter of a Llama checkpoint with these sizes (Hugging Face names and [out, in] shapes)."""
    shapes = {'model.embed_tokens.weight': (dims.vocab_size, dims.hidden), 'model.norm.weight': (dims.hidden,)}
    if not dims.tie_embeddings:
        shapes['lm_head.weight'] = (dims.vocab_size, dims.hidden)
    q, kv = dims.heads * dims.head_dim, dims.kv_heads * dims.head_dim
    for i in range(dims.layers):
        p = f'model.layers.{i}.'
        shapes.update({
            p + 'input_layernorm.weight': (dims.hidden,),
            p + 'self_attn.q_proj.weight': (q, dims.hidden),
            p + 'self_attn.k_proj.weight': (kv, dims.hidden),
            p + 'self_attn.v_proj.weight': (kv, dims.hidden),
            p + 'self_attn.o_proj.weight': (dims.hidden, q),
            p + 'post_attention_layernorm.weight': (dims.hidden,),
            p + 'mlp.gate_proj.weight': (dims.ffn, dims.hidden),
            p + 'mlp.up_proj.weight': (dims.ffn, dims.hidden),
            p + 'mlp.down_proj.weight': (dims.hidden, dims.ffn),
        })
    return shapes


def vocab_of(reader):
    def optional_id(key):
        value = field(reader, key, None)
        return int(value) if value is not None else None
    return GgufVocab(
        tokens=tuple(field(reader, 'tokenizer.ggml.tokens')),
        types=tuple(int(t) for t in field(reader, 'tokenizer.ggml.token_type')),
        merges=tuple(field(reader, 'tokenizer.ggml.merges', ())),
        model=field(reader, 'tokenizer.ggml.model'),
        pre=field(reader, 'tokenizer.ggml.pre', 'default'),
        bos=int(field(reader, 'tokenizer.ggml.bos_token_id')),
        eos=int(field(reader, 'tokenizer.ggml.eos_token_id')),
        unk=optional_id('tokenizer.ggml.unknown_token_id'),
        pad=optional_id('tokenizer.ggml.padding_token_id'),
        add_bos=bool(field(reader, 'tokenizer.ggml.add_bos_token', False)),
        chat_template=field(reader, 'tokenizer.chat_template', None),
    ).check()


def languages_of(reader):
    return list(field(reader, 'general.languages', []))


def license_of(reader):
    return field(reader, 'general.license', None)
