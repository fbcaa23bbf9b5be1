"""A tiny Llama in a real GGUF (random weights), written with the gguf package's own writer as
llama.cpp's converter would: q and k rows permuted for pairwise RoPE, projections in Q4_1, the
token table in Q8_0, no output.weight (tied), a byte-level BPE vocabulary with a few merges,
ChatML control tokens and the "smollm" pre-tokenizer. The whole LLM converter runs on it in seconds."""

import numpy as np

HIDDEN, HEADS, KV_HEADS, FFN, LAYERS = 64, 4, 2, 96, 2
HEAD_DIM = HIDDEN // HEADS
ROPE_THETA, EPS, CONTEXT = 10000.0, 1e-5, 256
SPECIALS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>']
CHAT_TEMPLATE = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
                 "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
MERGES = ['Ġ d', 'i e', 'Ġ p', 'a c', 'Ġp ac', 'ie n', 'Ġpac ien', 't e', 'Ġpacien te', 'Ã ±', 'Ã ³', 'o s']


def _byte_chars():
    printable = [*range(ord('!'), ord('~') + 1), *range(ord('¡'), ord('¬') + 1), *range(ord('®'), ord('ÿ') + 1)]
    chars, extra = [], 0
    for b in range(256):
        if b in printable:
            chars.append(chr(b))
        else:
            chars.append(chr(256 + extra))
            extra += 1
    return chars


def vocabulary():
    tokens = SPECIALS + _byte_chars()
    for merge in MERGES:
        merged = merge.replace(' ', '')
        if merged not in tokens:
            tokens.append(merged)
    types = [3] * len(SPECIALS) + [1] * (len(tokens) - len(SPECIALS))
    return tokens, types


VOCAB = len(vocabulary()[0])


def llama_cpp_permute(w, heads):
    """convert_hf_to_gguf.py's LlamaModel.permute, written out here independently of llama_gguf."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def hf_weights(seed=7):
    """Random float weights under Hugging Face's names ([out, in]), rotate-half row order."""
    rng = np.random.default_rng(seed)
    w = {'model.embed_tokens.weight': rng.normal(0, 0.5, (VOCAB, HIDDEN)), 'model.norm.weight': 1 + rng.normal(0, 0.1, HIDDEN)}
    for i in range(LAYERS):
        p = f'model.layers.{i}.'
        w[p + 'input_layernorm.weight'] = 1 + rng.normal(0, 0.1, HIDDEN)
        w[p + 'post_attention_layernorm.weight'] = 1 + rng.normal(0, 0.1, HIDDEN)
        for name, shape in (('self_attn.q_proj', (HEADS * HEAD_DIM, HIDDEN)), ('self_attn.k_proj', (KV_HEADS * HEAD_DIM, HIDDEN)),
                            ('self_attn.v_proj', (KV_HEADS * HEAD_DIM, HIDDEN)), ('self_attn.o_proj', (HIDDEN, HEADS * HEAD_DIM)),
                            ('mlp.gate_proj', (FFN, HIDDEN)), ('mlp.up_proj', (FFN, HIDDEN)), ('mlp.down_proj', (HIDDEN, FFN))):
            w[f'{p}{name}.weight'] = rng.normal(0, 0.25, shape)
    return {k: v.astype(np.float32) for k, v in w.items()}


_GGUF_NAMES = {'input_layernorm': 'attn_norm', 'self_attn.q_proj': 'attn_q', 'self_attn.k_proj': 'attn_k', 'self_attn.v_proj': 'attn_v',
               'self_attn.o_proj': 'attn_output', 'post_attention_layernorm': 'ffn_norm', 'mlp.gate_proj': 'ffn_gate',
               'mlp.up_proj': 'ffn_up', 'mlp.down_proj': 'ffn_down'}


def write_gguf(path, seed=7, pre='smollm', weights=None):
    import gguf
    from gguf import GGMLQuantizationType as Q, quants
    weights = weights or hf_weights(seed)
    tokens, types = vocabulary()
    writer = gguf.GGUFWriter(str(path), 'llama')
    writer.add_name('Tiny Llama (random)')
    writer.add_license('apache-2.0')
    writer.add_languages(['en'])
    writer.add_block_count(LAYERS)
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(HIDDEN)
    writer.add_feed_forward_length(FFN)
    writer.add_head_count(HEADS)
    writer.add_head_count_kv(KV_HEADS)
    writer.add_rope_freq_base(ROPE_THETA)
    writer.add_layer_norm_rms_eps(EPS)
    writer.add_vocab_size(VOCAB)
    writer.add_rope_dimension_count(HEAD_DIM)
    writer.add_tokenizer_model('gpt2')
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges(MERGES)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_pad_token_id(2)
    writer.add_add_bos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    def add(name, w, qtype):
        if qtype == Q.F32:
            writer.add_tensor(name, w.astype(np.float32))
        else:
            writer.add_tensor(name, quants.quantize(w.astype(np.float32), qtype), raw_dtype=qtype)
    add('token_embd.weight', weights['model.embed_tokens.weight'], Q.Q8_0)
    for i in range(LAYERS):
        p = f'model.layers.{i}.'
        for hf, short in _GGUF_NAMES.items():
            w = weights[f'{p}{hf}.weight']
            if hf == 'self_attn.q_proj':
                w = llama_cpp_permute(w, HEADS)
            elif hf == 'self_attn.k_proj':
                w = llama_cpp_permute(w, KV_HEADS)
            add(f'blk.{i}.{short}.weight', w, Q.F32 if w.ndim == 1 else Q.Q4_1)
    add('output_norm.weight', weights['model.norm.weight'], Q.F32)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
