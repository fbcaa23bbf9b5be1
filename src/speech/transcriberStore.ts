/** The transcriber's view of Escriba's database: repositories plus a live watch on one consultation. */
import { liveQuery } from 'dexie';
import { AudioRepository } from '../storage/audio';
import { PREFERRED_TEMPLATE_SETTING } from '../storage/settings';
import type { EscribaDatabase } from '../storage/schema';
import { TranscriptRepository } from '../storage/transcript';
import type { EncounterSnapshot, TranscriberStore } from './transcriber';

export function createTranscriberStore(database: EscribaDatabase): TranscriberStore {
  const audio = new AudioRepository(database);
  const transcript = new TranscriptRepository(database);
  return {
    encounter: (id) => database.encounters.get(id),
    readSamples: (id, from, max) => audio.readSamples(id, from, max),
    commit: (id, result) => transcript.commit(id, result),
    skipTo: (id, sample) => transcript.skipTo(id, sample),
    async textBefore(id, sample) {
      const before = await database.segments
        .where('[encounterId+startMs]')
        .between([id, -Infinity], [id, Infinity])
        .filter((s) => s.endSample <= sample)
        .last();
      return before?.text;
    },
    async preferredTemplateId() {
      const stored = (await database.settings.get(PREFERRED_TEMPLATE_SETTING))?.value;
      return typeof stored === 'string' ? stored : undefined;
    },
    changed: (id, since, signal) => changedSince(database, id, since, signal),
  };
}

/** Dexie's live queries also see writes from other tabs (the recording may happen in another one). */
function changedSince(database: EscribaDatabase, id: string, since: EncounterSnapshot, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const differs = (now: EncounterSnapshot | undefined) =>
      !now || now.status !== since.status || now.storedSamples !== since.storedSamples;
    const subscription = liveQuery(() => database.encounters.get(id)).subscribe({
      next: (now) => differs(now) && done(),
      error: () => done(),
    });
    const done = () => {
      subscription.unsubscribe();
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
  });
}
