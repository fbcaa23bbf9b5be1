import { describe, expect, it } from 'vitest';
import { ProgressTracker, SpeedMeter, secondsLeft, totals } from './download.progress';
import type { DownloadProgress } from './download.types';

describe('SpeedMeter', () => {
  it('says nothing until it has half a second of history', () => {
    const meter = new SpeedMeter(5_000);
    meter.record(0, 0);
    meter.record(400, 400_000);
    expect(meter.bytesPerSecond()).toBeUndefined();
    meter.record(500, 500_000);
    expect(meter.bytesPerSecond()).toBe(1_000_000);
  });

  it('measures over the last window only, so a slower link shows within seconds', () => {
    const meter = new SpeedMeter(5_000);
    for (let t = 0; t <= 10_000; t += 1_000) meter.record(t, t * 1_000); // 1 MB/s for 10 s
    for (let t = 11_000; t <= 20_000; t += 1_000) meter.record(t, 10_000_000 + (t - 10_000) * 100); // then 100 kB/s
    expect(meter.bytesPerSecond()).toBeCloseTo(100_000, 0);
  });

  it('starts afresh after reset (a pause is not a slow network)', () => {
    const meter = new SpeedMeter();
    meter.record(0, 0);
    meter.record(1_000, 1_000);
    meter.reset();
    expect(meter.bytesPerSecond()).toBeUndefined();
  });
});

describe('secondsLeft', () => {
  it('divides what is left by the speed, rounding up', () => {
    expect(secondsLeft(1_000_001, 1_000_000)).toBe(2);
  });
  it('is 0 when nothing is left, and unknown without a size or a speed', () => {
    expect(secondsLeft(0, undefined)).toBe(0);
    expect(secondsLeft(undefined, 5)).toBeUndefined();
    expect(secondsLeft(10, undefined)).toBeUndefined();
    expect(secondsLeft(10, 0)).toBeUndefined();
  });
});

describe('totals', () => {
  it('adds bytes across files; the total is unknown while any file size is', () => {
    expect(
      totals([
        { key: 'a', state: 'ready', receivedBytes: 10, totalBytes: 10 },
        { key: 'b', state: 'downloading', receivedBytes: 5, totalBytes: 20 },
      ]),
    ).toEqual({ receivedBytes: 15, totalBytes: 30 });
    expect(totals([{ key: 'a', state: 'pending', receivedBytes: 0, totalBytes: undefined }]).totalBytes).toBeUndefined();
  });
});

describe('ProgressTracker', () => {
  function tracker() {
    let now = 0;
    const emitted: DownloadProgress[] = [];
    const t = new ProgressTracker([{ key: 'a', bytes: 1_000_000 }], {
      now: () => now,
      onProgress: (p) => emitted.push(p),
      intervalMs: 200,
    });
    return { t, emitted, advance: (ms: number) => (now += ms) };
  }

  it('reports state changes at once and byte counts at most every interval', () => {
    const { t, emitted, advance } = tracker();
    t.update('a', { state: 'downloading' });
    expect(emitted).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      advance(50);
      t.addBytes('a', 10_000);
    }
    // A chunk every 50 ms for 500 ms after the state change at 0: reported at 200 and 400 ms only.
    expect(emitted.map((p) => p.receivedBytes)).toEqual([0, 40_000, 80_000]);
  });

  it('gives speed and time left once there is enough history', () => {
    const { t, advance } = tracker();
    t.update('a', { state: 'downloading' });
    for (let i = 0; i < 10; i++) {
      advance(100);
      t.addBytes('a', 10_000);
    }
    const snapshot = t.snapshot();
    expect(snapshot.bytesPerSecond).toBeCloseTo(100_000, 0);
    expect(snapshot.secondsLeft).toBe(9);
  });

  it('hands out copies, so a listener cannot change what the tracker holds', () => {
    const { t, emitted } = tracker();
    t.update('a', { state: 'downloading' });
    emitted[0]!.files[0]!.receivedBytes = 999;
    expect(t.get('a').receivedBytes).toBe(0);
  });
});
