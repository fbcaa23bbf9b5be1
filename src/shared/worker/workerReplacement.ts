/**
 * What a model engine's client does when a call lost its GPU while it ran: measured in Chromium,
 * after a GPU loss mid-call ONNX Runtime fails every later call in that worker, even on WASM
 * sessions (speech/speechGpuRecovery.ts, notes/engine/noteGpuRecovery.ts). The worker's own
 * recovery (shared/gpuRecovery.ts) cannot help, so the client ends that worker, loads the same
 * model in a new one and runs the call again, once, with a notice for the doctor. Each engine
 * configures the policy; engineClient.ts carries it out.
 */
import type { ComputeDevice, RecoveryPolicy } from '../gpuRecovery';

/** Workers replaced after lost GPUs, over a client's life, before `pastCap` applies. */
export const MAX_WORKER_REPLACEMENTS = 3;

export interface WorkerReplacementPolicy {
  /** The error a call ends with when its GPU was lost while it ran. */
  isGpuLost(error: unknown): boolean;
  /**
   * A GPU that keeps getting lost: load the model on the processor from then on, or replace no
   * more (the loss reaches the caller, whose message says what to do).
   */
  pastCap: 'processor' | 'stop';
  /** What the doctor reads once a new worker has the model loaded on `device`. */
  notice(device: ComputeDevice): string;
}

/** One engine's whole answer to a lost GPU: inside its worker (RecoveryPolicy), and by replacing it. */
export interface GpuLossPolicy extends RecoveryPolicy {
  worker: WorkerReplacementPolicy;
}
