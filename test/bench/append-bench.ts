/**
 * Browser side of the storage benchmark, served by a Vite dev server: appends `?seconds=N` chunks
 * of one second of 16 kHz int16 audio through the app's real storage path (AudioRepository.append,
 * one Dexie transaction per chunk, exactly as the recorder does), as fast as they are accepted, and
 * writes the timings as JSON into #result with `data-done` set.
 */
import { AUDIO_SAMPLE_RATE_HZ } from '../../src/audio/format';
import { audio, encounters } from '../../src/storage';

const CHUNK_SECONDS = 1;

export interface AppendBenchResult {
  chunks: number;
  chunkSeconds: number;
  audioSeconds: number;
  totalMs: number;
  perChunkMs: { p50: number; p95: number; p99: number; max: number };
  /** Audio seconds persisted per wall-clock second; the recorder needs ≥ 1. */
  realTimeFactor: number;
  storedSamples: number;
  expectedSamples: number;
}

/** Speech-like noise (not zeros, not a repeating pattern) so storage cannot compress it away. */
function makeChunk(seed: number): Int16Array {
  const chunk = new Int16Array(AUDIO_SAMPLE_RATE_HZ * CHUNK_SECONDS);
  let state = seed * 2654435761 || 1;
  for (let i = 0; i < chunk.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    chunk[i] = (state % 4000) | 0;
  }
  return chunk;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(seconds: number): Promise<AppendBenchResult> {
  const chunks = Math.round(seconds / CHUNK_SECONDS);
  const encounter = await encounters.create({ patientLabel: 'Banco de pruebas', reason: 'Benchmark' });
  // A handful of distinct chunks, generated before timing starts: the loop measures storage only.
  const pool = Array.from({ length: 16 }, (_, i) => makeChunk(i + 1));
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < chunks; i++) {
    const t0 = performance.now();
    await audio.append(encounter.id, pool[i % pool.length]!);
    durations.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  const stored = await encounters.get(encounter.id);
  durations.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    chunks,
    chunkSeconds: CHUNK_SECONDS,
    audioSeconds: chunks * CHUNK_SECONDS,
    totalMs: Math.round(totalMs),
    perChunkMs: {
      p50: round(percentile(durations, 50)),
      p95: round(percentile(durations, 95)),
      p99: round(percentile(durations, 99)),
      max: round(durations[durations.length - 1] ?? 0),
    },
    realTimeFactor: round((chunks * CHUNK_SECONDS * 1000) / totalMs),
    storedSamples: stored?.storedSamples ?? 0,
    expectedSamples: chunks * CHUNK_SECONDS * AUDIO_SAMPLE_RATE_HZ,
  };
}

const output = document.getElementById('result')!;
const seconds = Number(new URLSearchParams(location.search).get('seconds') ?? 3600);
run(seconds).then(
  (result) => {
    output.textContent = JSON.stringify(result);
    output.dataset.done = 'ok';
  },
  (error: unknown) => {
    output.textContent = JSON.stringify({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    output.dataset.done = 'error';
  },
);
