"""Reads a CTranslate2 `model.bin` (binary format v6) into numpy arrays, with no CTranslate2 import.

The converter needs the raw weights, not a running model, and parsing the file ourselves lets a
truncated or mis-joined download fail with a sentence saying where it ends instead of a C++ error.

Layout (little-endian; CTranslate2 `src/models/model.cc`, `save_model` in `python/ctranslate2/specs`):
  u32 version, str spec name, u32 spec revision, u32 variable count,
  per variable: str name, u8 rank, u32 dims[rank], u8 dtype, u32 byte count, bytes,
  u32 alias count, per alias: str alias, str target.
Strings are u16 length (including a trailing NUL) followed by the bytes.
"""

import struct
from dataclasses import dataclass, field

import numpy as np

SUPPORTED_VERSIONS = (5, 6)
# CTranslate2's DataType enum order.
DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
_NAMES = {0: 'float32', 1: 'int8', 2: 'int16', 3: 'int32', 4: 'float16', 5: 'bfloat16', 6: 'float8'}


class Ct2FormatError(ValueError):
    """The file is not a complete CTranslate2 model this reader understands."""


@dataclass
class Ct2Model:
    spec: str
    revision: int
    variables: dict = field(default_factory=dict)  # name -> np.ndarray (a view on the file bytes)
    aliases: dict = field(default_factory=dict)  # alias name -> variable name

    def get(self, name):
        return self.variables[self.aliases.get(name, name)]

    def scalar(self, name, default=None):
        return self.get(name).item() if name in self.variables or name in self.aliases else default


class _Reader:
    def __init__(self, data):
        self.data, self.pos = memoryview(data), 0

    def take(self, n, what):
        if self.pos + n > len(self.data):
            raise Ct2FormatError(f'the file ends at byte {len(self.data)} inside {what} (needs {self.pos + n}); '
                                 'it is truncated or its parts were joined in the wrong order')
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self, what):
        return self.take(1, what)[0]

    def u16(self, what):
        return struct.unpack('<H', self.take(2, what))[0]

    def u32(self, what):
        return struct.unpack('<I', self.take(4, what))[0]

    def string(self, what):
        raw = bytes(self.take(self.u16(what), what))
        return raw.rstrip(b'\0').decode('utf-8')


def parse(data):
    """Parses model.bin bytes (bytes, bytearray or mmap). Arrays are read-only views on `data`."""
    r = _Reader(data)
    version = r.u32('the header')
    if version not in SUPPORTED_VERSIONS:
        raise Ct2FormatError(f'binary format version {version} is not one of {SUPPORTED_VERSIONS}: not a CTranslate2 model.bin?')
    model = Ct2Model(spec=r.string('the spec name'), revision=r.u32('the spec revision'))
    count = r.u32('the variable count')
    for _ in range(count):
        name = r.string('a variable name')
        rank = r.u8(name)
        shape = struct.unpack(f'<{rank}I', r.take(4 * rank, name))
        code = r.u8(name)
        if code not in DTYPES:
            raise Ct2FormatError(f'{name} is {_NAMES.get(code, code)}, which this converter does not read')
        nbytes = r.u32(name)
        dtype = np.dtype(DTYPES[code])
        expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if nbytes != expected:
            raise Ct2FormatError(f'{name}: {nbytes} bytes for shape {shape} {dtype.name} (expected {expected})')
        payload = r.take(nbytes, name)
        model.variables[name] = np.frombuffer(payload, dtype=dtype).reshape(shape)
    if version >= 5:
        for _ in range(r.u32('the alias count')):
            alias = r.string('an alias')
            model.aliases[alias] = r.string('an alias target')
    if r.pos != len(r.data):
        raise Ct2FormatError(f'{len(r.data) - r.pos} unexpected bytes after the last record')
    return model


def write(model, version=6):
    """Serialises a Ct2Model (used by tests to build tiny models in the real layout)."""
    codes = {np.dtype(v): k for k, v in DTYPES.items()}

    def string(s):
        raw = s.encode('utf-8') + b'\0'
        return struct.pack('<H', len(raw)) + raw

    out = [struct.pack('<I', version), string(model.spec), struct.pack('<I', model.revision),
           struct.pack('<I', len(model.variables))]
    for name, array in model.variables.items():
        array = np.ascontiguousarray(array)
        out += [string(name), struct.pack('<B', array.ndim), struct.pack(f'<{array.ndim}I', *array.shape),
                struct.pack('<B', codes[array.dtype]), struct.pack('<I', array.nbytes), array.tobytes()]
    out.append(struct.pack('<I', len(model.aliases)))
    for alias, target in model.aliases.items():
        out += [string(alias), string(target)]
    return b''.join(out)
