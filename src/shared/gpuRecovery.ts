/**
 * What an engine on transformers.js does when the GPU fails: the policy, apart from the models so
 * it can be tested with fake sessions (speech/gpuRecovery.test.ts). The speech engine and the note
 * engine both run on it, each with its own words for the doctor and its own final errors.
 *
 * GPUs get lost in ordinary use (the laptop slept, the driver restarted, another tab took the
 * memory). Peers then fall back silently or stop; Escriba must do neither. On a WebGPU failure
 * (the device's `lost` promise, or any error from a WebGPU session):
 *   1. reload once on WebGPU, on a fresh device;
 *   2. if that fails, or the same call fails again on it, load the model on the processor (WASM);
 *   3. run the failed call again on the new session, so no work is lost;
 *   4. tell the doctor (a Spanish notice) whichever way it went.
 * A flaky GPU that keeps getting lost ends on WASM after MAX_GPU_RELOADS reloads.
 *
 * All calls run one at a time, in order, recoveries included: transformers.js serialises sessions
 * anyway, and a call must never start on a session that is being replaced.
 */

export type ComputeDevice = 'webgpu' | 'wasm';

/** Reloads on WebGPU over the engine's lifetime before it stays on WASM. */
export const MAX_GPU_RELOADS = 3;

/** What one engine says and decides; the mechanics are the same for all. */
export interface RecoveryPolicy {
  notices: {
    /** A call failed on the GPU, which came back after a reload. */
    gpuReloaded: string;
    /** A call failed on the GPU and the engine now runs on the processor. */
    nowOnCpu: string;
    /** The GPU would not even load the model at first: the engine starts on the processor. */
    gpuUnusable: string;
  };
  /** Errors that say nothing about the GPU, so retrying elsewhere cannot help (a cancel, missing files). */
  isFinal(error: unknown): boolean;
  /** The error for a call made with no open session. */
  notReady(message: string): Error;
}

/** A loaded (and warmed-up) model on one device. */
export interface RecoverableSession {
  readonly device: ComputeDevice;
  /** Settles when the device is gone (GPUDevice.lost); never, for WASM. */
  readonly lost: Promise<unknown>;
}

export interface SessionOpener<S extends RecoverableSession> {
  /** Loads and warms up the model on `device`, on a fresh GPU device for WebGPU. */
  open(device: ComputeDevice): Promise<S>;
  /** Releases a session; must not throw for a session whose device is already lost. */
  close(session: S): Promise<void>;
}

export interface RecoveryListener {
  /** A session is ready after a recovery; `notice` is what the doctor must read. */
  recovered(device: ComputeDevice, notice: string): void;
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
    private readonly policy: RecoveryPolicy,
  ) {}

  get device(): ComputeDevice | undefined {
    return this.current?.device;
  }

  /** Opens the first session; a WebGPU failure here gets one more try on a fresh device, then WASM. */
  start(device: ComputeDevice): Promise<S> {
    return this.enqueue(async () => {
      try {
        return this.adopt(await this.opener.open(device));
      } catch (error) {
        if (device === 'wasm' || this.policy.isFinal(error)) throw error;
        // Nothing was running yet: a retry that works changes nothing the doctor needs to know.
        return this.recover(undefined, { reloadGpu: true, gpuNotice: undefined, cpuNotice: this.policy.notices.gpuUnusable });
      }
    });
  }

  /** Runs `task` on the current session; after a GPU failure, again on the recovered one. */
  run<T>(task: (session: S) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const session = this.current;
        if (!session) throw this.policy.notReady('No session is open');
        try {
          return await this.untilLost(session, task(session));
        } catch (error) {
          if (session.device === 'wasm' || this.policy.isFinal(error)) throw error;
          // If the reloaded GPU fails the same call too, the problem is not going away: go to WASM.
          await this.recover(session, this.afterFailure(attempt === 0));
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
      if (this.closed) throw this.policy.notReady('The session was closed');
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
        await this.recover(session, this.afterFailure(true));
      }).catch(() => undefined),
    );
    return session;
  }

  private afterFailure(reloadGpu: boolean): RecoveryPlan {
    return { reloadGpu, gpuNotice: this.policy.notices.gpuReloaded, cpuNotice: this.policy.notices.nowOnCpu };
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
        if (this.policy.isFinal(error)) throw error;
      }
    }
    const session = this.adopt(await this.opener.open('wasm'));
    this.listener.recovered('wasm', plan.cpuNotice);
    return session;
  }
}
