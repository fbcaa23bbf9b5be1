import { describe, expect, it } from 'vitest';
import { NEAR_SILENT_MIN_SPEECH_MS, NEAR_SILENT_RMS_DBFS, isNearSilent, speechMs, type Utterance } from './segmenterUtterance';
import { SR, concat, runSegmenter, silence, speechLike } from './segmenter.testkit';

function utterance(durationS: number, rmsDbfs: number, speechRatio: number): Utterance {
  const samples = new Float32Array(Math.round(durationS * SR));
  return { startSample: 0, endSample: samples.length, samples, speechRatio, rms: 10 ** (rmsDbfs / 20), end: 'pause' };
}

describe('isNearSilent', () => {
  it('flags audio quieter than the near-silence level', () => {
    expect(isNearSilent(utterance(2, NEAR_SILENT_RMS_DBFS - 1, 0.8))).toBe(true);
    expect(isNearSilent(utterance(2, NEAR_SILENT_RMS_DBFS + 1, 0.8))).toBe(false);
    expect(isNearSilent(utterance(2, Number.NEGATIVE_INFINITY, 0))).toBe(true);
  });

  it('flags an utterance with less speech than a short word', () => {
    const click = utterance(1, -25, (NEAR_SILENT_MIN_SPEECH_MS - 20) / 1000);
    const si = utterance(1, -25, (NEAR_SILENT_MIN_SPEECH_MS + 20) / 1000);
    expect(speechMs(click)).toBeCloseTo(NEAR_SILENT_MIN_SPEECH_MS - 20);
    expect(isNearSilent(click)).toBe(true);
    expect(isNearSilent(si)).toBe(false);
  });

  it('tells whispered-level audio from normal speech in what the segmenter emits', () => {
    const faint = speechLike(2, { seed: 1, levelDbfs: -56 });
    const normal = speechLike(2, { seed: 2, levelDbfs: -24 });
    const { utterances } = runSegmenter(concat([silence(1), faint, silence(2), normal, silence(1)]), 1600);

    expect(utterances).toHaveLength(2);
    expect(utterances.map(isNearSilent)).toEqual([true, false]);
  });
});
