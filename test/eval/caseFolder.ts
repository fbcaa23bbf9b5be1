/**
 * Reads a folder of evaluation cases (format: models/eval/README.md): every `NAME.txt` with its
 * `NAME.ref.json`, and `NAME.wav` when there is one. A case whose files are missing or broken is
 * returned as an error naming the file and the field; the others are read normally.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase, type EvalCase } from '../../src/eval/caseFile';
import type { CaseFileError } from '../../src/eval/report';

export interface FolderCase {
  evalCase: EvalCase;
  /** The case's own recording, when the folder has one. */
  wavPath: string | null;
}

export interface CaseFolder {
  cases: FolderCase[];
  errors: CaseFileError[];
}

const TEXT = '.txt';
const REFERENCE = '.ref.json';

/** The cases in `dir`, by name; `only` keeps those names (an unknown name is an error). */
export function readCaseFolder(dir: string, only?: readonly string[]): CaseFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`No existe la carpeta de casos ${dir}.`);
  const files = new Set(readdirSync(dir));
  const names = new Set<string>();
  for (const file of files) {
    if (file.endsWith(REFERENCE)) names.add(file.slice(0, -REFERENCE.length));
    else if (file.endsWith(TEXT)) names.add(file.slice(0, -TEXT.length));
  }
  const wanted = only && only.length > 0 ? only : [...names].sort();
  const cases: FolderCase[] = [];
  const errors: CaseFileError[] = [];
  for (const name of wanted) {
    const textFile = `${name}${TEXT}`;
    const referenceFile = `${name}${REFERENCE}`;
    const missing = [textFile, referenceFile].filter((f) => !files.has(f));
    if (missing.length > 0) {
      errors.push({ case: name, problems: missing.map((f) => `${f}: falta el archivo (cada caso lleva ${name}${TEXT} y ${name}${REFERENCE}).`) });
      continue;
    }
    const parsed = parseCase(name, {
      text: readFileSync(join(dir, textFile), 'utf8'),
      textFile,
      reference: readFileSync(join(dir, referenceFile), 'utf8'),
      referenceFile,
    });
    if (!parsed.ok) {
      errors.push({ case: name, problems: parsed.problems });
      continue;
    }
    const wav = `${name}.wav`;
    cases.push({ evalCase: parsed.case, wavPath: files.has(wav) ? join(dir, wav) : null });
  }
  return { cases, errors };
}
