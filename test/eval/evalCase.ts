/**
 * One case in the browser: a new consultation, its transcript (stored, or recorded and transcribed
 * live), «Generar nota», and what the app stored and timed, read back as the case's run.
 */
import type { CaseRun, CaseTimings } from '../../src/eval/report';
import { parseNote } from '../../src/notes/noteSchema';
import { ConsultationsPage } from '../e2e/pages/ConsultationsPage';
import type { ConsultationPage } from '../e2e/pages/ConsultationPage';
import type { BrowserSession } from '../support/chromium';
import { pollUntil } from '../support/poll';
import { readStoredTranscript } from '../support/stored-transcript';
import type { CaseAudio } from './caseAudio';
import type { FolderCase } from './caseFolder';
import type { EvalOptions } from './evalOptions';
import { generateNote, readStored, storeTranscript, type NoteOutcome } from './evalApp';
import { pageNow, readWorkerCalls, summarizeWorkerCalls } from './workerTiming';

const STT_TIMEOUT_BASE_S = 120;
const UI_TIMEOUT_MS = 60_000;
const SAMPLE_RATE = 16_000;

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

/** How a case that threw is reported: the harness, not the app, failed. */
export const HARNESS_FAILURE = 'La corrida falló';

/** A case that throws is reported as a case without a note; the next one still runs. */
export async function guarded(folderCase: FolderCase, run: () => Promise<CaseRun>): Promise<CaseRun> {
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


export function summary(run: CaseRun): string {
  const t = run.timings;
  const seconds = t.stopToNoteSeconds ?? t.noteSeconds;
  return run.note ? `nota en ${seconds?.toFixed(1)} s` : `sin nota: ${run.error}`;
}

async function newConsultation(session: BrowserSession, baseUrl: string): Promise<ConsultationPage> {
  const consultations = await new ConsultationsPage(session.page, baseUrl).goto();
  return consultations.createConsultation();
}

export async function runTextCase(session: BrowserSession, baseUrl: string, { evalCase }: FolderCase, options: EvalOptions): Promise<CaseRun> {
  const consultation = await newConsultation(session, baseUrl);
  await storeTranscript(consultation, evalCase.turns, UI_TIMEOUT_MS);
  const since = await pageNow(session.page);
  const outcome = await generateNote(consultation, options.template, options.noteTimeoutSeconds * 1000);
  return finish(session, consultation, outcome, since, {
    ...NO_TIMINGS,
    noteSeconds: (outcome.doneAt - outcome.clickedAt) / 1000,
  }, evalCase);
}

export async function runAudioCase(
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
