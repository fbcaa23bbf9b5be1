/**
 * Transcribes one consultation from its stored audio: the same path for a live recording, an
 * imported file and a queue resumed after a reload.
 *
 * Audio is read from IndexedDB past the consultation's transcription cursor, cut into utterances
 * by the segmenter, and each utterance goes to the speech engine; its text (after the
 * hallucination guards) and the cursor past it are committed together. Nothing lives only in
 * memory: after a reload the cursor says where to go on, so no segment is lost or stored twice.
 *
 * The queue is bounded because it is pulled: more audio is read only when every utterance cut so
 * far has been transcribed, so memory is the segmenter's window plus at most a couple of
 * utterances, whatever the recording's length, and a slow engine falls behind on disk, not in RAM.
 * While the consultation records, new audio wakes the loop; once it stops, the segmenter is
 * flushed so the last utterance is transcribed too, and the loop ends. When it is behind (import,
 * backlog, resume), consecutive utterances are packed into one Whisper window (utterancePacking.ts).
 */
import { isNearSilent, UtteranceSegmenter, type Utterance } from '../audio/segmenter';
import { AUDIO_SAMPLE_RATE_HZ } from '../audio/format';
import type { Encounter, TranscriptSegment, UtteranceResult } from '../storage';
import { acceptTranscription } from './hallucination';
import { buildPromptText, glossaryPrompt } from './promptText';
import { canPack, pack, startingAt } from './utterancePacking';
import type { SpeechEngine } from './speechEngine';


/** Stored audio read per step: large enough to amortise the read, small enough to stay live. */
export const READ_BLOCK_SAMPLES = 10 * AUDIO_SAMPLE_RATE_HZ;

export type EncounterSnapshot = Pick<Encounter, 'id' | 'status' | 'storedSamples' | 'transcribedSamples' | 'reason'>;

export interface TranscriberStore {
  encounter(id: string): Promise<EncounterSnapshot | undefined>;
  readSamples(id: string, from: number, maxSamples: number): Promise<Float32Array>;
  commit(id: string, result: UtteranceResult): Promise<TranscriptSegment | null>;
  skipTo(id: string, sample: number): Promise<void>;
  /** Text of the last segment that ends at or before `sample`. */
  textBefore(id: string, sample: number): Promise<string | undefined>;
  /** The note template the doctor last used, whose specialty words bias the prompt. */
  preferredTemplateId(): Promise<string | undefined>;
  /** Resolves when the consultation's stored row changes (more audio, a new status), or on abort. */
  changed(id: string, since: EncounterSnapshot, signal: AbortSignal): Promise<void>;
}

export interface TranscriberModel {
  engine: Pick<SpeechEngine, 'transcribe'>;
  modelId: string;
  /** The device in use now (it may change if the GPU is lost). */
  device(): string;
}

/** Audio is still arriving: the end of what is stored is not the end of the speech. */
export function isCapturing(status: Encounter['status']): boolean {
  return status === 'recording' || status === 'importing';
}

/** Something is left to transcribe: audio past the cursor, or a recording that is still going. */
export function needsTranscription(encounter: EncounterSnapshot): boolean {
  if (encounter.status === 'importing') return false;
  return encounter.status === 'recording' || encounter.storedSamples > (encounter.transcribedSamples ?? 0);
}

export async function transcribeEncounter(
  id: string,
  store: TranscriberStore,
  model: TranscriberModel,
  signal: AbortSignal,
): Promise<void> {
  let snapshot = await store.encounter(id);
  if (!snapshot) return;
  const cursor = snapshot.transcribedSamples ?? 0;
  // The segmenter hears the consultation again from its first sample, so at the cursor it is in
  // exactly the state an uninterrupted run had there (it cuts the same utterances whatever the
  // block size): the utterances after the cursor are the ones that run would have made, with no
  // gap at the seam. A segmenter started at the cursor would begin with no noise floor and in
  // the middle of an utterance the first run had open. Only what ends past the cursor is sent
  // (take). Replaying is cheap: the segmenter runs some 5000× faster than real time.
  let fed = 0;
  let previousText = await store.textBefore(id, cursor);
  const templateId = await store.preferredTemplateId();
  const segmenter = new UtteranceSegmenter();
  const queue: Utterance[] = [];

  const transcribe = async (utterance: Utterance, reason: string) => {
    if (isNearSilent(utterance)) {
      await store.commit(id, { startSample: utterance.startSample, endSample: utterance.endSample, text: null });
      return;
    }
    const prompt = buildPromptText({ previousText, reason, templateId });
    const { text } = await model.engine.transcribe(utterance.samples, { prompt, signal });
    const accepted = acceptTranscription(text, utterance, glossaryPrompt({ reason, templateId }));
    const stored = await store.commit(id, {
      startSample: utterance.startSample,
      endSample: utterance.endSample,
      text: accepted,
      modelId: model.modelId,
      device: model.device(),
    });
    if (stored) previousText = stored.text;
  };

  /** An utterance held back to be packed with the next one (only while catching up). */
  let held: Utterance | undefined;
  const release = async () => {
    const utterance = held;
    held = undefined;
    if (utterance) await transcribe(utterance, snapshot?.reason ?? '');
  };
  const take = async (whole: Utterance) => {
    if (whole.endSample <= cursor) return;
    const utterance = startingAt(whole, cursor);
    if (isNearSilent(utterance)) {
      await release();
      await transcribe(utterance, snapshot?.reason ?? '');
    } else if (held && canPack(held, utterance)) {
      held = pack(held, await store.readSamples(id, held.endSample, utterance.startSample - held.endSample), utterance);
    } else {
      await release();
      held = utterance;
    }
  };

  while (!signal.aborted) {
    const next = queue.shift();
    if (next) {
      await take(next);
      continue;
    }
    snapshot = await store.encounter(id);
    if (!snapshot || snapshot.status === 'importing') return;
    if (fed < snapshot.storedSamples) {
      const block = await store.readSamples(id, fed, READ_BLOCK_SAMPLES);
      if (block.length === 0) throw new Error(`No se pudo leer el audio guardado desde la muestra ${fed}`);
      queue.push(...segmenter.push(block, fed));
      fed += block.length;
      continue;
    }
    // Caught up with what is stored: nothing more to pack with now, so the doctor sees it now.
    await release();
    if (isCapturing(snapshot.status)) {
      await store.changed(id, snapshot, signal);
      continue;
    }
    // The recording stopped (or paused): its last utterance is complete.
    queue.push(...segmenter.flush());
    while (!signal.aborted && queue.length > 0) await take(queue.shift()!);
    if (!signal.aborted) await release();
    if (!signal.aborted) await store.skipTo(id, fed);
    return;
  }
}
