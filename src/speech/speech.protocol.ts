/**
 * Messages between the speech worker (speech.worker.ts → speech.host.ts, which owns the Whisper
 * engine) and its client on the main thread (speechClient.ts). Both sides import this file;
 * nothing else defines these messages.
 *
 * Every event answers a request, by id. Status changes (loading bytes, warming, a GPU reload) are
 * the stream of events of one `watch` request the client sends when it starts the worker, because
 * they also happen between calls (a GPU lost while idle). Errors cross as `{ name, message }` and
 * are rebuilt as the named classes: structured clone keeps neither the class nor a custom `name`.
 */
import { TransformersJsModelSchema } from '../model-manager/catalogSchema';
import {
  EscribaError,
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
import type { SpeechLoadRequest, SpeechPhase, SpeechStatus, Transcription } from './speechEngine';

/** Main thread → worker. */
export type SpeechRequest =
  /** Asks for every status change, as `status` events with this id, until the worker ends. */
  | { type: 'watch'; id: number }
  | { type: 'load'; id: number; request: SpeechLoadRequest }
  | { type: 'transcribe'; id: number; audio: Float32Array; prompt?: string }
  /** Cancels the transcription started by the request with this id (it rejects as cancelled). */
  | { type: 'cancel'; id: number }
  | { type: 'dispose'; id: number };

export interface WireError {
  name: string;
  message: string;
}

export type SpeechResult = { type: 'load'; status: SpeechStatus } | { type: 'transcribe'; transcription: Transcription };

/** Worker → main thread, keyed by the request id. */
export type SpeechEvent =
  | { type: 'status'; id: number; status: SpeechStatus }
  | { type: 'result'; id: number; result: SpeechResult }
  | { type: 'error'; id: number; error: WireError }
  /** A request with no result (dispose) finished. */
  | { type: 'done'; id: number };

const PHASES: readonly SpeechPhase[] = ['idle', 'loading', 'warming', 'ready', 'error'];
const DEVICES = ['webgpu', 'wasm'];

const isDevice = (value: unknown): value is 'webgpu' | 'wasm' => typeof value === 'string' && DEVICES.includes(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

function isWireError(value: unknown): value is WireError {
  return isRecord(value) && typeof value.name === 'string' && typeof value.message === 'string';
}

function isLoadRequest(value: unknown): value is SpeechLoadRequest {
  return isRecord(value) && isDevice(value.device) && TransformersJsModelSchema.safeParse(value.model).success;
}

/** Message data is untyped: check it rather than cast it. */
export function isSpeechRequest(data: unknown): data is SpeechRequest {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'watch':
    case 'cancel':
    case 'dispose':
      return true;
    case 'load':
      return isLoadRequest(data.request);
    case 'transcribe':
      return data.audio instanceof Float32Array && isOptionalString(data.prompt);
    default:
      return false;
  }
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

function isSpeechResult(value: unknown): value is SpeechResult {
  if (!isRecord(value)) return false;
  if (value.type === 'load') return isSpeechStatus(value.status);
  return (
    value.type === 'transcribe' &&
    isRecord(value.transcription) &&
    typeof value.transcription.text === 'string' &&
    isDevice(value.transcription.device)
  );
}

export function isSpeechEvent(data: unknown): data is SpeechEvent {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'status':
      return isSpeechStatus(data.status);
    case 'result':
      return isSpeechResult(data.result);
    case 'error':
      return isWireError(data.error);
    case 'done':
      return true;
    default:
      return false;
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  // Libraries sometimes reject with a plain string: keep its text.
  return { name: 'Error', message: String(error) };
}

const NAMED: Record<string, new (message: string) => Error> = {
  SpeechGpuLostError,
  SpeechLoadError,
  SpeechModelMissingError,
  SpeechNotReadyError,
  SpeechWorkerError,
  StorageFullError,
  TranscriptionCancelledError,
  TranscriptionError,
  UnsupportedBrowserError,
};

export function fromWireError(wire: WireError): Error {
  const Named = Object.hasOwn(NAMED, wire.name) ? NAMED[wire.name] : undefined;
  if (Named) return new Named(wire.message);
  // Unexpected errors keep their name for diagnosis; the UI shows its generic message.
  const error = new EscribaError(wire.message);
  error.name = wire.name;
  return error;
}
