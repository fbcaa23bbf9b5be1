import numpy as np
import pytest

from convert import ct2
from tiny_whisper import tiny_model


def test_round_trip_keeps_names_shapes_dtypes_and_aliases():
    model = tiny_model()
    parsed = ct2.parse(ct2.write(model))
    assert parsed.spec == 'WhisperSpec' and parsed.revision == 3
    assert list(parsed.variables) == list(model.variables)
    for name, array in model.variables.items():
        assert parsed.variables[name].dtype == array.dtype
        np.testing.assert_array_equal(parsed.variables[name], array)
    assert parsed.get('decoder/projection/weight') is parsed.variables['decoder/embeddings/weight']
    assert parsed.scalar('decoder/num_heads') == 2


def test_a_truncated_file_says_where_it_ends():
    data = ct2.write(tiny_model())
    with pytest.raises(ct2.Ct2FormatError, match=r'ends at byte \d+ inside decoder/.*truncated or its parts were joined'):
        ct2.parse(data[:len(data) * 2 // 3])


def test_parts_joined_in_the_wrong_order_are_refused():
    data = ct2.write(tiny_model())
    half = len(data) // 2
    with pytest.raises(ct2.Ct2FormatError, match='not a CTranslate2 model.bin'):
        ct2.parse(data[half:] + data[:half])


def test_trailing_bytes_are_refused():
    with pytest.raises(ct2.Ct2FormatError, match='unexpected bytes'):
        ct2.parse(ct2.write(tiny_model()) + b'\0\0')
