/**
 * The recorder's view of "something that produces 16 kHz mono audio": the microphone in the app
 * (`microphoneCapture.ts`), synthetic samples in tests.
 */

export interface CaptureSink {
  /** 16 kHz mono samples in [-1, 1], in order; ownership of `samples` passes to the sink. */
  audio(samples: Float32Array, peak: number): void;
  /** The input stopped for good (device unplugged, taken by another app, permission revoked). */
  ended(): void;
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
