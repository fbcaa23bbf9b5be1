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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { caseReport, overallReport, type CaseRun, type CaseTimings, type EvalMode, type EvalReport, type ModelInfo } from '../../src/eval/report';
import { parseNote } from '../../src/notes/noteSchema';
import { startServer, FIXTURE_MODELS_DIR } from '../../scripts/serve.mjs';
import { ConsultationsPage } from '../e2e/pages/ConsultationsPage';
import type { ConsultationPage } from '../e2e/pages/ConsultationPage';
import { BrowserSession, REPO_ROOT } from '../support/chromium';
import { pollUntil } from '../support/poll';
import { readStoredTranscript } from '../support/stored-transcript';
import { caseAudio, type CaseAudio } from './caseAudio';
import { readCaseFolder, type FolderCase } from './caseFolder';
import { generateNote, installModel, readStored, recommendedModelName, storeTranscript, type NoteOutcome } from './evalApp';
import { pageNow, readWorkerCalls, summarizeWorkerCalls, WORKER_TIMING_SCRIPT } from './workerTiming';

export interface EvalOptions {
  casesDir: string;
  mode: EvalMode;
  /** Note model, by catalogue id; by default the one «Modelos» recommends here. */
  noteModel?: string;
  /** Speech model for audio mode, by catalogue id; by default the recommended one. */
  speechModel?: string;
  /** Folder served at /models/ (catalog.json + files). */
  modelsDir: string;
  template: string;
  /** Only these cases, by name. */
  only?: string[];
  /** Longest wait for one note, from «Generar nota» (model loading included). */
  noteTimeoutSeconds: number;
  /** Audio mode: longest wait for the transcript after «Detener», per second of audio. */
  sttTimeoutPerAudioSecond: number;
  /** Longest wait for a model to download and verify. */
  installTimeoutSeconds: number;
  /** Longest wait for a page to load or a control to answer (a busy machine is slow, not broken). */
  uiTimeoutSeconds: number;
  wavCacheDir: string;
  log: (message: string) => void;
}

const STT_TIMEOUT_BASE_S = 120;
const UI_TIMEOUT_MS = 60_000;
const SAMPLE_RATE = 16_000;

interface CatalogEntry {
  id: string;
  name: string;
  task: 'speech' | 'llm';
}

