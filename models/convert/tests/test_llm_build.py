"""The LLM converter on a tiny random Llama GGUF (tiny_llama.py): the files transformers.js loads,
numerics against the independent numpy reference (llm_reference.py, llama.cpp's RoPE on the
GGUF's permuted rows), the cache and num_logits_to_keep paths, the Hugging Face checkpoint and
its way back (llm-from-hf), idempotence and atomic output."""

import json

import numpy as np
import onnxruntime as ort
import pytest

import tiny_llama
from convert import hf_checkpoint, llama_gguf, llm_build, llm_check, output, sources
from convert.llm_reference import GgufLlama

TOKENS = [1, 40, 50, 60, 2, 10, 200, 101, 7, 33]


@pytest.fixture(scope='module')
def gguf_file(tmp_path_factory):
    return tiny_llama.write_gguf(tmp_path_factory.mktemp('gguf') / 'tiny.gguf')


@pytest.fixture(scope='module')
def built(gguf_file, tmp_path_factory):
    out = tmp_path_factory.mktemp('out')
    llm_build.write_smollm2(gguf_file, out, log=lambda _: None)
    return out


@pytest.fixture(scope='module')
def reference_logits(gguf_file):
    return GgufLlama(gguf_file).run(TOKENS)


def test_writes_every_file_transformers_js_loads_and_the_hf_checkpoint(built):
    for path in llm_build.CONFIG_FILES + [llm_build.onnx_path(d) for d in llm_build.DTYPES]:
        assert (built / path).stat().st_size > 0, path
    config = json.loads((built / 'config.json').read_text())
    assert (config['model_type'], config['architectures'], config['num_key_value_heads']) == ('llama', ['LlamaForCausalLM'], 2)
    assert (config['hidden_size'], config['head_dim'], config['tie_word_embeddings'], config['rms_norm_eps']) == (64, 16, True, 1e-5)
    generation = json.loads((built / 'generation_config.json').read_text())
    assert generation['eos_token_id'] == [2, 0] and generation['bos_token_id'] == 1  # <|im_end|>, then <|endoftext|>
    tokenizer_config = json.loads((built / 'tokenizer_config.json').read_text())
    assert (tokenizer_config['eos_token'], tokenizer_config['bos_token'], tokenizer_config['pad_token']) == ('<|im_end|>', '<|im_start|>', '<|im_end|>')
    assert tokenizer_config['chat_template'] == tiny_llama.CHAT_TEMPLATE
    assert tokenizer_config['additional_special_tokens'] == ['<|im_start|>', '<|im_end|>']
    assert sorted(p.name for p in (built / llm_build.HF_DIR).iterdir()) == sorted(
        llm_build.CONFIG_FILES + [hf_checkpoint.WEIGHTS_FILE])


def test_session_io_is_the_text_generation_layout(built):
    session = ort.InferenceSession(str(built / 'onnx/model_q4.onnx'), providers=['CPUExecutionProvider'])
    inputs = {i.name: i.shape for i in session.get_inputs()}
    assert list(inputs)[:3] == ['input_ids', 'attention_mask', 'position_ids']
    assert inputs['past_key_values.1.value'] == ['batch_size', 2, 'past_sequence_length', 16]
    assert inputs['num_logits_to_keep'] == []
    assert [o.name for o in session.get_outputs()][:3] == ['logits', 'present.0.key', 'present.0.value']


# Relative to the largest logit. q4 holds the GGUF's Q4_1 and Q8_0 tensors exactly; q8 requantizes
# them and quantizes activations, which on random weights costs some tenths of the logit range.
@pytest.mark.parametrize('dtype, tolerance', [('fp32', 1e-5), ('q4', 1e-4), ('q8', 0.25)])
def test_matches_the_numpy_llama_cpp_reference_in_one_pass_and_through_the_cache(built, reference_logits, dtype, tolerance):
    model = llm_check.OnnxLlm(built / llm_build.onnx_path(dtype))
    prefill = model.run(TOKENS[:6], keep=0)
    steps = [model.run([t], keep=1)[-1] for t in TOKENS[6:]]
    ours = np.concatenate([prefill, np.stack(steps)])
    assert np.abs(ours - reference_logits).max() <= tolerance * np.abs(reference_logits).max(), np.abs(ours - reference_logits).max()
    if dtype != 'q8':
        assert (ours.argmax(-1) == reference_logits.argmax(-1)).all()


