/**
 * What the speech engine does when the GPU fails: the policy, apart from transformers.js so it can
 * be tested with fake sessions (gpuRecovery.test.ts).
 *
 * GPUs get lost in ordinary use (the laptop slept, the driver restarted, another tab took the
 * memory). Peers then fall back silently or stop; Escriba must do neither. On a WebGPU failure
 * (the device's `lost` promise, or any error from a WebGPU session):
 *   1. reload once on WebGPU, on a fresh device;
 *   2. if that fails, or the same call fails again on it, load the model on the processor (WASM);
 *   3. run the failed call again on the new session, so no utterance is lost;
 *   4. tell the doctor (a Spanish notice) whichever way it went.
 * A flaky GPU that keeps getting lost ends on WASM after MAX_GPU_RELOADS reloads.
 *
 * All calls run one at a time, in order, recoveries included: transformers.js serialises sessions
 * anyway, and a call must never start on a session that is being replaced.
 */
import { SpeechLoadError, SpeechNotReadyError, TranscriptionCancelledError } from '../shared/errors';
import type { SpeechDevice } from './speechEngine';

/** Reloads on WebGPU over the engine's lifetime before it stays on WASM. */
export const MAX_GPU_RELOADS = 3;

export const NOTICE_GPU_RELOADED =
  'La placa de video dejó de responder y Escriba la reinició. La transcripción sigue normalmente; no se perdió audio.';
export const NOTICE_NOW_ON_CPU =
  'La placa de video dejó de responder, así que Escriba sigue transcribiendo con el procesador. Funciona igual, pero más lento; no se perdió audio. Si se repite, reinicie el navegador.';
export const NOTICE_GPU_UNUSABLE =
  'No se pudo usar la placa de video, así que Escriba transcribe con el procesador. Funciona igual, pero más lento.';

/** A loaded (and warmed-up) model on one device. */
export interface RecoverableSession {
  readonly device: SpeechDevice;
  /** Settles when the device is gone (GPUDevice.lost); never, for WASM. */
  readonly lost: Promise<unknown>;
}

export interface SessionOpener<S extends RecoverableSession> {
  /** Loads and warms up the model on `device`, on a fresh GPU device for WebGPU. */
  open(device: SpeechDevice): Promise<S>;
  /** Releases a session; must not throw for a session whose device is already lost. */
  close(session: S): Promise<void>;
}

export interface RecoveryListener {
  /** A session is ready after a recovery; `notice` is what the doctor must read. */
  recovered(device: SpeechDevice, notice: string): void;
  /** No device would load after a failure: no session is open until the model is loaded again. */
  failed(error: unknown): void;
}

/** The GPU device went away during a call (its `lost` promise settled). */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
  constructor() {
    super('The GPU device was lost');
  }
}

/**
 * Errors that say nothing about the GPU: retrying elsewhere cannot help (the caller cancelled; the
 * model's files are not installed).
 */
function isFinal(error: unknown): boolean {
  return error instanceof TranscriptionCancelledError || error instanceof SpeechLoadError;
}

interface RecoveryPlan {
  reloadGpu: boolean;
  /** What to tell the doctor when WebGPU came back (nothing, for a retry before anything ran). */
  gpuNotice: string | undefined;
  cpuNotice: string;
}

export class RecoveringSession<S extends RecoverableSession> {
  private current: S | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private gpuReloads = 0;
  private closed = false;
  private readonly lostSessions = new WeakSet<S>();
  /** Ends the running call when the current session's device is lost. */
  private readonly onLost = new Set<() => void>();

  constructor(
    private readonly opener: SessionOpener<S>,
    private readonly listener: RecoveryListener,
  ) {}

  get device(): SpeechDevice | undefined {
    return this.current?.device;
  }

  /** Opens the first session; a WebGPU failure here gets one more try on a fresh device, then WASM. */
  start(device: SpeechDevice): Promise<S> {
    return this.enqueue(async () => {
      try {
        return this.adopt(await this.opener.open(device));
      } catch (error) {
        if (device === 'wasm' || isFinal(error)) throw error;
        // Nothing was running yet: a retry that works changes nothing the doctor needs to know.
        return this.recover(undefined, { reloadGpu: true, gpuNotice: undefined, cpuNotice: NOTICE_GPU_UNUSABLE });
      }
    });
  }

  /** Runs `task` on the current session; after a GPU failure, again on the recovered one. */
  run<T>(task: (session: S) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const session = this.current;
        if (!session) throw new SpeechNotReadyError('No speech session is open');
        try {
          return await this.untilLost(session, task(session));
        } catch (error) {
          if (session.device === 'wasm' || isFinal(error)) throw error;
          // If the reloaded GPU fails the same call too, the problem is not going away: go to WASM.
          await this.recover(session, { reloadGpu: attempt === 0, gpuNotice: NOTICE_GPU_RELOADED, cpuNotice: NOTICE_NOW_ON_CPU });
        }
      }
    });
  }

  /** Waits for the running call, then releases the session. Later calls reject. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      this.closed = true;
      const session = this.current;
      this.current = undefined;
      if (session) await this.opener.close(session);
    });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      if (this.closed) throw new SpeechNotReadyError('The speech session was closed');
      return job();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * A lost device may leave a GPU call pending forever: the loss itself ends the attempt. (Not a
   * race against `session.lost`: each call would leave a reaction on that promise, which stays
   * pending for the session's whole life.)
   */
  private untilLost<T>(session: S, work: Promise<T>): Promise<T> {
    if (this.lostSessions.has(session)) return Promise.reject(new GpuDeviceLostError());
    return new Promise<T>((resolve, reject) => {
      const onLost = () => reject(new GpuDeviceLostError());
      this.onLost.add(onLost);
      work.then(resolve, reject).finally(() => this.onLost.delete(onLost));
    });
  }

  private adopt(session: S): S {
    this.current = session;
    void session.lost.then(() => {
      this.lostSessions.add(session);
      if (this.current === session) for (const onLost of this.onLost) onLost();
    });
    // A GPU lost between calls is replaced at once, so the next utterance does not wait for a
    // reload. A session that was already replaced or closed on purpose is left alone.
    void session.lost.then(() =>
      this.enqueue(async () => {
        if (this.current !== session) return;
        await this.recover(session, { reloadGpu: true, gpuNotice: NOTICE_GPU_RELOADED, cpuNotice: NOTICE_NOW_ON_CPU });
      }).catch(() => undefined),
    );
    return session;
  }

  private async recover(failed: S | undefined, plan: RecoveryPlan): Promise<S> {
    try {
      return await this.reopen(failed, plan);
    } catch (error) {
      this.listener.failed(error);
      throw error;
    }
  }

  private async reopen(failed: S | undefined, plan: RecoveryPlan): Promise<S> {
    this.current = undefined;
    if (failed) await this.opener.close(failed).catch(() => undefined);
    if (plan.reloadGpu && this.gpuReloads < MAX_GPU_RELOADS) {
      this.gpuReloads++;
      try {
        const session = this.adopt(await this.opener.open('webgpu'));
        if (plan.gpuNotice) this.listener.recovered('webgpu', plan.gpuNotice);
        return session;
      } catch (error) {
        if (isFinal(error)) throw error;
      }
    }
    const session = this.adopt(await this.opener.open('wasm'));
    this.listener.recovered('wasm', plan.cpuNotice);
    return session;
  }
}
