"""The JSON files transformers.js reads beside a Whisper model, written from what the model is.

Sources of each value, so none is copied from a model hub:
- sizes (d_model, heads, layers, vocabulary, positions, mel bins): read from the weights (WhisperDims);
- alignment heads, suppressed tokens, language tokens: the CTranslate2 package's config.json, which
  its converter took from OpenAI's checkpoint (`alignment_heads`, `suppress_ids`,
  `suppress_ids_begin`, `lang_ids`);
- special-token ids: looked up by name in the package's tokenizer.json;
- the feature extractor (16 kHz, 400-point FFT, hop 160, 30 s windows): OpenAI Whisper's
  `audio.py` constants, the same for every Whisper with 80 mel bins;
- the remaining keys are the fixed ones transformers' WhisperConfig / WhisperTokenizer write for
  every Whisper (model type, class names, dropout 0 at inference, `scale_embedding` false).
"""

SPECIALS = ('<|endoftext|>', '<|startoftranscript|>', '<|translate|>', '<|transcribe|>', '<|startoflm|>',
            '<|startofprev|>', '<|notimestamps|>')


class TokenIds:
    """Special-token ids by name, from tokenizer.json's added tokens."""

    def __init__(self, tokenizer_json):
        self.by_content = {t['content']: t['id'] for t in tokenizer_json['added_tokens']}
        self.by_id = {i: c for c, i in self.by_content.items()}
        missing = [s for s in SPECIALS if s not in self.by_content]
        if missing:
            raise ValueError(f'tokenizer.json has no {", ".join(missing)}: not a Whisper tokenizer')

    def __getitem__(self, content):
        return self.by_content[content]

    def specials_in_order(self):
        """Every special token (not the timestamps), by id: what WhisperTokenizer lists."""
        return [t for t in sorted(self.by_content, key=self.by_content.get) if not _is_timestamp(t)]


def _is_timestamp(token):
    return token.startswith('<|') and token[2:3].isdigit()


def config_json(dims, ct2_config, ids, name):
    eot, sot = ids['<|endoftext|>'], ids['<|startoftranscript|>']
    return {
        '_name_or_path': name,
        'activation_dropout': 0.0,
        'activation_function': 'gelu',
        'architectures': ['WhisperForConditionalGeneration'],
        'attention_dropout': 0.0,
        'begin_suppress_tokens': ct2_config['suppress_ids_begin'],
        'bos_token_id': eot,
        'd_model': dims.d_model,
        'decoder_attention_heads': dims.heads,
        'decoder_ffn_dim': dims.ffn,
        'decoder_layerdrop': 0.0,
        'decoder_layers': dims.decoder_layers,
        'decoder_start_token_id': sot,
        'dropout': 0.0,
        'encoder_attention_heads': dims.heads,
        'encoder_ffn_dim': dims.ffn,
        'encoder_layerdrop': 0.0,
        'encoder_layers': dims.encoder_layers,
        'eos_token_id': eot,
        'is_encoder_decoder': True,
        'max_length': dims.max_target_positions,
        'max_source_positions': dims.max_source_positions,
        'max_target_positions': dims.max_target_positions,
        'median_filter_width': 7,
        'model_type': 'whisper',
        'num_hidden_layers': dims.encoder_layers,
        'num_mel_bins': dims.n_mels,
        'pad_token_id': eot,
        'scale_embedding': False,
        'suppress_tokens': ct2_config['suppress_ids'],
        'torch_dtype': 'float32',
        'use_cache': True,
        'vocab_size': dims.vocab_size,
    }


def generation_config_json(dims, ct2_config, ids):
    eot = ids['<|endoftext|>']
    lang_ids = ct2_config['lang_ids']
    return {
        'alignment_heads': ct2_config['alignment_heads'],
        'begin_suppress_tokens': ct2_config['suppress_ids_begin'],
        'bos_token_id': eot,
        'decoder_start_token_id': ids['<|startoftranscript|>'],
        'eos_token_id': eot,
        'is_multilingual': len(lang_ids) > 1,
        'lang_to_id': {ids.by_id[i]: i for i in lang_ids},
        # OpenAI's decoding default (DecodingOptions.max_initial_timestamp = 1.0 s = 50 steps).
        'max_initial_timestamp_index': 50,
        'max_length': dims.max_target_positions,
        'no_timestamps_token_id': ids['<|notimestamps|>'],
        'pad_token_id': eot,
        'prev_sot_token_id': ids['<|startofprev|>'],
        'return_timestamps': False,
        'suppress_tokens': ct2_config['suppress_ids'],
        'task_to_id': {'transcribe': ids['<|transcribe|>'], 'translate': ids['<|translate|>']},
    }


def preprocessor_config_json(dims):
    sample_rate, chunk_s, hop = 16000, 30, 160
    return {
        'chunk_length': chunk_s,
        'feature_extractor_type': 'WhisperFeatureExtractor',
        'feature_size': dims.n_mels,
        'hop_length': hop,
        'n_fft': 400,
        'n_samples': sample_rate * chunk_s,
        'nb_max_frames': sample_rate * chunk_s // hop,
        'padding_side': 'right',
        'padding_value': 0.0,
        'processor_class': 'WhisperProcessor',
        'return_attention_mask': False,
        'sampling_rate': sample_rate,
    }


def tokenizer_config_json(ids):
    specials = ids.specials_in_order()
    return {
        'add_bos_token': False,
        'add_prefix_space': False,
        'additional_special_tokens': [t for t in specials if t != '<|endoftext|>'],
        'bos_token': '<|endoftext|>',
        'clean_up_tokenization_spaces': True,
        'eos_token': '<|endoftext|>',
        'errors': 'replace',
        'model_max_length': 1024,
        'pad_token': '<|endoftext|>',
        'processor_class': 'WhisperProcessor',
        'return_attention_mask': False,
        'tokenizer_class': 'WhisperTokenizer',
        'unk_token': '<|endoftext|>',
    }
