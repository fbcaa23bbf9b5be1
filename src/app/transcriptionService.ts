/**
 * The app's one transcription loop, outside React: it finds consultations with audio past their
 * transcription cursor (a live recording first), loads the speech model as soon as one is installed, and
 * runs the transcriber on one consultation at a time. Only one tab transcribes (a Web Lock);
 * the others see the segments appear through the database.
 */
import { liveQuery } from 'dexie';
import type { TransformersJsModel } from '../model-manager/catalogSchema';
import { TranscriptionCancelledError } from '../shared/errors';
import type { SpeechDevice, SpeechEngine } from '../speech/speechEngine';
import { needsTranscription, transcribeEncounter } from '../speech/transcriber';
import type { TranscriberStore } from '../speech/transcriber';
import type { EscribaDatabase } from '../storage/schema';
import type { Encounter } from '../storage/types';

export const TRANSCRIBER_LOCK = 'escriba-transcriber';

export interface ServiceModel {
  model: TransformersJsModel;
  device: SpeechDevice;
}

export interface ServiceEvents {
  active(encounterId: string | null): void;
  failed(error: unknown): void;
}

/** Recording first (the doctor is watching it), then the most recently changed. */
export function nextToTranscribe(encounters: readonly Encounter[]): string | null {
  const pending = encounters.filter(needsTranscription);
  pending.sort((a, b) => Number(b.status === 'recording') - Number(a.status === 'recording') || b.updatedAt - a.updatedAt);
  return pending[0]?.id ?? null;
}

/**
 * Runs until `signal` aborts or a consultation fails to transcribe (reported through `failed`;
 * the cursor in storage means a later run resumes where this one stopped).
 */
export async function runTranscriptionService(
  database: EscribaDatabase,
  store: TranscriberStore,
  engine: SpeechEngine,
  model: ServiceModel,
  events: ServiceEvents,
  signal: AbortSignal,
): Promise<void> {
  try {
    // Loaded (and warmed up) before any work arrives: the first utterance of a recording must not
    // wait for the model, which on a busy computer can take longer than the utterance itself.
    await engine.load({ model: model.model, device: model.device });
    while (!signal.aborted) {
      const id = await workAppears(database, signal);
      if (id === null) return;
      events.active(id);
      try {
        await transcribeEncounter(
          id,
          store,
          { engine, modelId: model.model.id, device: () => engine.getStatus().device ?? model.device },
          signal,
        );
      } catch (error) {
        // Deleted meanwhile (from another tab, which cannot see this one is transcribing it):
        // nothing is left to transcribe or to report; the queue goes on with the next one.
        if (signal.aborted || (await database.encounters.get(id)) !== undefined) throw error;
      }
      events.active(null);
    }
  } catch (error) {
    events.active(null);
    if (!signal.aborted || !(error instanceof TranscriptionCancelledError)) events.failed(error);
  }
}

/**
 * The next consultation to transcribe, as soon as there is one (a write from any tab wakes the
 * live query); null on abort.
 */
function workAppears(database: EscribaDatabase, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const subscription = liveQuery(() => database.encounters.toArray()).subscribe({
      next: (encounters) => {
        const id = nextToTranscribe(encounters);
        if (id !== null) done(id);
      },
      error: (error: unknown) => {
        done(null);
        reject(error);
      },
    });
    const done = (id: string | null) => {
      subscription.unsubscribe();
      signal.removeEventListener('abort', aborted);
      resolve(id);
    };
    const aborted = () => done(null);
    signal.addEventListener('abort', aborted);
  });
}
