import numpy as np
import pytest

from convert import whisper_weights
from tiny_whisper import D, DEC_LAYERS, ENC_LAYERS, HEADS, VOCAB, tiny_model


def test_dims_are_read_from_the_weights():
    dims = whisper_weights.dims_of(tiny_model())
    assert (dims.d_model, dims.heads, dims.encoder_layers, dims.decoder_layers, dims.vocab_size) == (D, HEADS, ENC_LAYERS, DEC_LAYERS, VOCAB)
    assert dims.head_dim == D // HEADS


def test_fused_projections_are_split_and_transposed():
    model = tiny_model()
    _, w = whisper_weights.whisper_weights(model)
    fused = model.get('decoder/layer_1/self_attention/linear_0/weight').astype(np.float32)
    np.testing.assert_array_equal(w['dec.1.self.k.w'], fused[D:2 * D].T)
    kv = model.get('decoder/layer_0/attention/linear_1/weight').astype(np.float32)
    np.testing.assert_array_equal(w['dec.0.cross.v.w'], kv[D:].T)
    assert w['enc.0.q.w'].shape == (D, D) and w['enc.0.fc1.w'].shape == (D, 128)
    assert all(a.dtype == np.float32 for a in w.values())


def test_zero_biases_are_dropped_and_others_kept():
    _, w = whisper_weights.whisper_weights(tiny_model())
    assert 'enc.0.k.b' not in w and 'dec.0.self.k.b' not in w and 'dec.0.cross.k.b' not in w
    assert 'enc.0.q.b' in w and 'dec.0.cross.v.b' in w


@pytest.mark.parametrize('name, value, reason', [
    ('decoder/activation', np.array(1, np.int8), 'erf GELU'),
    ('decoder/pre_norm', np.array(0, np.int8), 'pre-LayerNorm'),
    ('decoder/scale_embeddings', np.array(1, np.int8), 'scales its embeddings'),
])
def test_other_architectures_are_refused_with_the_reason(name, value, reason):
    model = tiny_model()
    model.variables[name] = value
    with pytest.raises(whisper_weights.UnsupportedModelError, match=reason):
        whisper_weights.dims_of(model)


def test_an_untied_output_projection_is_refused():
    model = tiny_model()
    del model.aliases['decoder/projection/weight']
    model.variables['decoder/projection/weight'] = np.zeros_like(model.get('decoder/embeddings/weight'))
    with pytest.raises(whisper_weights.UnsupportedModelError, match='not tied'):
        whisper_weights.dims_of(model)
