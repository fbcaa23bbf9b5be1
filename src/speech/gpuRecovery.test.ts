/** The GPU recovery policy on fake sessions: no model, no GPU, only what the policy decides. */
import { describe, expect, it } from 'vitest';
import { SpeechLoadError, SpeechNotReadyError, TranscriptionCancelledError } from '../shared/errors';
import { GpuDeviceLostError, MAX_GPU_RELOADS, RecoveringSession, type RecoverableSession, type SessionOpener } from '../shared/gpuRecovery';
import { NOTICE_GPU_RELOADED, NOTICE_GPU_UNUSABLE, NOTICE_NOW_ON_CPU, SPEECH_GPU_RECOVERY } from './speechGpuRecovery';
import type { SpeechDevice } from './speechEngine';

class FakeSession implements RecoverableSession {
  readonly lost: Promise<unknown>;
  loseDevice: () => void = () => undefined;
  closed = false;
  constructor(
    readonly device: SpeechDevice,
    readonly serial: number,
  ) {
    this.lost = device === 'wasm' ? new Promise(() => undefined) : new Promise((resolve) => (this.loseDevice = () => resolve('lost')));
  }
}

/** Opens fake sessions; `failOpen` lists devices whose next opens fail, in order. */
class FakeOpener implements SessionOpener<FakeSession> {
  readonly opened: string[] = [];
  readonly sessions: FakeSession[] = [];
  failOpen: SpeechDevice[] = [];
  openError: Error | undefined;

  async open(device: SpeechDevice): Promise<FakeSession> {
    this.opened.push(device);
    const index = this.failOpen.indexOf(device);
    if (index >= 0) {
      this.failOpen.splice(index, 1);
      throw this.openError ?? new Error(`${device} would not load`);
    }
    const session = new FakeSession(device, this.sessions.length);
    this.sessions.push(session);
    return session;
  }

  async close(session: FakeSession): Promise<void> {
    session.closed = true;
  }
}

function setup() {
  const opener = new FakeOpener();
  const notices: [SpeechDevice, string][] = [];
  const failures: unknown[] = [];
  const recovering = new RecoveringSession(
    opener,
    {
      recovered: (device, notice) => notices.push([device, notice]),
      failed: (error) => failures.push(error),
    },
    SPEECH_GPU_RECOVERY,
  );
  return { opener, notices, failures, recovering };
}

/** A task that fails on WebGPU sessions listed in `failOn` (by serial) and says where it ran otherwise. */
function task(failOn: number[] = []) {
  return async (session: FakeSession) => {
    if (failOn.includes(session.serial)) throw new Error('GPU error');
    return `${session.device}#${session.serial}`;
  };
}

