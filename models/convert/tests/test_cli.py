import pytest

from convert import __main__ as cli
from convert import build


def test_a_conversion_error_ends_with_one_plain_line(monkeypatch, capsys, tmp_path):
    def fail(*args, **kwargs):
        raise build.ConversionError('could not get the input packages: pip could not download x==1')
    monkeypatch.setattr(build, 'build', fail)
    assert cli.main(['whisper-base', '--out', str(tmp_path / 'm')]) == 1
    assert capsys.readouterr().err == 'convert: failed: could not get the input packages: pip could not download x==1\n'


def test_an_unwritable_output_is_reported_without_a_traceback(monkeypatch, capsys, tmp_path):
    def fail(*args, **kwargs):
        raise PermissionError(13, 'Permission denied', str(tmp_path / 'm'))
    monkeypatch.setattr(build, 'build', fail)
    assert cli.main(['whisper-base', '--out', str(tmp_path / 'm')]) == 1
    assert capsys.readouterr().err == f'convert: failed: Permission denied: {tmp_path / "m"}\n'


def test_check_needs_a_built_folder(capsys, tmp_path):
    assert cli.main(['check', 'whisper-base', str(tmp_path)]) == 1
    assert 'holds no built model' in capsys.readouterr().err


def test_help_works(capsys):
    with pytest.raises(SystemExit):
        cli.main(['--help'])
    assert 'whisper-base' in capsys.readouterr().out


def test_help_names_the_llm_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(['--help'])
    out = capsys.readouterr().out
    assert 'smollm2-135m' in out and 'llm-from-hf' in out


def test_llm_from_hf_without_a_checkpoint_says_so(capsys, tmp_path):
    assert cli.main(['llm-from-hf', '--hf', str(tmp_path), '--out', str(tmp_path / 'out'), '--id', 'x', '--name', 'X']) == 1
    assert capsys.readouterr().err == f'convert: failed: {tmp_path} is not a Hugging Face checkpoint folder (it has no config.json)\n'
    assert not (tmp_path / 'out').exists()


def test_llm_check_needs_a_built_folder(capsys, tmp_path):
    assert cli.main(['check', 'smollm2-135m', str(tmp_path)]) == 1
    assert 'holds no built model' in capsys.readouterr().err