function readCatalog(modelsDir: string): CatalogEntry[] {
  const file = join(modelsDir, 'catalog.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`No se pudo leer ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const models = (json as { models?: unknown }).models;
  if (!Array.isArray(models)) throw new Error(`${file} no tiene la lista «models».`);
  return models.filter(
    (m): m is CatalogEntry => typeof m?.id === 'string' && typeof m?.name === 'string' && (m?.task === 'speech' || m?.task === 'llm'),
  );
}

/** A model is a fixture when it comes from the repository's fixture folder or says it is one. */
function modelInfo(entry: CatalogEntry, modelsDir: string): ModelInfo {
  const fromFixtures = resolve(modelsDir) === resolve(FIXTURE_MODELS_DIR);
  return { id: entry.id, name: entry.name, fixture: fromFixtures || /fixture/.test(entry.id) || /\bde prueba\b/i.test(entry.name) };
}

function pick(catalog: readonly CatalogEntry[], id: string, task: CatalogEntry['task']): CatalogEntry {
  const entry = catalog.find((m) => m.id === id);
  if (!entry) throw new Error(`El catálogo no tiene el modelo «${id}». Hay: ${catalog.filter((m) => m.task === task).map((m) => m.id).join(', ')}.`);
  if (entry.task !== task) throw new Error(`«${id}» no es un modelo de ${task === 'llm' ? 'notas' : 'voz'}.`);
  return entry;
}

const NO_TIMINGS: CaseTimings = {
  noteSeconds: null,
  stopToNoteSeconds: null,
  transcriptCatchUpSeconds: null,
  noteModelLoadSeconds: null,
  outputTokens: null,
  tokensPerSecond: null,
  audioSeconds: null,
  realTimeFactor: null,
  speechEngineSeconds: null,
};

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

const HARNESS_FAILURE = 'La corrida falló';

/** A case that throws is reported as a case without a note; the next one still runs. */
async function guarded(folderCase: FolderCase, run: () => Promise<CaseRun>): Promise<CaseRun> {
  try {
    return await run();
  } catch (error) {
    return {
      evalCase: folderCase.evalCase,
      note: null,
      flags: [],
      answers: { valid: 0, total: 0 },
      segments: [],
      error: `${HARNESS_FAILURE}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      warnings: [],
      timings: NO_TIMINGS,
    };
  }
}

function summary(run: CaseRun): string {
  const t = run.timings;
  const seconds = t.stopToNoteSeconds ?? t.noteSeconds;
  return run.note ? `nota en ${seconds?.toFixed(1)} s` : `sin nota: ${run.error}`;
}

async function newConsultation(session: BrowserSession, baseUrl: string): Promise<ConsultationPage> {
  const consultations = await new ConsultationsPage(session.page, baseUrl).goto();
  return consultations.createConsultation();
}

async function runTextCase(session: BrowserSession, baseUrl: string, { evalCase }: FolderCase, options: EvalOptions): Promise<CaseRun> {
  const consultation = await newConsultation(session, baseUrl);
  await storeTranscript(consultation, evalCase.turns, UI_TIMEOUT_MS);
  const since = await pageNow(session.page);
  const outcome = await generateNote(consultation, options.template, options.noteTimeoutSeconds * 1000);
  return finish(session, consultation, outcome, since, {
    ...NO_TIMINGS,
    noteSeconds: (outcome.doneAt - outcome.clickedAt) / 1000,
  }, evalCase);
}

async function runAudioCase(
  session: BrowserSession,
  baseUrl: string,
  { evalCase }: FolderCase,
  audio: CaseAudio,
  options: EvalOptions,
): Promise<CaseRun> {
  const page = session.page;
  const consultation = await newConsultation(session, baseUrl);
  const since = await pageNow(page);
  const wanted = Math.ceil(audio.seconds * SAMPLE_RATE);
  await consultation.startRecording();
  // One pass of the looping file: silence at both ends makes any start point hold all the speech once.
  await pollUntil(() => readStoredTranscript(page, consultation.id), (t) => t.storedSamples >= wanted, {
    timeoutMs: (audio.seconds * 2 + 60) * 1000,
    intervalMs: 250,
    what: `${audio.seconds.toFixed(0)} s of recorded audio`,
  });
  const stoppedAt = Date.now();
  await consultation.stopRecording();
  const transcript = await pollUntil(
    () => readStoredTranscript(page, consultation.id),
    (t) => t.status === 'recorded' && t.transcribedSamples >= t.storedSamples,
    {
      timeoutMs: (STT_TIMEOUT_BASE_S + audio.seconds * options.sttTimeoutPerAudioSecond) * 1000,
      intervalMs: 250,
      what: 'the transcript to cover all the recorded audio',
    },
  );
  const caughtUpAt = Date.now();
  const recordedSeconds = transcript.storedSamples / SAMPLE_RATE;
  if (transcript.segments.length === 0) {
    return {
      evalCase,
      note: null,
      flags: [],
      answers: { valid: 0, total: 0 },
      segments: [],
      error: 'La transcripción quedó vacía: no hay nada para redactar.',
      warnings: [],
      timings: { ...NO_TIMINGS, audioSeconds: recordedSeconds, transcriptCatchUpSeconds: (caughtUpAt - stoppedAt) / 1000 },
    };
  }
  const outcome = await generateNote(consultation, options.template, options.noteTimeoutSeconds * 1000);
  return finish(session, consultation, outcome, since, {
    ...NO_TIMINGS,
    noteSeconds: (outcome.doneAt - outcome.clickedAt) / 1000,
    stopToNoteSeconds: (outcome.doneAt - stoppedAt) / 1000,
    transcriptCatchUpSeconds: (caughtUpAt - stoppedAt) / 1000,
    audioSeconds: recordedSeconds,
  }, evalCase);
}

/** An answer that is a note as written: JSON the note schema accepts (the app's own check, template aside). */
function isValidAnswer(text: string): boolean {
  try {
    return parseNote(JSON.parse(text)).ok;
  } catch {
    return false;
  }
}

/** Reads back what the app stored and timed, and turns it into the case's run. */
async function finish(
  session: BrowserSession,
  consultation: ConsultationPage,
  outcome: NoteOutcome,
  since: number,
  timings: CaseTimings,
  evalCase: CaseRun['evalCase'],
): Promise<CaseRun> {
  const page = session.page;
  const warnings: string[] = [];
  const stored = await readStored(page, consultation.id);
  const worker = summarizeWorkerCalls(await readWorkerCalls(page), since);
  const withWorker: CaseTimings = {
    ...timings,
    noteModelLoadSeconds: worker.noteModelLoadSeconds,
    outputTokens: worker.outputTokens,
    tokensPerSecond: worker.tokensPerSecond,
    speechEngineSeconds: worker.speechEngineSeconds,
    realTimeFactor: worker.speechEngineSeconds !== null && timings.audioSeconds ? worker.speechEngineSeconds / timings.audioSeconds : null,
  };
  let note = null;
  let error: string | undefined;
  if (outcome.kind !== 'stored') error = outcome.message;
  else if (!stored.note) error = 'La app dijo que guardó la nota, pero no está en la base.';
  else {
    const parsed = parseNote(stored.note.content);
    if (parsed.ok) note = parsed.note;
    else error = `La nota guardada no es válida: ${parsed.problems.slice(0, 3).join('; ')}`;
    const storedFlags = stored.note.grounding.filter((f) => f.level === 'revisar').length;
    const shownFlags = await consultation.noteReviewMarks.count();
    if (storedFlags !== shownFlags) warnings.push(`La base guarda ${storedFlags} marcas «Revisar» y la pantalla muestra ${shownFlags}.`);
  }
  return {
    evalCase,
    note,
    flags: stored.note?.grounding ?? [],
    answers: { valid: worker.answers.filter(isValidAnswer).length, total: worker.answers.length },
    segments: stored.segments,
    ...(error ? { error } : {}),
    warnings,
    timings: withWorker,
  };
}