def test_num_logits_to_keep_returns_the_last_positions_only(built):
    model = llm_check.OnnxLlm(built / 'onnx/model.onnx')
    every = model.run(TOKENS, keep=0)
    model.reset()
    last = model.run(TOKENS, keep=1)
    model.reset()
    two = model.run(TOKENS, keep=2)
    assert every.shape == (len(TOKENS), tiny_llama.VOCAB) and last.shape == (1, tiny_llama.VOCAB)
    np.testing.assert_allclose(last[0], every[-1], atol=1e-5)
    np.testing.assert_allclose(two, every[-2:], atol=1e-5)


def test_padding_in_the_attention_mask_hides_those_keys(built):
    # Left padding, as a batch would have: the padded position must not change the others' logits.
    model = llm_check.OnnxLlm(built / 'onnx/model.onnx')
    plain = model.run(TOKENS[:4], keep=0)
    session = model.session
    ids = [0] + TOKENS[:4]
    feeds = {'input_ids': np.array([ids]), 'attention_mask': np.array([[0, 1, 1, 1, 1]]), 'position_ids': np.array([[0, 0, 1, 2, 3]]),
             'num_logits_to_keep': np.array(0)}
    for i in range(tiny_llama.LAYERS):
        for part in ('key', 'value'):
            feeds[f'past_key_values.{i}.{part}'] = np.zeros((1, 2, 0, 16), np.float32)
    padded = session.run(['logits'], feeds)[0][0]
    np.testing.assert_allclose(padded[1:], plain, atol=1e-4)


def test_the_permutation_is_what_makes_it_match(gguf_file, reference_logits, tmp_path, monkeypatch):
    """Without un-permuting q and k, the rotate-half graph disagrees with llama.cpp's RoPE: the
    check above would catch a wrong permutation."""
    monkeypatch.setattr(llama_gguf, 'unpermute', lambda w, heads: w)
    entry, dims, weights, files = llm_build.gguf_model(gguf_file)
    from convert import llama_onnx
    model = llama_onnx.decoder_model(dims, weights, 'fp32', 'unpermuted')
    (tmp_path / 'm.onnx').write_bytes(model.SerializeToString())
    logits = llm_check.OnnxLlm(tmp_path / 'm.onnx').run(TOKENS, keep=0)
    assert np.abs(logits - reference_logits).max() > 0.1


def test_permute_and_unpermute_are_inverse_and_interleave_the_halves():
    rows = np.arange(8, dtype=np.float32)[:, None]  # 2 heads of 4 rows: halves [0, 1 | 2, 3]
    permuted = tiny_llama.llama_cpp_permute(rows, 2)
    assert permuted[:, 0].tolist() == [0, 2, 1, 3, 4, 6, 5, 7]  # pairs (x[i], x[i + d/2]) side by side
    assert (llama_gguf.unpermute(permuted, 2) == rows).all()
    assert (llama_gguf.permute(rows, 2) == permuted).all()


def test_tokenizer_json_encodes_like_the_gguf_bpe_and_round_trips(gguf_file, built):
    texts = ['El paciente de 45 años, la señora Muñoz: dolor desde hace 3 días.', '<|im_start|>user\nHola<|im_end|>\n', '  dos\n\nlíneas\t½']
    rows = llm_check.check_tokenizer(built, llm_check.gguf_bpe(gguf_file), texts)
    assert all(r['identical'] and r['round_trip'] for r in rows), rows
    from tokenizers import Tokenizer
    tokenizer = Tokenizer.from_file(str(built / 'tokenizer.json'))
    assert tokenizer.encode(' paciente 45', add_special_tokens=False).tokens == ['Ġpaciente', 'Ġ', '4', '5']


