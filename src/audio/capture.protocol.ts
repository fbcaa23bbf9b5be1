/**
 * Messages between the capture AudioWorklet (audio rendering thread) and the recorder (main
 * thread), over the AudioWorkletNode's port. Both sides import this file; nothing else defines
 * the shape of these messages.
 */
import { isRecord } from '../shared/isRecord';

/** The name the worklet registers and `AudioWorkletNode` asks for. */
export const CAPTURE_PROCESSOR_NAME = 'escriba-capture';
/** How much 16 kHz audio the worklet gathers before posting it: few messages, little at risk. */
export const CAPTURE_POST_INTERVAL_MS = 100;

/** `processorOptions` of the capture node. */
export interface CaptureProcessorOptions {
  /** The AudioContext's rate, which is what the worklet receives. */
  inputSampleRateHz: number;
}

/** Main thread → worklet. */
export type CaptureCommand =
  /** Post whatever is gathered now, then reply `flushed` with the same id. */
  { type: 'flush'; id: number };

/** Worklet → main thread. */
export type CaptureEvent =
  /** 16 kHz mono samples in order; `peak` is their largest absolute value (0..1). */
  | { type: 'audio'; samples: Float32Array; peak: number }
  | { type: 'flushed'; id: number };


/** Port data is untyped: check it rather than cast it. */
export function isCaptureEvent(data: unknown): data is CaptureEvent {
  if (!isRecord(data)) return false;
  if (data.type === 'audio') return data.samples instanceof Float32Array && typeof data.peak === 'number';
  return data.type === 'flushed' && typeof data.id === 'number';
}

export function isCaptureCommand(data: unknown): data is CaptureCommand {
  return isRecord(data) && data.type === 'flush' && typeof data.id === 'number';
}

export function isCaptureProcessorOptions(data: unknown): data is CaptureProcessorOptions {
  return (
    isRecord(data) &&
    typeof data.inputSampleRateHz === 'number' &&
    Number.isInteger(data.inputSampleRateHz) &&
    data.inputSampleRateHz > 0
  );
}
