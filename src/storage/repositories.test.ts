import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageFullError } from '../shared/errors';
import { auditTrail } from './audit';
import { AudioRepository } from './audio';
import { EncounterRepository, durationMs } from './encounters';
import { recordingLockName, recoverInterruptedRecordings } from './recovery';
import { EscribaDatabase } from './schema';

let database: EscribaDatabase;
let encounters: EncounterRepository;
let audio: AudioRepository;

beforeEach(() => {
  database = new EscribaDatabase(`repo-test-${crypto.randomUUID()}`);
  encounters = new EncounterRepository(database);
  audio = new AudioRepository(database);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

function pcm(length: number, value = 1000): Int16Array {
  return new Int16Array(length).fill(value);
}

describe('EncounterRepository', () => {
  it('creates consultations with optional, trimmed details and lists newest first', async () => {
    const a = await encounters.create();
    await new Promise((r) => setTimeout(r, 2));
    const b = await encounters.create({ patientLabel: '  Juan P.  ', reason: ' control ' });
    expect(a).toMatchObject({ patientLabel: '', reason: '', status: 'new', storedSamples: 0 });
    expect(b).toMatchObject({ patientLabel: 'Juan P.', reason: 'control' });
    expect((await encounters.list()).map((e) => e.id)).toEqual([b.id, a.id]);
  });

  it('edits details later and writes both events to the audit log', async () => {
    const e = await encounters.create();
    await encounters.updateDetails(e.id, { patientLabel: 'María G.', reason: 'Tos' });
    expect(await encounters.get(e.id)).toMatchObject({ patientLabel: 'María G.', reason: 'Tos' });
    expect((await auditTrail(database, e.id)).map((a) => a.action)).toEqual(['encounter.created', 'encounter.updated']);
  });
});

describe('EncounterRepository.transition', () => {
  it('stores the status and its audit entry together', async () => {
    const e = await encounters.create();
    await encounters.transition(e.id, 'recording', 'recording.started', 'continued');
    expect((await encounters.get(e.id))?.status).toBe('recording');
    expect((await auditTrail(database, e.id)).at(-1)).toMatchObject({ action: 'recording.started', detail: 'continued' });
  });

  it('leaves the status unchanged when the audit entry cannot be written', async () => {
    const e = await encounters.create();
    const failingAdd = vi.spyOn(database.auditLog, 'add').mockRejectedValue(new Error('audit write failed'));
    await expect(encounters.transition(e.id, 'recording', 'recording.started')).rejects.toThrow();
    failingAdd.mockRestore();
    expect((await encounters.get(e.id))?.status).toBe('new');
    expect((await auditTrail(database, e.id)).map((a) => a.action)).toEqual(['encounter.created']);
  });
});

describe('AudioRepository', () => {
  it('numbers chunks and keeps the consultation duration equal to the stored audio', async () => {
    const e = await encounters.create();
    await audio.append(e.id, pcm(16_000));
    await audio.append(e.id, pcm(8_000, -5));
    const stored = await encounters.get(e.id);
    expect(stored).toMatchObject({ storedSamples: 24_000, nextChunkSeq: 2 });
    expect(durationMs(stored!)).toBe(1500);
    const chunks = [];
    for await (const c of audio.chunks(e.id, 1)) chunks.push(c);
    expect(chunks.map((c) => [c.seq, c.startSample, c.sampleCount])).toEqual([[0, 0, 16_000], [1, 16_000, 8_000]]);
    expect(new Int16Array(chunks[1]!.pcm)[0]).toBe(-5);
    expect(await audio.storedBytes(e.id)).toBe(48_000);
  });

  it('copies only the view it is given, not the whole underlying buffer', async () => {
    const e = await encounters.create();
    const big = new Int16Array(100).map((_, i) => i);
    await audio.append(e.id, big.subarray(10, 20));
    const [chunk] = await database.audioChunks.toArray();
    expect(Array.from(new Int16Array(chunk!.pcm))).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('turns a quota failure into StorageFullError and leaves the stored audio and duration untouched', async () => {
    const e = await encounters.create();
    await audio.append(e.id, pcm(16_000));
    const quota = new DOMException('quota', 'QuotaExceededError');
    const originalAdd = database.audioChunks.add.bind(database.audioChunks);
    database.audioChunks.add = () => Promise.reject(quota) as ReturnType<typeof originalAdd>;
    await expect(audio.append(e.id, pcm(16_000))).rejects.toBeInstanceOf(StorageFullError);
    database.audioChunks.add = originalAdd;
    expect(await encounters.get(e.id)).toMatchObject({ storedSamples: 16_000, nextChunkSeq: 1 });
    expect(await database.audioChunks.count()).toBe(1);
    expect((await auditTrail(database, e.id)).at(-1)).toMatchObject({ action: 'recording.failed', detail: 'quota' });
  });
});

describe('recoverInterruptedRecordings', () => {
  it('marks recording or paused consultations without a live lock as interrupted, and leaves the rest', async () => {
    const dead = await encounters.create();
    const live = await encounters.create();
    const pausedDead = await encounters.create();
    const done = await encounters.create();
    await encounters.setStatus(dead.id, 'recording');
    await encounters.setStatus(live.id, 'recording');
    await encounters.setStatus(pausedDead.id, 'paused');
    await encounters.setStatus(done.id, 'recorded');
    await audio.append(dead.id, pcm(3_200));

    const recovered = await recoverInterruptedRecordings(database, new Set([recordingLockName(live.id)]));

    expect(recovered.sort()).toEqual([dead.id, pausedDead.id].sort());
    expect((await encounters.get(dead.id))?.status).toBe('interrupted');
    expect((await encounters.get(dead.id))?.storedSamples).toBe(3_200);
    expect((await encounters.get(live.id))?.status).toBe('recording');
    expect((await encounters.get(done.id))?.status).toBe('recorded');
    expect((await auditTrail(database, dead.id)).at(-1)?.action).toBe('recording.interrupted');
  });
});
