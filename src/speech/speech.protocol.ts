/**
 * The speech worker's methods (speech.worker.ts → speech.host.ts, which owns the Whisper engine;
 * its client on the main thread is speechClient.ts) and the checks of what each one carries. The
 * envelope, ids, cancelling and errors by name are the worker runtime's (shared/worker/).
 */
import { TransformersJsModelSchema } from '../model-manager/catalogSchema';
import {
  SpeechGpuLostError,
  SpeechLoadError,
  SpeechModelMissingError,
  SpeechNotReadyError,
  SpeechWorkerError,
  StorageFullError,
  TranscriptionCancelledError,
  TranscriptionError,
  UnsupportedBrowserError,
} from '../shared/errors';
import { isRecord } from '../shared/isRecord';
import { engineMethodChecks, type EngineMethods } from '../shared/worker/engineClient';
import { isWireError, type Method, type Protocol } from '../shared/worker/protocol';
import type { SpeechLoadRequest, SpeechPhase, SpeechStatus, Transcription } from './speechEngine';

export interface WireTranscribeRequest {
  /** Copied by structured clone, not transferred: the caller keeps its samples (to store or retry). */
  audio: Float32Array;
  prompt?: string;
}

/** The speech engine's own work; watch, load and dispose are every engine's. */
export type SpeechWork = { transcribe: Method<WireTranscribeRequest, never, Transcription> };
export type SpeechMethods = EngineMethods<SpeechLoadRequest, SpeechStatus> & SpeechWork;

const PHASES: readonly SpeechPhase[] = ['idle', 'loading', 'warming', 'ready', 'error'];
const DEVICES = ['webgpu', 'wasm'];

const isDevice = (value: unknown): value is 'webgpu' | 'wasm' => typeof value === 'string' && DEVICES.includes(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

function isLoadRequest(value: unknown): value is SpeechLoadRequest {
  return isRecord(value) && isDevice(value.device) && TransformersJsModelSchema.safeParse(value.model).success;
}

export function isSpeechStatus(value: unknown): value is SpeechStatus {
  return (
    isRecord(value) &&
    PHASES.some((phase) => phase === value.phase) &&
    isOptionalString(value.modelId) &&
    (value.device === undefined || isDevice(value.device)) &&
    isOptionalString(value.notice) &&
    (value.error === undefined || isWireError(value.error)) &&
    Array.isArray(value.files) &&
    value.files.every(
      (file) =>
        isRecord(file) &&
        typeof file.file === 'string' &&
        typeof file.loadedBytes === 'number' &&
        (file.totalBytes === null || typeof file.totalBytes === 'number'),
    )
  );
}

export const SPEECH_PROTOCOL: Protocol<SpeechMethods> = {
  methods: {
    ...engineMethodChecks(isLoadRequest, isSpeechStatus),
    transcribe: {
      params: (value): value is WireTranscribeRequest =>
        isRecord(value) && value.audio instanceof Float32Array && isOptionalString(value.prompt),
      result: (value): value is Transcription => isRecord(value) && typeof value.text === 'string' && isDevice(value.device),
    },
  },
  errors: {
    SpeechGpuLostError,
    SpeechLoadError,
    SpeechModelMissingError,
    SpeechNotReadyError,
    SpeechWorkerError,
    StorageFullError,
    TranscriptionCancelledError,
    TranscriptionError,
    UnsupportedBrowserError,
  },
};
