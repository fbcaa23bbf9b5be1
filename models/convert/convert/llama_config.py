"""A Llama-family decoder's sizes (LlamaDims) and its Hugging Face JSON configs.

One description serves both directions: read from a GGUF's metadata (llama_gguf.py) or from a
Hugging Face config.json (hf_checkpoint.py), and written as the config.json and
generation_config.json that transformers (Python, the fine-tune recipe) and transformers.js (the
app) both read. The graph writer (llama_onnx.py) takes only LlamaDims.
"""

from dataclasses import dataclass

import numpy as np


class UnsupportedModelError(ValueError):
    """The weights or config describe something the Llama graph writer does not implement."""


@dataclass(frozen=True)
class LlamaDims:
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    ffn: int
    vocab_size: int
    rope_theta: float
    rms_norm_eps: float
    max_positions: int
    tie_embeddings: bool

    @property
    def group(self):
        """Query heads per key/value head (grouped-query attention)."""
        return self.heads // self.kv_heads

    def check(self):
        if self.heads % self.kv_heads:
            raise UnsupportedModelError(f'{self.heads} query heads do not split into {self.kv_heads} key/value heads')
        if self.head_dim % 2:
            raise UnsupportedModelError(f'rotary positions need an even head size, not {self.head_dim}')
        return self


def float32_value(x):
    """A float as float32 stores it, written with the fewest digits (1e-05, not 9.99999974e-06)."""
    return float(repr(np.float32(x)).removeprefix('np.float32(').removesuffix(')'))



def dims_from_hf_config(config):
    if config.get('model_type') != 'llama':
        raise UnsupportedModelError(f'model_type is {config.get("model_type")!r}, not "llama"')
    if config.get('rope_scaling') is not None:
        raise UnsupportedModelError(f'rope_scaling {config["rope_scaling"]!r} is not implemented (plain RoPE only)')
    if config.get('attention_bias') or config.get('mlp_bias'):
        raise UnsupportedModelError('attention or MLP biases are not implemented (Llama has none)')
    if config.get('hidden_act', 'silu') != 'silu':
        raise UnsupportedModelError(f'hidden_act {config["hidden_act"]!r} is not silu')
    heads = config['num_attention_heads']
    return LlamaDims(
        hidden=config['hidden_size'],
        layers=config['num_hidden_layers'],
        heads=heads,
        kv_heads=config.get('num_key_value_heads', heads),
        head_dim=config.get('head_dim') or config['hidden_size'] // heads,
        ffn=config['intermediate_size'],
        vocab_size=config['vocab_size'],
        rope_theta=float(config.get('rope_theta', 10000.0)),
        rms_norm_eps=float(config.get('rms_norm_eps', 1e-6)),
        max_positions=config['max_position_embeddings'],
        tie_embeddings=bool(config.get('tie_word_embeddings', True)),
    ).check()


@dataclass(frozen=True)
class SpecialIds:
    bos: int
    eos: int
    pad: int
    # Tokens that also end a generation (llama.cpp's "end of generation" set), after eos.
    also_stop: tuple = ()


def config_json(dims, ids, name_or_path):
    """config.json for LlamaForCausalLM, as transformers writes it (keys sorted)."""
    config = {
        '_name_or_path': name_or_path,
        'architectures': ['LlamaForCausalLM'],
        'attention_bias': False,
        'attention_dropout': 0.0,
        'bos_token_id': ids.bos,
        'eos_token_id': ids.eos,
        'head_dim': dims.head_dim,
        'hidden_act': 'silu',
        'hidden_size': dims.hidden,
        'intermediate_size': dims.ffn,
        'max_position_embeddings': dims.max_positions,
        'mlp_bias': False,
        'model_type': 'llama',
        'num_attention_heads': dims.heads,
        'num_hidden_layers': dims.layers,
        'num_key_value_heads': dims.kv_heads,
        'pad_token_id': ids.pad,
        'pretraining_tp': 1,
        'rms_norm_eps': float32_value(dims.rms_norm_eps),
        'rope_scaling': None,
        'rope_theta': float32_value(dims.rope_theta),
        'tie_word_embeddings': dims.tie_embeddings,
        'torch_dtype': 'float32',
        'use_cache': True,
        'vocab_size': dims.vocab_size,
    }
    return dict(sorted(config.items()))


def generation_config_json(ids):
    eos = [ids.eos, *(i for i in ids.also_stop if i != ids.eos)]
    return {
        'bos_token_id': ids.bos,
        'do_sample': False,
        'eos_token_id': eos if len(eos) > 1 else ids.eos,
        'pad_token_id': ids.pad,
    }
