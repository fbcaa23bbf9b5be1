/**
 * `npm run eval` (scripts/eval.mjs loads this through Vite): Escriba's own pipeline in Chromium
 * over a folder of Spanish consultations, scored against each case's reference (src/eval).
 *
 * The built app (dist/) is served with the model folder at /models/ (the clinic-server path); the
 * models are installed through «Modelos» into a profile that lives for the whole run, then, for
 * each case, a new consultation:
 *
 * - text mode: the case's lines, without their «M:»/«P:» labels, are stored as its transcript
 *   segments; one browser for all cases.
 * - audio mode: the case's recording plays through Chromium's fake microphone (a launch flag, so one
 *   browser per case, on the same profile) while the app records («Grabar» … «Detener») and
 *   transcribes live; the eval waits until the transcript covers all the audio.
 *
 * Then «Generar nota», and the stored note with its «Revisar» findings is read from IndexedDB.
 * Every wait is bounded by an option that scales with the model: a real model on WASM can take
 * minutes per note.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { caseReport, overallReport, type CaseRun, type EvalReport, type ModelInfo } from '../../src/eval/report';
import { startServer } from '../../scripts/serve.mjs';
import { BrowserSession, REPO_ROOT } from '../support/chromium';
import { caseAudio, type CaseAudio } from './caseAudio';
import { readCaseFolder } from './caseFolder';
import { modelInfo, pick, readCatalog, type CatalogEntry } from './evalCatalog';
import { guarded, HARNESS_FAILURE, runAudioCase, runTextCase, summary } from './evalCase';
import { installModel, recommendedModelName } from './evalApp';
import type { EvalOptions } from './evalOptions';
import { WORKER_TIMING_SCRIPT } from './workerTiming';

export type { EvalOptions } from './evalOptions';

export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  const { log } = options;
  const folder = readCaseFolder(options.casesDir, options.only);
  for (const error of folder.errors) for (const problem of error.problems) log(`Caso con errores, no se evalúa: ${problem}`);
  if (folder.cases.length === 0) throw new Error(`Ningún caso válido en ${options.casesDir}.`);

  const catalog = readCatalog(options.modelsDir);
  const audios = new Map<string, CaseAudio>();
  if (options.mode === 'audio') {
    for (const { evalCase, wavPath } of folder.cases) {
      log(`Audio de ${evalCase.name}${wavPath ? '' : ' (espeak-ng)'}…`);
      audios.set(evalCase.name, caseAudio(evalCase, wavPath, options.wavCacheDir));
    }
  }

  const server = await startServer({ port: 0, modelsDir: resolve(options.modelsDir) });
  const profile = mkdtempSync(join(tmpdir(), 'escriba-eval-profile-'));
  const networkViolations: string[] = [];
  const runs: CaseRun[] = [];
  let models: { speech: ModelInfo | null; note: ModelInfo } | undefined;

  const launch = async (audioFile?: string) => {
    const session = await BrowserSession.launch({
      origin: server.url,
      userDataDir: profile,
      initScripts: [WORKER_TIMING_SCRIPT],
      ...(audioFile ? { audioFile } : {}),
    });
    session.page.setDefaultTimeout(options.uiTimeoutSeconds * 1000);
    session.page.setDefaultNavigationTimeout(options.uiTimeoutSeconds * 1000);
    return session;
  };
  const close = async (session: BrowserSession) => {
    try {
      await session.close();
    } catch (error) {
      networkViolations.push(...session.blockedRequests);
      log(String(error));
    }
  };
  const install = async (session: BrowserSession) => {
    const page = session.page;
    const chosen = async (id: string | undefined, task: CatalogEntry['task']) => {
      if (id) return pick(catalog, id, task);
      const title = task === 'llm' ? 'Redacción de notas' : 'Transcripción';
      const names = catalog.filter((m) => m.task === task).map((m) => m.name);
      const name = await recommendedModelName(page, server.url, title, names);
      if (!name) throw new Error(`«Modelos» no recomienda ningún modelo de ${title.toLowerCase()} aquí: elija uno con --${task === 'llm' ? 'model' : 'speech-model'}.`);
      return catalog.find((m) => m.task === task && m.name === name)!;
    };
    const note = await chosen(options.noteModel, 'llm');
    const speech = options.mode === 'audio' ? await chosen(options.speechModel, 'speech') : null;
    for (const entry of [speech, note]) {
      if (!entry) continue;
      log(`Instalando ${entry.name} [${entry.id}] desde ${relative(REPO_ROOT, resolve(options.modelsDir)) || options.modelsDir}…`);
      await installModel(page, server.url, entry.name, options.installTimeoutSeconds * 1000);
    }
    models = { speech: speech && modelInfo(speech, options.modelsDir), note: modelInfo(note, options.modelsDir) };
  };

  try {
    if (options.mode === 'text') {
      let session = await launch();
      try {
        await install(session);
        for (const [index, folderCase] of folder.cases.entries()) {
          log(`[${index + 1}/${folder.cases.length}] ${folderCase.evalCase.name} (${folderCase.evalCase.turns.length} turnos)…`);
          const run = await guarded(folderCase, () => runTextCase(session, server.url, folderCase, options));
          runs.push(run);
          log(`  ${summary(run)}`);
          if (run.error?.startsWith(HARNESS_FAILURE)) {
            // The page may be anywhere after a failure: the next case gets a fresh browser on the same profile.
            await close(session);
            session = await launch();
          }
        }
      } finally {
        await close(session);
      }
    } else {
      for (const [index, folderCase] of folder.cases.entries()) {
        const audio = audios.get(folderCase.evalCase.name)!;
        log(`[${index + 1}/${folder.cases.length}] ${folderCase.evalCase.name} (${Math.round(audio.seconds)} s de audio)…`);
        const session = await launch(audio.path);
        try {
          if (!models) await install(session);
          runs.push(await guarded(folderCase, () => runAudioCase(session, server.url, folderCase, audio, options)));
          log(`  ${summary(runs.at(-1)!)}`);
        } finally {
          await close(session);
        }
      }
    }
  } finally {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  if (!models) throw new Error('No se llegó a instalar ningún modelo.');

  const cases = runs.map((run) => caseReport(run, options.mode));
  return {
    fixture: models.note.fixture || (models.speech?.fixture ?? false),
    models,
    mode: options.mode,
    template: options.template,
    casesDir: relative(REPO_ROOT, resolve(options.casesDir)) || options.casesDir,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    cases,
    caseErrors: folder.errors,
    networkViolations: [...new Set(networkViolations)],
    overall: overallReport(cases),
  };
}