def test_the_catalogue_entry_has_the_shape_of_the_apps_llm_fixture_entry(built, tmp_path):
    """The app parses the fixture's entry (test/fixtures/models/catalog.json); the real check
    (npm run check:llm-real) parses this one with the app's own parser."""
    from pathlib import Path
    fixture = next(m for m in json.loads((Path(__file__).resolve().parents[3] / 'test/fixtures/models/catalog.json').read_text())['models']
                   if m['id'] == 'llm-fixture')
    paths = llm_build.CONFIG_FILES + [llm_build.onnx_path(d) for d in llm_build.DTYPES]
    hashes = output.file_hashes(built, paths)
    entry = llm_build.catalog_entry(llm_build.SMOLLM2, hashes, {p: (built / p).stat().st_size for p in paths}, output.revision_of(hashes))
    assert set(entry) == set(fixture) and set(entry['source']) == set(fixture['source'])
    assert [set(v) for v in entry['variants']] == [set(v) for v in fixture['variants']]
    assert [(v['device'], v['dtype']) for v in entry['variants']] == [(v['device'], v['dtype']) for v in fixture['variants']]
    files = {f['path'] for f in entry['source']['files']}
    assert all(set(v['files']) <= files for v in entry['variants'])
    assert (entry['task'], entry['engine'], entry['tier'], entry['license'], entry['languages']) == ('llm', 'transformers.js', 'cpu', 'apache-2.0', ['en'])
    assert all(len(f['sha256']) == 64 and f['bytes'] == f['approxBytes'] > 0 for f in entry['source']['files'])
    assert 'inglés' in entry['description'] and entry['contextWindowTokens'] <= 8192


def test_the_hf_checkpoint_converts_back_to_the_same_model(built, reference_logits, tmp_path):
    entry = llm_build.entry_for('tiny-finetune', 'Tiny (ajuste fino)')
    out = llm_build.build_from_hf(built / llm_build.HF_DIR, tmp_path / 'back', entry, log=lambda _: None)
    logits = llm_check.OnnxLlm(out / 'onnx/model.onnx').run(TOKENS, keep=0)
    assert np.abs(logits - reference_logits).max() <= 1e-4
    for name in ('tokenizer.json', 'tokenizer_config.json', 'generation_config.json'):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name
    config, original = (json.loads((folder / 'config.json').read_text()) for folder in (out, built))
    assert config.pop('_name_or_path') == 'escriba/tiny-finetune'
    assert config == {k: v for k, v in original.items() if k != '_name_or_path'}
    catalog = json.loads((out / output.CATALOG_FILE).read_text())['models'][0]
    assert (catalog['id'], catalog['source']['repo'], catalog['languages']) == ('tiny-finetune', 'escriba/tiny-finetune', ['es'])
    logged = []
    llm_build.build_from_hf(built / llm_build.HF_DIR, tmp_path / 'back', entry, log=logged.append)
    assert logged == [f'{tmp_path / "back"}: up to date (every file matches its SHA-256)']


