import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioDecodeError, StorageFullError, UnsupportedAudioFileError } from '../../shared/errors';
import { findAbandonedImports, importLockName } from '../../storage/recovery';
import { SAMPLES_PER_FLUSH } from '../format';
import { RecorderBench } from '../recorder.testkit';
import { planarSource, type AudioSource } from './audioSource';
import { importAudioFile, type ImportDependencies, type ImportProgress } from './importAudio';

let bench: RecorderBench;
let deps: ImportDependencies;

const file = (name = 'consulta.mp3') => new File([new Uint8Array(16)], name);
const seconds = (s: number, value = 0.25) => planarSource([new Float32Array(Math.round(s * SAMPLES_PER_FLUSH)).fill(value)]);

beforeEach(() => {
  bench = new RecorderBench();
  deps = { encounters: bench.encounters, audio: bench.audio, locks: bench.locks, open: async () => seconds(3.5) };
});

afterEach(async () => {
  await bench.delete();
});

async function allEncounters() {
  return bench.database.encounters.toArray();
}

describe('importAudioFile', () => {
  it('stores the audio as one-second chunks of a recorded consultation, reporting progress', async () => {
    const progress: ImportProgress[] = [];
    const result = await importAudioFile(file('visita.m4a'), deps, { signal: new AbortController().signal, onProgress: (p) => progress.push(p) });

    expect(result.outcome).toBe('imported');
    const id = result.outcome === 'imported' ? result.encounterId : '';
    expect(await bench.storedChunkSizes(id)).toEqual([SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH, SAMPLES_PER_FLUSH / 2]);
    expect(await bench.encounters.get(id)).toMatchObject({ status: 'recorded', storedSamples: 3.5 * SAMPLES_PER_FLUSH, importedFrom: 'visita.m4a' });
    expect(Array.from(new Int16Array((await bench.database.audioChunks.get([id, 0]))!.pcm).subarray(0, 2))).toEqual([8192, 8192]);
    expect(await bench.auditActions(id)).toEqual(['import.started', 'import.finished']);
    expect(progress[0]).toEqual({ phase: 'reading' });
    expect(progress.at(-1)).toEqual({ phase: 'storing', fraction: 1 });
    const fractions = progress.flatMap((p) => (p.phase === 'storing' ? [p.fraction] : []));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(bench.locks.held.size).toBe(0);
  });

  it('holds the import lock while storing, so another tab starting up leaves the import alone', async () => {
    let abandonedMidway: string[] | undefined;
    let lockedMidway = false;
    const source: AudioSource = {
      totalSamples: 2 * SAMPLES_PER_FLUSH,
      async *blocks() {
        yield new Float32Array(SAMPLES_PER_FLUSH);
        const [importing] = await bench.database.encounters.where('status').equals('importing').toArray();
        lockedMidway = bench.locks.held.has(importLockName(importing!.id));
        abandonedMidway = await findAbandonedImports(bench.database, bench.locks.held);
        yield new Float32Array(SAMPLES_PER_FLUSH);
      },
    };
    await importAudioFile(file(), { ...deps, open: async () => source }, { signal: new AbortController().signal });
    expect(lockedMidway).toBe(true);
    expect(abandonedMidway).toEqual([]);
  });

  it('refuses a file of another format before reading it', async () => {
    const open = vi.fn(deps.open);
    await expect(importAudioFile(file('informe.pdf'), { ...deps, open }, { signal: new AbortController().signal })).rejects.toThrow(UnsupportedAudioFileError);
    expect(open).not.toHaveBeenCalled();
    expect(await allEncounters()).toEqual([]);
  });

  it('creates no consultation when the file cannot be decoded or holds no audio', async () => {
    const undecodable = new AudioDecodeError('ruido.mp3', 'undecodable');
    const failing = { ...deps, open: () => Promise.reject(undecodable) };
    await expect(importAudioFile(file('ruido.mp3'), failing, { signal: new AbortController().signal })).rejects.toBe(undecodable);
    const empty = { ...deps, open: async () => planarSource([new Float32Array(0)]) };
    await expect(importAudioFile(file('vacio.wav'), empty, { signal: new AbortController().signal })).rejects.toMatchObject({
      name: 'AudioDecodeError',
      reason: 'empty',
    });
    expect(await allEncounters()).toEqual([]);
  });

  it('discards the half-stored consultation when the disk fills up, and says so with StorageFullError', async () => {
    const source: AudioSource = {
      totalSamples: 5 * SAMPLES_PER_FLUSH,
      async *blocks() {
        yield new Float32Array(2 * SAMPLES_PER_FLUSH);
        bench.audio.diskFull = true;
        yield new Float32Array(3 * SAMPLES_PER_FLUSH);
      },
    };
    await expect(importAudioFile(file(), { ...deps, open: async () => source }, { signal: new AbortController().signal })).rejects.toThrow(StorageFullError);
    expect(await allEncounters()).toEqual([]);
    expect(await bench.database.audioChunks.count()).toBe(0);
    const audit = await bench.database.auditLog.toArray();
    expect(audit.map((e) => e.action)).toEqual(['import.started', 'import.discarded']);
    expect(bench.locks.held.size).toBe(0);
  });

  it('cancels while storing: nothing stays, and the result says cancelled rather than failed', async () => {
    const controller = new AbortController();
    const onProgress = (p: ImportProgress) => p.phase === 'storing' && p.fraction >= 0.5 && controller.abort();
    const long = { ...deps, open: async () => seconds(20) };
    expect(await importAudioFile(file(), long, { signal: controller.signal, onProgress })).toEqual({ outcome: 'cancelled' });
    expect(await allEncounters()).toEqual([]);
    expect(await bench.database.audioChunks.count()).toBe(0);
    expect(bench.locks.held.size).toBe(0);
  });

  it('cancels while the file is still being decoded, before any consultation exists', async () => {
    const controller = new AbortController();
    const slowOpen = (_: File, signal: AbortSignal) =>
      new Promise<AudioSource>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    const importing = importAudioFile(file(), { ...deps, open: slowOpen }, { signal: controller.signal });
    controller.abort();
    expect(await importing).toEqual({ outcome: 'cancelled' });
    expect(await allEncounters()).toEqual([]);
  });

  it('releases the lock even when discarding fails, so the next start-up removes the import', async () => {
    const source: AudioSource = {
      totalSamples: SAMPLES_PER_FLUSH,
      async *blocks() {
        throw new Error('lectura fallida');
      },
    };
    const encounters = {
      createImport: bench.encounters.createImport.bind(bench.encounters),
      finishImport: vi.fn(),
      discardImport: vi.fn().mockRejectedValue(new Error('disco')),
    };
    await expect(importAudioFile(file(), { ...deps, encounters, open: async () => source }, { signal: new AbortController().signal })).rejects.toThrow('lectura fallida');
    expect(bench.locks.held.size).toBe(0);
    const [left] = await allEncounters();
    expect(await findAbandonedImports(bench.database, bench.locks.held)).toEqual([left!.id]);
  });
});
