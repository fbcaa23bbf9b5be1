import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { framesToMono, readWavLayout } from './import/wav';
import {
  CUT_SEARCH_S,
  FLOOR_WARM_UP_S,
  IDLE_TRIM_SLACK_MS,
  MAX_UTTERANCE_S,
  MIN_PAUSE_MS,
  PAD_AFTER_MS,
  PAD_BEFORE_MS,
  SPEECH_ONSET_MS,
  UtteranceSegmenter,
  type Utterance,
} from './segmenter';
import { VAD_FRAME_SAMPLES } from './vad';
import {
  SR,
  concat,
  fanNoise,
  mix,
  rumble,
  runSegmenter,
  samplesOf,
  seconds,
  silence,
  speechLike,
  whiteNoise,
} from './segmenter.testkit';

interface Layout {
  readonly signal: Float32Array;
  /** Speech bursts as [start, end] in seconds. */
  readonly bursts: readonly (readonly [number, number])[];
}

/** Alternating silence and speech durations (seconds), starting with silence. */
function layout(durations: readonly number[]): Layout {
  const parts: Float32Array[] = [];
  const bursts: [number, number][] = [];
  let t = 0;
  durations.forEach((d, i) => {
    if (i % 2 === 0) parts.push(silence(d));
    else {
      parts.push(speechLike(d, { seed: i }));
      bursts.push([t, t + d]);
    }
    t += d;
  });
  return { signal: concat(parts), bursts };
}

function withBackground(signal: Float32Array, background: Float32Array | undefined): Float32Array {
  return background === undefined ? signal : mix(signal, background.subarray(0, signal.length));
}

const span = (u: Utterance): string => `${seconds(u.startSample).toFixed(2)}–${seconds(u.endSample).toFixed(2)} s`;

// Silences of 1.5, 0.3, 0.4, 1.0, 2.0 s: the 0.3 and 0.4 s gaps are shorter than a pause and
// must be merged; the others cut.
const BURSTS = layout([1, 2, 1.5, 3, 0.3, 1, 0.4, 1.2, 1.0, 0.5, 2, 1.5, 1]);
const EXPECTED_S: readonly (readonly [number, number])[] = [
  [1, 3],
  [4.5, 10.4],
  [11.4, 11.9],
  [13.9, 15.4],
];
/** Boundaries land on 20 ms frames; a syllable's soft onset or tail costs a frame or two more. */
const BOUNDARY_TOLERANCE_S = 0.08;
const CONTINUOUS_70_S = speechLike(70, { seed: 9 });

const BACKGROUNDS: readonly (readonly [string, Float32Array | undefined])[] = [
  ['digital silence', undefined],
  ['room tone at -70 dBFS', whiteNoise(80, -70)],
  ['fan (50 Hz hum + rumble) at -45 dBFS', fanNoise(80, -45)],
  ['white noise at -45 dBFS', whiteNoise(80, -45)],
  ['low rumble at -45 dBFS', rumble(80, -45)],
];