def test_a_bfloat16_checkpoint_is_widened_and_unmerged_lora_is_refused(built, tmp_path):
    import struct
    weights = hf_checkpoint.read(built / llm_build.HF_DIR)[1]
    ckpt = tmp_path / 'bf16'
    ckpt.mkdir()
    for name in llm_build.CONFIG_FILES:
        (ckpt / name).write_bytes((built / llm_build.HF_DIR / name).read_bytes())
    header, blobs, offset = {}, [], 0
    for name, w in sorted(weights.items()):
        raw = (np.ascontiguousarray(w).view(np.uint32) >> 16).astype(np.uint16).tobytes()  # truncate to bfloat16
        header[name] = {'dtype': 'BF16', 'shape': list(w.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    (ckpt / hf_checkpoint.WEIGHTS_FILE).write_bytes(struct.pack('<Q', len(text)) + text + b''.join(blobs))
    _, widened, _ = hf_checkpoint.read(ckpt)
    for name, w in weights.items():
        assert np.abs(widened[name] - w).max() <= np.abs(w).max() / 128, name  # bfloat16 keeps 8 bits of mantissa

    from safetensors.numpy import save_file
    lora = dict(weights, **{'model.layers.0.self_attn.q_proj.lora_A.weight': np.zeros((4, 64), np.float32)})
    save_file(lora, str(ckpt / hf_checkpoint.WEIGHTS_FILE), metadata={'format': 'pt'})
    with pytest.raises(llm_build.llama_config.UnsupportedModelError, match='LoRA adapters must be merged'):
        hf_checkpoint.read(ckpt)


def _fake_fetch(folder):
    return lambda source, cache, log=print: folder


def test_build_is_idempotent_atomic_and_checks_the_hf_files(gguf_file, tmp_path, monkeypatch):
    inputs = tmp_path / 'inputs'
    inputs.mkdir()
    (inputs / next(iter(sources.SMOLLM2_135M.files))).write_bytes(gguf_file.read_bytes())
    monkeypatch.setattr(sources, 'fetch', _fake_fetch(inputs))
    out = tmp_path / 'model'
    llm_build.build_smollm2(out, tmp_path / 'cache', log=lambda _: None)
    provenance = json.loads((out / output.PROVENANCE_FILE).read_text())
    assert set(provenance[output.EXTRA_FILES]) == {f'hf/{n}' for n in llm_build.CONFIG_FILES + [hf_checkpoint.WEIGHTS_FILE]}
    logged = []
    llm_build.build_smollm2(out, tmp_path / 'cache', log=logged.append)
    assert logged == [f'{out}: up to date (every file matches its SHA-256)']

    (out / 'hf/model.safetensors').write_bytes(b'broken')
    logged.clear()
    llm_build.build_smollm2(out, tmp_path / 'cache', log=logged.append)
    assert 'hf/model.safetensors does not match its SHA-256' in logged[0]
    assert output.verify(out, llm_build.smollm2_recipe()) is None

    before = {p.name: p.stat().st_mtime_ns for p in out.rglob('*')}
    monkeypatch.setattr(llm_build.hf_checkpoint, 'write', lambda *a, **k: (_ for _ in ()).throw(llm_build.ConversionError('simulated')))
    with pytest.raises(llm_build.ConversionError, match='simulated'):
        llm_build.build_smollm2(out, tmp_path / 'cache', force=True, log=lambda _: None)
    assert {p.name: p.stat().st_mtime_ns for p in out.rglob('*')} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith('.')] == []


def test_two_builds_write_the_same_bytes(gguf_file, built, tmp_path):
    llm_build.write_smollm2(gguf_file, tmp_path, log=lambda _: None)
    for path in llm_build.CONFIG_FILES + [llm_build.onnx_path(d) for d in llm_build.DTYPES] + ['hf/model.safetensors']:
        assert (tmp_path / path).read_bytes() == (built / path).read_bytes(), path


def test_a_gguf_of_another_kind_fails_in_plain_words(tmp_path):
    bad = tiny_llama.write_gguf(tmp_path / 'bad.gguf', pre='qwen2')
    with pytest.raises(llm_build.ConversionError, match="pre-tokenizer 'qwen2' is not one whose llama.cpp definition was matched"):
        llm_build.gguf_model(bad)
    (tmp_path / 'cut.gguf').write_bytes(bad.read_bytes()[:1000])
    with pytest.raises(llm_build.ConversionError, match='cut.gguf is not a readable GGUF file'):
        llm_build.gguf_model(tmp_path / 'cut.gguf')


def test_smoothing_changes_the_q8_weights_but_not_what_the_model_computes(gguf_file, reference_logits, tmp_path):
    from convert import llama_onnx, llama_smooth
    _, dims, weights, files = llm_build.gguf_model(gguf_file)
    smoothed = llama_smooth.smoothed(dims, weights, llm_build.calibration_ids(files['tokenizer.json']))
    assert not np.allclose(smoothed['model.layers.0.self_attn.q_proj.weight'], weights['model.layers.0.self_attn.q_proj.weight'])
    (tmp_path / 'm.onnx').write_bytes(llama_onnx.decoder_model(dims, smoothed, 'fp32', 'smoothed').SerializeToString())
    logits = llm_check.OnnxLlm(tmp_path / 'm.onnx').run(TOKENS, keep=0)
    assert np.abs(logits - reference_logits).max() <= 1e-4 * np.abs(reference_logits).max()
