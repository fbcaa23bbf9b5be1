/**
 * The transcription loop when a consultation is deleted under it (from another tab, which cannot
 * know this one is transcribing it): it must drop that work quietly and go on with the queue, not
 * stop with an error. Real (fake-indexeddb) storage; the speech engine is the only fake.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { concat, silence, speechLike } from '../audio/segmenter.testkit';
import { floatToInt16 } from '../audio/format';
import type { TransformersJsModel } from '../model-manager/catalogSchema';
import type { SpeechEngine, SpeechStatus } from '../speech/speechEngine';
import { createTranscriberStore } from '../speech/transcriberStore';
import { AudioRepository } from '../storage/audio';
import { deleteEncounter } from '../storage/deletion';
import { EncounterRepository } from '../storage/encounters';
import { EscribaDatabase } from '../storage/schema';
import { runTranscriptionService } from './transcriptionService';

let database: EscribaDatabase;

beforeEach(() => {
  database = new EscribaDatabase(`service-test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

async function recorded(label: string): Promise<string> {
  const encounters = new EncounterRepository(database);
  const audio = new AudioRepository(database);
  const e = await encounters.create({ patientLabel: label });
  const samples = concat([silence(1), speechLike(2, { seed: label.length }), silence(1.5)]);
  for (let i = 0; i < samples.length; i += 16_000) await audio.append(e.id, floatToInt16(samples.subarray(i, i + 16_000)));
  await encounters.setStatus(e.id, 'recorded');
  return e.id;
}

function engineThat(onTranscribe: () => Promise<void>): SpeechEngine {
  const status: SpeechStatus = { phase: 'ready', files: [], device: 'wasm', modelId: 'fake-whisper' };
  return {
    load: async () => status,
    async transcribe() {
      await onTranscribe();
      return { text: 'Frase.', device: 'wasm' };
    },
    getStatus: () => status,
    subscribe: () => () => undefined,
    dispose: async () => undefined,
  };
}

describe('runTranscriptionService', () => {
  it('goes on with the next consultation when the one it transcribes is deleted meanwhile', { timeout: 20_000 }, async () => {
    const kept = await recorded('Juan');
    const doomed = await recorded('María'); // changed last: transcribed first
    let calls = 0;
    const engine = engineThat(async () => {
      if (++calls === 1) await deleteEncounter(database, doomed, new Set());
    });
    const failed = vi.fn();
    const active: (string | null)[] = [];
    const controller = new AbortController();
    const model = { model: { id: 'fake-whisper' } as TransformersJsModel, device: 'wasm' as const };
    const running = runTranscriptionService(database, createTranscriberStore(database), engine, model, { active: (id) => active.push(id), failed }, controller.signal);

    await vi.waitFor(async () => expect((await database.encounters.get(kept))?.transcribedSamples).toBe(72_000), { timeout: 10_000 });
    controller.abort();
    await running;
    expect(failed).not.toHaveBeenCalled();
    expect(active.filter((id) => id !== null)).toEqual([doomed, kept]);
    expect(await database.segments.where('encounterId').equals(doomed).count()).toBe(0);
    expect(await database.segments.where('encounterId').equals(kept).count()).toBe(1);
  });
});
