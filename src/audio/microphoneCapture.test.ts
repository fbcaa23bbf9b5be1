/**
 * The microphone capture's wiring, against stand-ins for getUserMedia, AudioContext and
 * AudioWorkletNode: which browser events end a capture, and that our own stop() ends none.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureEndReason, CaptureSink } from './captureSource';
import { MicrophoneCapture } from './microphoneCapture';

class FakeTrack extends EventTarget {
  muted = false;
  stopped = false;
  getSettings() {
    return { sampleRate: 48_000 };
  }
  stop() {
    this.stopped = true;
  }
}

class FakePort {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  postMessage(): void {}
}

class FakeNode {
  static last: FakeNode | undefined;
  readonly port = new FakePort();
  onprocessorerror: (() => void) | null = null;
  constructor() {
    FakeNode.last = this;
  }
  connect() {}
  disconnect() {}
}

class FakeAudioContext {
  static last: FakeAudioContext | undefined;
  state: 'suspended' | 'running' | 'closed' | 'interrupted' = 'suspended';
  readonly sampleRate = 48_000;
  readonly destination = {};
  readonly audioWorklet = { addModule: async () => undefined };
  onstatechange: (() => void) | null = null;
  constructor() {
    FakeAudioContext.last = this;
  }
  createGain() {
    return { gain: { value: 1 }, connect() {} };
  }
  createMediaStreamSource() {
    return { connect() {} };
  }
  async resume() {
    this.becomes('running');
  }
  async close() {
    this.becomes('closed');
  }
  becomes(state: FakeAudioContext['state']) {
    this.state = state;
    this.onstatechange?.();
  }
}

let track: FakeTrack;
let ended: CaptureEndReason[];
let posts: number[];
const sink: CaptureSink = {
  audio: (_samples, peak) => posts.push(peak),
  ended: (reason) => ended.push(reason),
};

function post(peak: number): void {
  const samples = new Float32Array(1_600);
  FakeNode.last?.port.onmessage?.(new MessageEvent('message', { data: { type: 'audio', samples, peak } }));
}

async function started(): Promise<MicrophoneCapture> {
  const capture = new MicrophoneCapture('capture.worklet.js');
  await capture.start(sink);
  return capture;
}

beforeEach(() => {
  track = new FakeTrack();
  ended = [];
  posts = [];
  const stream = { getAudioTracks: () => [track], getTracks: () => [track] };
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => stream } });
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('MicrophoneCapture', () => {
  it('delivers the worklet posts while running and reports nothing', async () => {
    const capture = await started();
    post(0.5);
    expect(posts).toEqual([0.5]);
    expect(ended).toEqual([]);
    await capture.stop();
    expect(ended).toEqual([]);
    expect(track.stopped).toBe(true);
  });

  it('ends the capture when the track is muted, and still delivers the worklet tail for the flush', async () => {
    await started();
    track.muted = true;
    track.dispatchEvent(new Event('mute'));
    expect(ended).toEqual(['muted']);
    post(0.1);
    expect(posts).toEqual([0.1]);
  });

  it('ends the capture at once when the track is already muted at start', async () => {
    track.muted = true;
    await started();
    expect(ended).toEqual(['muted']);
  });

  it.each(['suspended', 'interrupted'] as const)('ends the capture when the audio context becomes %s', async (state) => {
    await started();
    FakeAudioContext.last?.becomes(state);
    expect(ended).toEqual(['suspended']);
  });

  it('reports the first reason only', async () => {
    await started();
    track.dispatchEvent(new Event('ended'));
    track.dispatchEvent(new Event('mute'));
    FakeAudioContext.last?.becomes('suspended');
    FakeNode.last?.onprocessorerror?.();
    expect(ended).toEqual(['ended']);
  });

  it('reports a dead worklet as a processor error', async () => {
    await started();
    FakeNode.last?.onprocessorerror?.();
    expect(ended).toEqual(['processor-error']);
  });

  it('does not mistake its own stop (closing the context, stopping the track) for a failure', async () => {
    const capture = await started();
    await capture.stop();
    expect(FakeAudioContext.last?.state).toBe('closed');
    track.dispatchEvent(new Event('mute'));
    track.dispatchEvent(new Event('ended'));
    expect(ended).toEqual([]);
  });
});
