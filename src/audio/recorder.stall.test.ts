/**
 * "Grabando" must mean audio is being stored: a capture that goes quiet without ending (muted
 * track, suspended audio engine, a worklet that stops posting) stops the recording like an
 * unplugged microphone, with everything captured stored and the reason shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureStalledError, MicrophoneDisconnectedError } from '../shared/errors';
import { auditTrail } from '../storage/audit';
import type { CaptureEndReason } from './captureSource';
import { CAPTURE_STALL_MS } from './captureWatchdog';
import { RecorderBench } from './recorder.testkit';

let bench: RecorderBench;

beforeEach(() => {
  bench = new RecorderBench();
  // Only the watchdog's interval is faked: fake-indexeddb needs the real setImmediate/setTimeout.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});

afterEach(async () => {
  vi.useRealTimers();
  await bench.delete();
});

async function recording() {
  const { id } = await bench.encounters.create();
  const recorder = bench.makeRecorder();
  await recorder.start(id);
  return { id, recorder, capture: bench.microphone.current };
}

describe('Recorder watchdog', () => {
  it('pauses with the audio stored once no audio has arrived for CAPTURE_STALL_MS', async () => {
    const { id, recorder, capture } = await recording();
    capture.speak(1.2);
    await recorder.settled();
    expect(recorder.getLevels().level).toBe(0.25);

    vi.advanceTimersByTime(CAPTURE_STALL_MS - 250);
    await recorder.settled();
    expect(recorder.getState().phase).toBe('recording');
    expect(recorder.getLevels().level).toBe(0); // the meter stopped showing stale audio long ago

    vi.advanceTimersByTime(500);
    await recorder.settled();
    expect(recorder.getState().phase).toBe('paused');
    expect(recorder.getState().error).toBeInstanceOf(CaptureStalledError);
    expect(capture.stopped).toBe(true);
    expect(await bench.encounters.get(id)).toMatchObject({ status: 'paused', storedSamples: 19_200 });
    expect((await auditTrail(bench.database, id)).at(-1)).toMatchObject({
      action: 'recording.failed',
      detail: 'capture-stalled',
    });
    expect(recorder.getLevels()).toEqual({ level: 0, elapsedMs: 1200 });

    await recorder.resume();
    expect(recorder.getState().phase).toBe('recording');
    expect(recorder.getState().error).toBeUndefined();
  });

  it('drops the level to zero within a few missed posts, before calling it a stall', async () => {
    const { recorder, capture } = await recording();
    capture.speak(0.5);
    vi.advanceTimersByTime(250);
    expect(recorder.getLevels().level).toBe(0.25);
    vi.advanceTimersByTime(250);
    expect(recorder.getLevels().level).toBe(0);
    expect(recorder.getState().phase).toBe('recording');
  });

  it('never fires while audio keeps arriving', async () => {
    const { recorder, capture } = await recording();
    for (let post = 0; post < 100; post++) {
      capture.speak(0.1);
      vi.advanceTimersByTime(100);
    }
    await recorder.settled();
    expect(recorder.getState()).toMatchObject({ phase: 'recording' });
    expect(recorder.getState().error).toBeUndefined();
    expect(recorder.getLevels().elapsedMs).toBe(10_000);
  });

  it('sleeps while paused: a paused recorder receives no audio and that is no failure', async () => {
    const { recorder, capture } = await recording();
    capture.speak(0.3);
    await recorder.pause();
    vi.advanceTimersByTime(10 * CAPTURE_STALL_MS);
    await recorder.settled();
    expect(recorder.getState().phase).toBe('paused');
    expect(recorder.getState().error).toBeUndefined();
  });

  it.each<[CaptureEndReason, typeof CaptureStalledError, string]>([
    ['muted', CaptureStalledError, 'microphone-muted'],
    ['suspended', CaptureStalledError, 'audio-suspended'],
    ['processor-error', MicrophoneDisconnectedError, 'capture-processor-error'],
  ])('pauses with the audio stored when the capture reports %s', async (reason, errorClass, detail) => {
    const { id, recorder, capture } = await recording();
    capture.speak(0.5);
    capture.holdTail(400);
    capture.unplug(reason);
    await recorder.settled();
    expect(recorder.getState().phase).toBe('paused');
    expect(recorder.getState().error).toBeInstanceOf(errorClass);
    expect(await bench.encounters.get(id)).toMatchObject({ status: 'paused', storedSamples: 8_400 });
    expect((await auditTrail(bench.database, id)).at(-1)).toMatchObject({ action: 'recording.failed', detail });
    // The stall check is off while paused: no second failure is reported on top of this one.
    vi.advanceTimersByTime(10 * CAPTURE_STALL_MS);
    await recorder.settled();
    expect((await auditTrail(bench.database, id)).filter((entry) => entry.action === 'recording.failed')).toHaveLength(1);
  });
});
