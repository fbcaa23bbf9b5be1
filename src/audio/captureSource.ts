/**
 * The recorder's view of "something that produces 16 kHz mono audio": the microphone in the app
 * (`microphoneCapture.ts`), synthetic samples in tests.
 */

/**
 * Why a capture stopped delivering audio by itself:
 * - `ended`: the input is gone for good (device unplugged, permission revoked);
 * - `muted`: the input is there but delivers no sound (OS privacy switch, another app took it);
 * - `suspended`: the audio engine left the running state (system interruption, device change);
 * - `processor-error`: the capture worklet threw and is dead.
 */
export type CaptureEndReason = 'ended' | 'muted' | 'suspended' | 'processor-error';

export interface CaptureSink {
  /** 16 kHz mono samples in [-1, 1], in order; ownership of `samples` passes to the sink. */
  audio(samples: Float32Array, peak: number): void;
  /** The capture stopped delivering audio and will not recover by itself. */
  ended(reason: CaptureEndReason): void;
}

export interface CaptureSource {
  /** Acquires the input and starts delivering to `sink`; rejects with an `EscribaError`. */
  start(sink: CaptureSink): Promise<void>;
  /** Resolves once everything captured so far has been delivered to the sink. */
  flush(): Promise<void>;
  /** Releases the input; nothing is delivered afterwards. Safe to call more than once. */
  stop(): Promise<void>;
}

/** One source per `start` or `resume`: a source is started once and stopped once. */
export type CaptureSourceFactory = () => CaptureSource;