describe('GPU recovery policy', () => {
  it('runs on the session it started, with no notice while nothing fails', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    expect(await recovering.run(task())).toBe('webgpu#0');
    expect(opener.opened).toEqual(['webgpu']);
    expect(notices).toEqual([]);
  });

  it('a failed call reloads WebGPU once, runs the same call again there, and says so', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    expect(await recovering.run(task([0]))).toBe('webgpu#1');
    expect(opener.sessions[0]!.closed).toBe(true);
    expect(notices).toEqual([['webgpu', NOTICE_GPU_RELOADED]]);
  });

  it('if the reloaded GPU fails the same call, the call is run on WASM (no utterance lost)', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    expect(await recovering.run(task([0, 1]))).toBe('wasm#2');
    expect(opener.opened).toEqual(['webgpu', 'webgpu', 'wasm']);
    expect(notices).toEqual([
      ['webgpu', NOTICE_GPU_RELOADED],
      ['wasm', NOTICE_NOW_ON_CPU],
    ]);
    expect(recovering.device).toBe('wasm');
  });

  it('if WebGPU will not load again, goes to WASM', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    opener.failOpen = ['webgpu'];
    expect(await recovering.run(task([0]))).toBe('wasm#1');
    expect(notices).toEqual([['wasm', NOTICE_NOW_ON_CPU]]);
  });

  it('a GPU lost while idle is replaced before the next call, which then runs at once', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    opener.sessions[0]!.loseDevice();
    await new Promise((resolve) => setTimeout(resolve, 0)); // idle: time passes before the next call
    expect(opener.opened).toEqual(['webgpu', 'webgpu']);
    expect(await recovering.run(task())).toBe('webgpu#1');
    expect(notices).toEqual([['webgpu', NOTICE_GPU_RELOADED]]);
  });

  it('a GPU lost during a call that never returns ends the call, not rerun in this worker (SpeechClient replaces it)', async () => {
    const { opener, recovering } = setup();
    await recovering.start('webgpu');
    const attempts: number[] = [];
    const running = recovering.run(async (session) => {
      attempts.push(session.serial);
      session.loseDevice();
      return new Promise<string>(() => undefined); // a GPU readback that never settles
    });
    await expect(running).rejects.toBeInstanceOf(GpuDeviceLostError);
    expect(attempts).toEqual([0]);
    expect(opener.opened[0]).toBe('webgpu');
  });

  it('a GPU that keeps getting lost ends on WASM after MAX_GPU_RELOADS reloads', async () => {
    const { opener, notices, recovering } = setup();
    await recovering.start('webgpu');
    const failEveryGpuSessionOnce = async (session: FakeSession) => {
      if (session.device === 'webgpu') {
        // Each reload works for one call, then the next call fails on it.
        if (!ranOn.has(session.serial)) {
          ranOn.add(session.serial);
          if (session.serial > 0) return session.device;
        }
        throw new Error('GPU error');
      }
      return session.device;
    };
    const ranOn = new Set<number>();
    const devices: string[] = [];
    for (let i = 0; i < MAX_GPU_RELOADS + 2; i++) devices.push(await recovering.run(failEveryGpuSessionOnce));
    expect(opener.opened.filter((d) => d === 'webgpu')).toHaveLength(1 + MAX_GPU_RELOADS);
    expect(devices.at(-1)).toBe('wasm');
    expect(notices.at(-1)).toEqual(['wasm', NOTICE_NOW_ON_CPU]);
  });

  it('a first load that fails on WebGPU retries on a fresh device, then uses WASM with a notice', async () => {
    const retried = setup();
    retried.opener.failOpen = ['webgpu'];
    expect((await retried.recovering.start('webgpu')).device).toBe('webgpu');
    expect(retried.notices).toEqual([]);

    const { opener, notices, recovering } = setup();
    opener.failOpen = ['webgpu', 'webgpu'];
    expect((await recovering.start('webgpu')).device).toBe('wasm');
    expect(notices).toEqual([['wasm', NOTICE_GPU_UNUSABLE]]);
  });

  it('never retries what the GPU did not cause: a cancellation, or a model that is not installed', async () => {
    const { opener, recovering } = setup();
    await recovering.start('webgpu');
    const cancelled = recovering.run(async () => {
      throw new TranscriptionCancelledError('x');
    });
    await expect(cancelled).rejects.toBeInstanceOf(TranscriptionCancelledError);
    expect(opener.opened).toEqual(['webgpu']);

    const missing = setup();
    missing.opener.failOpen = ['webgpu'];
    missing.opener.openError = new SpeechLoadError('not installed');
    await expect(missing.recovering.start('webgpu')).rejects.toBeInstanceOf(SpeechLoadError);
    expect(missing.opener.opened).toEqual(['webgpu']);
  });

  it('when no device loads after a GPU loss, says so and refuses calls until loaded again', async () => {
    const { opener, failures, recovering } = setup();
    await recovering.start('webgpu');
    opener.failOpen = ['webgpu', 'wasm'];
    opener.sessions[0]!.loseDevice();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toHaveLength(1);
    expect(recovering.device).toBeUndefined();
    await expect(recovering.run(task())).rejects.toBeInstanceOf(SpeechNotReadyError);
  });

  it('a failure on WASM is final, and calls run one at a time in order', async () => {
    const { recovering } = setup();
    await recovering.start('wasm');
    await expect(recovering.run(task([0]))).rejects.toThrow('GPU error');
    const order: number[] = [];
    const slow = (n: number, ms: number) => recovering.run(() => new Promise<void>((resolve) => setTimeout(() => (order.push(n), resolve()), ms)));
    await Promise.all([slow(1, 30), slow(2, 0), slow(3, 10)]);
    expect(order).toEqual([1, 2, 3]);
  });

  it('close waits for the running call, releases the session, and refuses later calls', async () => {
    const { opener, recovering } = setup();
    await recovering.start('webgpu');
    const running = recovering.run(() => new Promise((resolve) => setTimeout(() => resolve('done'), 20)));
    await recovering.close();
    expect(await running).toBe('done');
    expect(opener.sessions[0]!.closed).toBe(true);
    await expect(recovering.run(task())).rejects.toBeInstanceOf(SpeechNotReadyError);
    // Losing the closed session's device (close destroys it) starts no reload.
    opener.sessions[0]!.loseDevice();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(opener.opened).toEqual(['webgpu']);
  });
});
