/**
 * What the rest of Escriba knows of speech-to-text: one interface, implemented twice. `WhisperEngine`
 * runs transformers.js inside the speech worker; `SpeechClient` is its stand-in on the main thread
 * and forwards every call to the worker (invariant 3: the UI thread never does inference). Screens
 * and the transcription queue depend on this interface only, so tests can drive either side.
 *
 * Lifecycle: idle → loading (per-file bytes) → warming (one short decode) → ready | error. A GPU
 * failure while ready goes back through loading/warming and comes out ready again with a `notice`
 * for the doctor (same GPU reloaded, or now on the processor); it is never silent.
 */
import type { TransformersJsModel } from '../model-manager/catalogSchema';
import type { ComputeDevice } from '../shared/gpuRecovery';

export type SpeechPhase = 'idle' | 'loading' | 'warming' | 'ready' | 'error';
export type SpeechDevice = ComputeDevice;

export interface SpeechFileProgress {
  /** Path inside the model repository, as in the catalogue (e.g. "onnx/encoder_model.onnx"). */
  file: string;
  loadedBytes: number;
  totalBytes: number | null;
}

export interface SpeechStatus {
  phase: SpeechPhase;
  modelId?: string;
  /** The device actually in use (after a fallback, not the one asked for). */
  device?: SpeechDevice;
  /** Per-file bytes read from the model store while loading. */
  files: SpeechFileProgress[];
  /** Spanish, for the doctor, when something changed that they must know (GPU lost → reloaded / now on CPU). */
  notice?: string;
  error?: { name: string; message: string };
}

export interface SpeechLoadRequest {
  model: TransformersJsModel;
  device: SpeechDevice;
}

export interface TranscribeOptions {
  /** Previous segment text and glossary: sent as Whisper's `<|startofprev|>` context, never returned. */
  prompt?: string;
  /** Aborting rejects the call with TranscriptionCancelledError. */
  signal?: AbortSignal;
}

export interface Transcription {
  /** The Spanish text, without Whisper's leading space. Empty when nothing was said. */
  text: string;
  device: SpeechDevice;
}

export interface SpeechEngine {
  /** Resolves when ready (after warm-up); rejects with a named error (SpeechLoadError…). */
  load(request: SpeechLoadRequest): Promise<SpeechStatus>;
  /** 16 kHz mono samples, at most 30 s. Calls run one at a time, in order. */
  transcribe(audio: Float32Array, options?: TranscribeOptions): Promise<Transcription>;
  getStatus(): SpeechStatus;
  /** Called on every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SpeechStatus) => void): () => void;
  /** Releases the model's sessions (and GPU memory); the engine is idle afterwards. */
  dispose(): Promise<void>;
}

/** Whisper's input: 16 kHz, one window of 30 s. */
export const SPEECH_SAMPLE_RATE = 16_000;
export const MAX_UTTERANCE_S = 30;
