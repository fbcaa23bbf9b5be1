"""Writing a model folder all at once: files go to a temporary sibling folder, which is renamed into
place only when every file is written and checked, so a failure or an interrupt never leaves a
half-written model where the app or a clinic server would pick it up.

The folder also gets:
- `escriba-catalog.json`: a clinic catalogue (the format of models/catalog.json) with this model's
  entry, every file's exact size and SHA-256, and a revision derived from them;
- `CONVERSION.json`: what it was built from (packages, pinned hashes, converter recipe), which is
  how a rerun knows the folder is already up to date, and the SHA-256 of any file the catalogue
  does not list (`extraFiles`, e.g. an LLM's Hugging Face checkpoint in `hf/`).
"""

import hashlib
import json
import os
import shutil
from pathlib import Path

from .sources import sha256_file

CATALOG_FILE = 'escriba-catalog.json'
PROVENANCE_FILE = 'CONVERSION.json'
EXTRA_FILES = 'extraFiles'


def json_bytes(value, compact=False):
    text = json.dumps(value, ensure_ascii=False, separators=(',', ':')) if compact else json.dumps(value, ensure_ascii=False, indent=2)
    return (text + '\n').encode('utf-8')


def revision_of(file_hashes):
    """A 40-hex id from the files' hashes: new bytes get a new revision, as a commit would."""
    manifest = json.dumps(sorted(file_hashes.items()))
    return hashlib.sha1(manifest.encode('utf-8')).hexdigest()


class AtomicFolder:
    """`with AtomicFolder(out) as tmp:` write into tmp; on success tmp replaces out."""

    def __init__(self, target):
        self.target = Path(target).resolve()
        self.tmp = self.target.with_name(f'.{self.target.name}.partial-{os.getpid()}')

    def __enter__(self):
        self.target.parent.mkdir(parents=True, exist_ok=True)
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir()
        return self.tmp

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        old = self.target.with_name(f'.{self.target.name}.old-{os.getpid()}')
        if self.target.exists():
            self.target.rename(old)
        self.tmp.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)
        return False


def provenance(recipe, extra_hashes=None):
    """CONVERSION.json's content: the recipe, plus the hashes of files outside the catalogue."""
    return {**recipe, EXTRA_FILES: dict(sorted(extra_hashes.items()))} if extra_hashes else recipe


def file_hashes(folder, paths):
    return {p: sha256_file(Path(folder) / p) for p in paths}


def verify(folder, recipe):
    """None if `folder` holds a finished build of `recipe` whose files all match the catalogue,
    else the reason it does not (used to decide whether to rebuild)."""
    folder = Path(folder)
    try:
        provenance = json.loads((folder / PROVENANCE_FILE).read_text('utf-8'))
        catalog = json.loads((folder / CATALOG_FILE).read_text('utf-8'))
    except FileNotFoundError as e:
        return f'{Path(e.filename).name} is missing'
    except json.JSONDecodeError as e:
        return f'a JSON file is damaged ({e})'
    extra = provenance.pop(EXTRA_FILES, {})
    if provenance != recipe:
        return 'it was built from other inputs or by another converter version'
    for path, sha256 in extra.items():
        if not (folder / path).exists():
            return f'{path} is missing'
        if sha256_file(folder / path) != sha256:
            return f'{path} does not match its SHA-256'
    for entry in catalog['models']:
        for f in entry['source']['files']:
            path = folder / f['path']
            if not path.exists():
                return f'{f["path"]} is missing'
            if path.stat().st_size != f['bytes']:
                return f'{f["path"]} has {path.stat().st_size} bytes, not {f["bytes"]}'
            if sha256_file(path) != f['sha256']:
                return f'{f["path"]} does not match its SHA-256'
    return None
