import { describe, expect, it } from 'vitest';
import { EnergyVad, VAD_FLOOR_MIN_DBFS, VAD_FLOOR_WINDOW_S, VAD_FRAME_SAMPLES, powerToDbfs } from './vad';
import { SR, samplesOf, whiteNoise } from './segmenter.testkit';

function tone(seconds: number, hz: number, levelDbfs: number): Float32Array {
  const amplitude = Math.SQRT2 * 10 ** (levelDbfs / 20);
  return Float32Array.from({ length: samplesOf(seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / SR));
}

/** Feed whole frames; returns each frame's decision. */
function feed(vad: EnergyVad, signal: Float32Array, inSpeech = false): boolean[] {
  const decisions: boolean[] = [];
  for (let at = 0; at + VAD_FRAME_SAMPLES <= signal.length; at += VAD_FRAME_SAMPLES) {
    decisions.push(vad.analyze(signal.subarray(at, at + VAD_FRAME_SAMPLES), inSpeech).speech);
  }
  return decisions;
}

describe('powerToDbfs', () => {
  it('puts a full-scale square at 0 dBFS, a full-scale sine at -3 dBFS, and clamps silence', () => {
    expect(powerToDbfs(1)).toBe(0);
    expect(powerToDbfs(0.5)).toBeCloseTo(-3.01, 2);
    expect(powerToDbfs(0)).toBe(VAD_FLOOR_MIN_DBFS);
  });
});

describe('EnergyVad', () => {
  it('settles its noise floor on steady noise within a second', () => {
    const vad = new EnergyVad();
    expect(feed(vad, whiteNoise(1, -45))).not.toContain(true);
    expect(vad.noiseFloorDbfs).toBeGreaterThan(-47);
    expect(vad.noiseFloorDbfs).toBeLessThan(-44);
  });

  it('filters out 50 Hz mains hum before measuring', () => {
    const vad = new EnergyVad();
    expect(feed(vad, tone(2, 50, -30))).not.toContain(true);
    expect(vad.noiseFloorDbfs).toBeLessThan(-30 - 18);
  });

  it('follows a louder background within its window and a quieter one at once', () => {
    const vad = new EnergyVad();
    feed(vad, whiteNoise(3, -70));
    feed(vad, whiteNoise(VAD_FLOOR_WINDOW_S + 0.1, -40, 3));
    expect(vad.noiseFloorDbfs).toBeGreaterThan(-42);
    feed(vad, whiteNoise(0.2, -65, 4));
    expect(vad.noiseFloorDbfs).toBeLessThan(-60);
  });

  it('needs a wider margin to enter speech than to stay in it', () => {
    const quiet = whiteNoise(1, -50);
    const louder = whiteNoise(0.2, -42, 9); // 8 dB above: between the two margins
    const entering = new EnergyVad();
    feed(entering, quiet);
    expect(feed(entering, louder, false)).not.toContain(true);
    const staying = new EnergyVad();
    feed(staying, quiet);
    expect(feed(staying, louder, true).every(Boolean)).toBe(true);
  });

  it('never calls near-digital silence speech, whatever the floor', () => {
    const vad = new EnergyVad();
    feed(vad, new Float32Array(SR));
    expect(feed(vad, whiteNoise(0.5, -75))).not.toContain(true);
  });
});
