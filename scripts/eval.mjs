#!/usr/bin/env node
/**
 * `npm run eval`: Escriba's quality harness (test/eval/runEval.ts, scored by src/eval). Prints a
 * readable table and, as the last line of stdout, one JSON object; progress goes to stderr.
 *
 *   npm run eval -- --cases DIR [--mode text|audio] [--model ID] [options]
 *
 * The TypeScript is loaded through Vite's module loader, as the benchmarks do (bench-runner.mjs).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Uso: npm run eval -- [opciones]

  --cases DIR               carpeta de casos (NAME.txt + NAME.ref.json [+ NAME.wav]); por omisión models/eval/cases
  --mode text|audio         text: las líneas del caso como segmentos de transcripción; audio: el WAV por el
                            micrófono falso de Chromium y la transcripción en vivo (por omisión text)
  --model ID                modelo de notas (id del catálogo); por omisión el que recomienda «Modelos»
  --speech-model ID         modelo de voz para el modo audio; por omisión el recomendado
  --models-dir DIR          carpeta servida en /models/ (catalog.json + archivos); por omisión
                            test/fixtures/models (modelos de prueba: las cifras miden la plomería)
  --template ID             plantilla de la nota (por omisión consulta_general)
  --only A,B                solo esos casos
  --note-timeout S          espera máxima por nota, carga del modelo incluida (por omisión 900 s)
  --stt-timeout-factor X    modo audio: espera máxima de la transcripción tras «Detener», en segundos por
                            segundo de audio, más 120 s (por omisión 4)
  --install-timeout S       espera máxima para descargar y verificar un modelo (por omisión 3600 s)
  --ui-timeout S            espera máxima para que cargue una página o responda un control (por omisión 120 s)
  --wav-cache DIR           dónde guardar los WAV hechos con espeak-ng (por omisión node_modules/.cache/escriba-eval)
`;

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: 'models/eval/cases' },
      mode: { type: 'string', default: 'text' },
      model: { type: 'string' },
      'speech-model': { type: 'string' },
      'models-dir': { type: 'string', default: 'test/fixtures/models' },
      template: { type: 'string', default: 'consulta_general' },
      only: { type: 'string' },
      'note-timeout': { type: 'string', default: '900' },
      'stt-timeout-factor': { type: 'string', default: '4' },
      'install-timeout': { type: 'string', default: '3600' },
      'ui-timeout': { type: 'string', default: '120' },
      'wav-cache': { type: 'string', default: 'node_modules/.cache/escriba-eval' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stderr.write(HELP);
    process.exit(0);
  }
  if (values.mode !== 'text' && values.mode !== 'audio') throw new Error(`--mode debe ser text o audio, no «${values.mode}».`);
  const positive = (name) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} debe ser un número positivo, no «${values[name]}».`);
    return value;
  };
  const fromCwd = (path) => resolve(process.cwd(), path);
  return {
    casesDir: fromCwd(values.cases),
    mode: values.mode,
    ...(values.model ? { noteModel: values.model } : {}),
    ...(values['speech-model'] ? { speechModel: values['speech-model'] } : {}),
    modelsDir: fromCwd(values['models-dir']),
    template: values.template,
    ...(values.only ? { only: values.only.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
    noteTimeoutSeconds: positive('note-timeout'),
    sttTimeoutPerAudioSecond: positive('stt-timeout-factor'),
    installTimeoutSeconds: positive('install-timeout'),
    uiTimeoutSeconds: positive('ui-timeout'),
    wavCacheDir: fromCwd(values['wav-cache']),
    log: (message) => process.stderr.write(`${message}\n`),
  };
}

let exitCode = 0;
let vite;
try {
  const evalOptions = options();
  // Only Vite's module loader is needed (no dev server, no app plugins): the app itself is the build in dist/.
  vite = await createServer({
    root: repoRoot,
    configFile: false,
    logLevel: 'warn',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const [{ runEval }, { renderTable }] = await Promise.all([
    vite.ssrLoadModule('/test/eval/runEval.ts'),
    vite.ssrLoadModule('/src/eval/table.ts'),
  ]);
  const report = await runEval(evalOptions);
  process.stdout.write(`${renderTable(report)}\n`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  process.stderr.write(`npm run eval: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.stack && !/^No |^Ningún|^--/.test(error.message)) process.stderr.write(`${error.stack}\n`);
  exitCode = 1;
} finally {
  await vite?.close();
}
process.exit(exitCode);
