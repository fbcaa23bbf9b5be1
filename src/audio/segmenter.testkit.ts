/**
 * Synthetic signals for the segmenter and VAD tests. "Speech" here is a harmonic voice (a gliding
 * f0 with ten harmonics plus a fricative noise share) under a syllable-rate envelope with short
 * word gaps: it has the energy pattern a VAD keys on, which is all an energy VAD can be tested
 * on, and it is deterministic (seeded).
 */
import { AUDIO_SAMPLE_RATE_HZ } from './format';
import { UtteranceSegmenter, type SegmenterOptions, type Utterance } from './segmenter';

export const SR = AUDIO_SAMPLE_RATE_HZ;
export const samplesOf = (seconds: number): number => Math.round(seconds * SR);

/** Small seeded PRNG (mulberry32): the same signal on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scaleToDbfs(signal: Float32Array, levelDbfs: number): Float32Array {
  let sum = 0;
  for (const s of signal) sum += s * s;
  const rms = Math.sqrt(sum / signal.length);
  const gain = rms > 0 ? 10 ** (levelDbfs / 20) / rms : 0;
  for (let i = 0; i < signal.length; i++) signal[i] = (signal[i] ?? 0) * gain;
  return signal;
}

export interface SpeechOptions {
  readonly seed?: number;
  /** RMS over the whole burst, gaps included. */
  readonly levelDbfs?: number;
  readonly f0Hz?: number;
}

export function speechLike(seconds: number, { seed = 1, levelDbfs = -22, f0Hz = 140 }: SpeechOptions = {}): Float32Array {
  const rand = prng(seed);
  const n = samplesOf(seconds);
  const envelope = new Float32Array(n);
  let i = 0;
  while (i < n) {
    const syllable = samplesOf(0.12 + 0.16 * rand());
    for (let k = 0; k < syllable && i < n; k++, i++) envelope[i] = Math.sin((Math.PI * k) / syllable) ** 0.7;
    // Word gaps well under a pause: they must be merged, never cut.
    if (rand() < 0.2) i += samplesOf(0.05 + 0.2 * rand());
  }
  const out = new Float32Array(n);
  let phase = 0;
  for (let j = 0; j < n; j++) {
    const t = j / SR;
    phase += (2 * Math.PI * f0Hz * (1 + 0.12 * Math.sin(2 * Math.PI * 0.7 * t))) / SR;
    let voiced = 0;
    for (let h = 1; h <= 10; h++) voiced += Math.sin(h * phase) / h;
    out[j] = (envelope[j] ?? 0) * (voiced + 0.3 * (2 * rand() - 1));
  }
  return scaleToDbfs(out, levelDbfs);
}

export function whiteNoise(seconds: number, levelDbfs: number, seed = 7): Float32Array {
  const rand = prng(seed);
  const out = new Float32Array(samplesOf(seconds));
  for (let i = 0; i < out.length; i++) out[i] = 2 * rand() - 1;
  return scaleToDbfs(out, levelDbfs);
}

/** Air conditioning / fan: 50 Hz mains hum with harmonics over low-passed (rumbling) noise. */
export function fanNoise(seconds: number, levelDbfs: number, seed = 11): Float32Array {
  const rand = prng(seed);
  const out = new Float32Array(samplesOf(seconds));
  let lp = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / SR;
    lp = 0.95 * lp + 0.05 * (2 * rand() - 1);
    const hum = Math.sin(2 * Math.PI * 50 * t) + 0.5 * Math.sin(2 * Math.PI * 100 * t) + 0.3 * Math.sin(2 * Math.PI * 150 * t);
    out[i] = 0.2 * hum + 3 * lp + 0.05 * (2 * rand() - 1);
  }
  return scaleToDbfs(out, levelDbfs);
}

/** Low-frequency rumble (traffic, a compressor): its 20 ms frame power jitters by several dB. */
export function rumble(seconds: number, levelDbfs: number, seed = 5): Float32Array {
  const rand = prng(seed);
  const out = new Float32Array(samplesOf(seconds));
  let a = 0;
  let b = 0;
  for (let i = 0; i < out.length; i++) {
    a = 0.9 * a + 0.1 * (2 * rand() - 1);
    b = 0.9 * b + 0.1 * a;
    out[i] = a - 0.5 * b;
  }
  return scaleToDbfs(out, levelDbfs);
}

export const silence = (seconds: number): Float32Array => new Float32Array(samplesOf(seconds));

export function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Sum of `a` and `b` (the longer one sets the length). */
export function mix(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

export interface Run {
  readonly utterances: Utterance[];
  readonly maxBufferedSamples: number;
  readonly segmenter: UtteranceSegmenter;
}

/** Feed `signal` in blocks of `blockSize` starting at absolute `offset`, then flush. */
export function runSegmenter(
  signal: Float32Array,
  blockSize: number,
  { offset = 0, options = {} }: { offset?: number; options?: Partial<SegmenterOptions> } = {},
): Run {
  const segmenter = new UtteranceSegmenter(options);
  const utterances: Utterance[] = [];
  let maxBufferedSamples = 0;
  for (let at = 0; at < signal.length; at += blockSize) {
    utterances.push(...segmenter.push(signal.subarray(at, at + blockSize), offset + at));
    maxBufferedSamples = Math.max(maxBufferedSamples, segmenter.bufferedSamples);
  }
  utterances.push(...segmenter.flush());
  return { utterances, maxBufferedSamples, segmenter };
}

export const seconds = (samples: number): number => samples / SR;