describe('UtteranceSegmenter', () => {
  describe.each(BACKGROUNDS)('over %s', (_name, background) => {
    it('cuts speech at pauses, merges short gaps, pads both ends', () => {
      const signal = withBackground(BURSTS.signal, background);
      const { utterances } = runSegmenter(signal, 1600);

      expect(utterances.map(span)).toHaveLength(EXPECTED_S.length);
      utterances.forEach((u, i) => {
        const [start, end] = EXPECTED_S[i] ?? [0, 0];
        expect(Math.abs(seconds(u.startSample) - (start - PAD_BEFORE_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
        expect(Math.abs(seconds(u.endSample) - (end + PAD_AFTER_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
        expect(u.end).toBe('pause');
        expect(firstDifference(u.samples, signal.subarray(u.startSample, u.endSample))).toBe(-1);
        expect(u.speechRatio).toBeGreaterThan(0.4);
        expect(u.speechRatio).toBeLessThanOrEqual(1);
      });
    });

    it('splits 70 s of continuous speech into ≤ 28 s pieces with no gap or overlap, cut where it is quiet', () => {
      const signal = withBackground(CONTINUOUS_70_S, background);
      const { utterances } = runSegmenter(signal, 1600);

      expect(utterances).toHaveLength(3);
      expect(utterances[0]?.startSample).toBe(0);
      expect(utterances.at(-1)?.endSample).toBe(signal.length);
      expect(utterances.map((u) => u.end)).toEqual(['max-length', 'max-length', 'flush']);
      for (const [i, u] of utterances.entries()) {
        expect(u.endSample - u.startSample).toBeLessThanOrEqual(MAX_UTTERANCE_S * SR);
        if (i > 0) expect(u.startSample).toBe(utterances[i - 1]?.endSample);
        if (u.end === 'max-length') {
          // Within the last few seconds, and at least 10 dB quieter there than the piece overall.
          expect(u.endSample - u.startSample).toBeGreaterThanOrEqual((MAX_UTTERANCE_S - CUT_SEARCH_S) * SR);
          const around = signal.subarray(u.endSample - samplesOf(0.03), u.endSample + samplesOf(0.03));
          expect(rmsDb(around)).toBeLessThan(rmsDb(u.samples) - 10);
        }
      }
    });
  });

  it.each([
    ['fan', fanNoise(60, -45)],
    ['white noise', whiteNoise(60, -45)],
    ['rumble', rumble(60, -35)],
  ])('finds no utterance in a minute of %s alone', (_name, noise) => {
    expect(runSegmenter(noise, 1600).utterances).toEqual([]);
  });

  it('absorbs a fan switched on mid-visit into the noise floor within a few seconds', () => {
    const noiseOn = 3;
    const signal = concat([
      whiteNoise(noiseOn, -70),
      mix(fanNoise(30, -45), concat([silence(15), speechLike(4, { seed: 3 })])),
    ]);
    const { utterances } = runSegmenter(signal, 1600);

    // The jump in level looks like speech until the floor's window has passed; then only the
    // speech on top of the fan is found.
    const [onset, speech, ...rest] = utterances;
    expect(rest).toEqual([]);
    expect(seconds(onset?.endSample ?? Infinity)).toBeLessThan(noiseOn + 3.5);
    expect(Math.abs(seconds(speech?.startSample ?? 0) - (noiseOn + 15 - PAD_BEFORE_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
  });

  describe('a stream that begins in the middle of speech', () => {
    it('keeps the speech already under way, wherever the looping fixture recording is entered', async () => {
      // Chromium's fake microphone loops consulta-es.wav and a recording starts wherever the loop
      // is. The first loud 50 ms must be inside the first utterance: before the floor warmed up,
      // entering mid-sentence lost up to 1.3 s, entering just after a word kept its tail outside.
      const speech = await fixtureSpeech();
      const looped = concat([speech, speech]);
      const lost: string[] = [];
      for (let at = 0; at < speech.length; at += samplesOf(0.05)) {
        const signal = concat([looped.subarray(at, at + samplesOf(6)), silence(1)]);
        const firstLoud = firstLoudWindow(signal);
        const first = runSegmenter(signal, 1600).utterances[0];
        const covered = first !== undefined && first.startSample <= firstLoud && first.endSample > firstLoud;
        if (!covered) lost.push(`entered at ${seconds(at).toFixed(2)} s: loud at ${seconds(firstLoud)} s, first utterance ${first ? span(first) : 'none'}`);
      }
      expect(lost).toEqual([]);
    });

    it('judges the first moments against a floor that has heard a quiet moment', () => {
      // 1.2 s of speech, a breath, more speech: the floor learns the room only at the breath.
      const midSentence = speechLike(3, { seed: 9 }).subarray(samplesOf(0.13), samplesOf(1.33));
      const signal = concat([midSentence, silence(0.4), speechLike(2, { seed: 7 }), silence(1)]);
      const { utterances } = runSegmenter(signal, 1600);
      expect(utterances.map(span)).toHaveLength(1);
      expect(utterances[0]?.startSample).toBe(0);
      expect(Math.abs(seconds(utterances[0]?.endSample ?? 0) - (3.6 + PAD_AFTER_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
    });

    it('joins a sound too short to open an utterance to speech less than a pause after it, not more', () => {
      const tail = speechLike(0.04, { seed: 8 });
      const joined = runSegmenter(concat([tail, silence(0.4), speechLike(2, { seed: 2 }), silence(1)]), 1600).utterances;
      expect(joined[0]?.startSample).toBe(0);

      const apart = runSegmenter(concat([tail, silence(MIN_PAUSE_MS / 1000 + 0.3), speechLike(2, { seed: 2 }), silence(1)]), 1600).utterances;
      const speechAt = 0.04 + MIN_PAUSE_MS / 1000 + 0.3;
      expect(apart).toHaveLength(1);
      expect(Math.abs(seconds(apart[0]?.startSample ?? 0) - (speechAt - PAD_BEFORE_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
    });

    it('still finds speech in a stream shorter than the warm-up', () => {
      expect(FLOOR_WARM_UP_S).toBeGreaterThan(1.3);
      const [only, ...none] = runSegmenter(concat([silence(0.3), speechLike(1, { seed: 3 })]), 1600).utterances;
      expect(none).toEqual([]);
      expect(only?.end).toBe('flush');
      expect(Math.abs(seconds(only?.startSample ?? 0) - (0.3 - PAD_BEFORE_MS / 1000))).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_S);
    });
  });

  it('gives identical utterances whatever the block size', () => {
    const signal = concat([BURSTS.signal, speechLike(40, { seed: 4 }), silence(1), speechLike(0.7, { seed: 5 })]);
    const reference = runSegmenter(signal, signal.length).utterances;
    expect(reference.length).toBeGreaterThanOrEqual(6);
    for (const block of [128, 333, 1600, 16000]) {
      const utterances = runSegmenter(signal, block).utterances;
      expect(utterances.map(withoutSamples)).toEqual(reference.map(withoutSamples));
      utterances.forEach((u, i) => expect(firstDifference(u.samples, reference[i]?.samples ?? new Float32Array())).toBe(-1));
    }
  });

  it('emits the utterance in progress on flush, up to the last sample', () => {
    const signal = concat([silence(1), speechLike(3.01, { seed: 2 })]);
    const segmenter = new UtteranceSegmenter();
    expect(segmenter.push(signal, 0)).toEqual([]);
    const [tail, ...none] = segmenter.flush();

    expect(none).toEqual([]);
    expect(tail?.end).toBe('flush');
    expect(tail?.endSample).toBe(signal.length);
    expect(firstDifference(tail?.samples ?? new Float32Array(), signal.subarray(tail?.startSample))).toBe(-1);
    expect(segmenter.flush()).toEqual([]);
    expect(segmenter.bufferedSamples).toBe(0);
  });

  it('reports absolute offsets and starts a fresh stream after flush', () => {
    const offset = samplesOf(600);
    const { utterances, segmenter } = runSegmenter(BURSTS.signal, 1600, { offset });
    expect(utterances[0]?.startSample).toBe(offset + samplesOf(0.8));

    const again = segmenter.push(BURSTS.signal, 0);
    expect([...again, ...segmenter.flush()].map((u) => u.startSample - offset)).toEqual(utterances.map((u) => u.startSample - offset * 2));
  });

  it('closes the utterance at a gap in the offsets and rejects overlapping audio', () => {
    const speech = speechLike(2, { seed: 1 });
    const segmenter = new UtteranceSegmenter();
    expect(segmenter.push(concat([silence(1), speech]), 0)).toEqual([]);
    const [closed] = segmenter.push(speech, samplesOf(10));
    expect(closed?.end).toBe('discontinuity');
    expect(closed?.endSample).toBe(samplesOf(3));
    expect(() => segmenter.push(speech, samplesOf(11))).toThrow(RangeError);
  });

  it('keeps memory bounded through ten minutes of silence and of noise', () => {
    const idleLookbackMs = PAD_BEFORE_MS + SPEECH_ONSET_MS + MIN_PAUSE_MS + IDLE_TRIM_SLACK_MS;
    const idleBound = (Math.max(idleLookbackMs / 1000, FLOOR_WARM_UP_S) * SR) + VAD_FRAME_SAMPLES;
    for (const minute of [silence(60), fanNoise(60, -45)]) {
      const segmenter = new UtteranceSegmenter();
      let maxBuffered = 0;
      for (let r = 0; r < 10; r++) {
        for (let at = 0; at < minute.length; at += 1600) {
          expect(segmenter.push(minute.subarray(at, at + 1600), r * minute.length + at)).toEqual([]);
          maxBuffered = Math.max(maxBuffered, segmenter.bufferedSamples);
        }
      }
      expect(maxBuffered).toBeLessThanOrEqual(idleBound);
      expect(segmenter.capacitySamples).toBeLessThanOrEqual(MAX_UTTERANCE_S * SR + VAD_FRAME_SAMPLES);
    }
    const { maxBufferedSamples } = runSegmenter(CONTINUOUS_70_S, 16000);
    expect(maxBufferedSamples).toBeLessThanOrEqual(MAX_UTTERANCE_S * SR + VAD_FRAME_SAMPLES);
  });

  it('cuts every minute of a long stream the same way: nothing drifts over ten minutes', () => {
    // One minute (40 s of speech, 20 s of pause, over a fan) fed ten times as one 10-minute stream.
    // (Its cost, ~5000× real time, is part of what `npm run bench:stt` measures.)
    const minute = mix(concat([speechLike(40, { seed: 1 }), silence(20)]), fanNoise(60, -45));
    const repeats = 10;
    const segmenter = new UtteranceSegmenter();
    const cuts: [number, number][][] = Array.from({ length: repeats }, () => []);
    const record = (u: { startSample: number; endSample: number }) => {
      const r = Math.floor(u.startSample / minute.length);
      cuts[r]!.push([u.startSample - r * minute.length, u.endSample - r * minute.length]);
    };
    for (let r = 0; r < repeats; r++) {
      for (let at = 0; at < minute.length; at += 1600) segmenter.push(minute.subarray(at, at + 1600), r * minute.length + at).forEach(record);
    }
    segmenter.flush().forEach(record);
    // The first minute starts inside speech (floor warm-up) and the last has no next minute for its
    // final utterance to run into; every minute between is cut identically, relative to its start.
    expect(cuts[1]!.length).toBeGreaterThan(1);
    for (let r = 2; r < repeats - 1; r++) expect(cuts[r], `minute ${r + 1}`).toEqual(cuts[1]);
  });
});

/** The fixture speech the e2e tests' fake microphone plays, read by the app's WAV reader. */
async function fixtureSpeech(): Promise<Float32Array> {
  const wav = new Uint8Array(readFileSync(new URL('../../test/fixtures/audio/consulta-es.wav', import.meta.url)));
  const reading = await readWavLayout(async (offset, length) => wav.subarray(offset, offset + length), wav.length);
  if (reading.kind !== 'pcm' || reading.layout.sampleRateHz !== SR) throw new Error('consulta-es.wav is not 16 kHz PCM');
  return framesToMono(wav.subarray(reading.layout.dataOffset), reading.layout);
}

/** Start of the first 50 ms window above -35 dBFS: the e2e tests' definition of loud. */
function firstLoudWindow(signal: Float32Array): number {
  const window = samplesOf(0.05);
  for (let at = 0; at + window <= signal.length; at += window) {
    if (rmsDb(signal.subarray(at, at + window)) > -35) return at;
  }
  throw new Error('no loud window');
}

function rmsDb(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return 10 * Math.log10(sum / samples.length);
}

/** Index of the first differing sample, or -1 (vitest's deep equality is far too slow on audio). */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function withoutSamples({ samples, ...rest }: Utterance): Omit<Utterance, 'samples'> & { sampleCount: number } {
  return { ...rest, sampleCount: samples.length };
}
