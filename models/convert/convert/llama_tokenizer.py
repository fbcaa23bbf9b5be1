"""A GGUF's own tokenizer (tokens, merges, token types, pre-tokenizer name) as Hugging Face
`tokenizers` files: tokenizer.json and tokenizer_config.json, which transformers.js and Python's
transformers both load.

Only byte-level BPE vocabularies (`tokenizer.ggml.model` "gpt2") are written, and only for a
pre-tokenizer whose llama.cpp definition we have matched by hand:

- "smollm" (llama.cpp `LLAMA_VOCAB_PRE_TYPE_SMOLLM`, shared with starcoder, refact, command-r,
  codeshell, exaone, minerva): its regex list is `\\p{N}` then GPT-2's pattern. llama.cpp splits
  by each regex in turn, keeping the text between matches, so every digit becomes its own piece and
  GPT-2's pattern runs inside the rest. In `tokenizers` terms that is Digits(individual_digits)
  followed by ByteLevel(use_regex), which is also what HuggingFaceTB's SmolLM2 tokenizer.json says.

`python -m convert check` encodes Spanish clinical text with the file written here and with a
separate pure-Python BPE over the GGUF's merges (llm_check_tokenizer.py) and requires identical ids.
"""

from dataclasses import dataclass

# llama.cpp's token types (gguf.TokenType)
NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE = 1, 2, 3, 4, 5, 6

_BYTE_LEVEL = {'add_prefix_space': False, 'trim_offsets': True, 'use_regex': True}
PRE_TOKENIZERS = {
    'smollm': {'type': 'Sequence', 'pretokenizers': [{'type': 'Digits', 'individual_digits': True}, {'type': 'ByteLevel', **_BYTE_LEVEL}]},
}


class UnsupportedTokenizerError(ValueError):
    """The GGUF's tokenizer is of a kind this module does not write."""


@dataclass(frozen=True)
class GgufVocab:
    tokens: tuple
    types: tuple
    merges: tuple
    model: str
    pre: str
    bos: int
    eos: int
    unk: int | None
    pad: int | None
    add_bos: bool
    chat_template: str | None

    def check(self):
        if self.model != 'gpt2':
            raise UnsupportedTokenizerError(f'tokenizer.ggml.model is {self.model!r}; only byte-level BPE ("gpt2") is written')
        if self.pre not in PRE_TOKENIZERS:
            raise UnsupportedTokenizerError(f'pre-tokenizer {self.pre!r} is not one whose llama.cpp definition was matched ({", ".join(PRE_TOKENIZERS)})')
        if len(self.tokens) != len(self.types):
            raise UnsupportedTokenizerError(f'{len(self.tokens)} tokens but {len(self.types)} token types')
        return self

    def special_ids(self):
        """Tokens that are not text: control tokens and user-defined ones, as added tokens."""
        return [i for i, t in enumerate(self.types) if t in (CONTROL, USER_DEFINED)]

    def in_chat_template(self):
        """Control tokens the chat template writes: the ones a chat needs as special tokens."""
        template = self.chat_template or ''
        return [self.tokens[i] for i in self.special_ids() if self.types[i] == CONTROL and self.tokens[i] in template]


def _added(vocab, i):
    return {'id': i, 'content': vocab.tokens[i], 'single_word': False, 'lstrip': False, 'rstrip': False,
            'normalized': vocab.types[i] != CONTROL, 'special': vocab.types[i] == CONTROL}


def tokenizer_json(vocab):
    vocab.check()
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [_added(vocab, i) for i in vocab.special_ids()],
        'normalizer': None,
        'pre_tokenizer': PRE_TOKENIZERS[vocab.pre],
        'post_processor': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': False, 'use_regex': True},
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
        'model': {
            'type': 'BPE', 'dropout': None,
            'unk_token': vocab.tokens[vocab.unk] if vocab.unk is not None else None,
            'continuing_subword_prefix': None, 'end_of_word_suffix': None,
            'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
            'vocab': {token: i for i, token in enumerate(vocab.tokens)},
            'merges': list(vocab.merges),
        },
    }


def tokenizer_config_json(vocab, model_max_length):
    vocab.check()

    def name(i):
        return vocab.tokens[i] if i is not None else None
    config = {
        'add_bos_token': vocab.add_bos,
        'add_prefix_space': False,
        'added_tokens_decoder': {str(i): {k: v for k, v in _added(vocab, i).items() if k != 'id'} for i in vocab.special_ids()},
        'additional_special_tokens': vocab.in_chat_template(),
        'bos_token': name(vocab.bos),
        'clean_up_tokenization_spaces': False,
        'eos_token': name(vocab.eos),
        'model_max_length': model_max_length,
        'pad_token': name(vocab.pad),
        'tokenizer_class': 'GPT2Tokenizer',
        'unk_token': name(vocab.unk),
        'vocab_size': len(vocab.tokens),
    }
    if vocab.chat_template:
        config['chat_template'] = vocab.chat_template
    return dict(sorted(config.items()))
