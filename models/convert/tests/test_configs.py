from convert import whisper_configs, whisper_weights
from tiny_whisper import IDS, ct2_config, tiny_model, tokenizer_json


def _ids():
    return whisper_configs.TokenIds(tokenizer_json())


def test_config_sizes_come_from_the_weights_and_ids_from_the_tokenizer():
    dims = whisper_weights.dims_of(tiny_model())
    config = whisper_configs.config_json(dims, ct2_config(), _ids(), 'escriba/tiny')
    assert config['model_type'] == 'whisper'
    assert (config['d_model'], config['encoder_layers'], config['decoder_layers'], config['vocab_size']) == (64, 1, 2, dims.vocab_size)
    assert config['decoder_start_token_id'] == IDS['<|startoftranscript|>']
    assert config['eos_token_id'] == config['pad_token_id'] == IDS['<|endoftext|>']
    assert config['begin_suppress_tokens'] == ct2_config()['suppress_ids_begin']


def test_generation_config_has_what_transformers_js_whisper_reads():
    dims = whisper_weights.dims_of(tiny_model())
    gen = whisper_configs.generation_config_json(dims, ct2_config(), _ids())
    assert gen['lang_to_id'] == {'<|es|>': IDS['<|es|>']}
    assert gen['task_to_id'] == {'transcribe': IDS['<|transcribe|>'], 'translate': IDS['<|translate|>']}
    assert gen['no_timestamps_token_id'] == IDS['<|notimestamps|>']
    assert gen['prev_sot_token_id'] == IDS['<|startofprev|>']
    assert gen['is_multilingual'] is False  # one language token in this tiny model
    assert gen['alignment_heads'] == [[1, 0]] and gen['max_length'] == dims.max_target_positions


def test_tokenizer_config_lists_specials_but_not_timestamps():
    config = whisper_configs.tokenizer_config_json(_ids())
    assert config['tokenizer_class'] == 'WhisperTokenizer'
    assert '<|notimestamps|>' in config['additional_special_tokens']
    assert '<|endoftext|>' not in config['additional_special_tokens']
    assert not any(t.startswith('<|0.') for t in config['additional_special_tokens'])


def test_preprocessor_is_whispers_front_end():
    dims = whisper_weights.dims_of(tiny_model())
    pre = whisper_configs.preprocessor_config_json(dims)
    assert (pre['sampling_rate'], pre['n_fft'], pre['hop_length'], pre['n_samples'], pre['nb_max_frames']) == (16000, 400, 160, 480000, 3000)
    assert pre['feature_size'] == 80
