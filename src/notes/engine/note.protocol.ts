/**
 * Messages between the note worker (note.worker.ts → note.host.ts, which owns the engines) and its
 * client on the main thread (noteClient.ts). Both sides import this file; nothing else defines
 * these messages.
 *
 * Every event answers a request, by id. Status changes (bytes loaded, warming, ready) are the
 * stream of `status` events of one `watch` request the client sends when it starts the worker;
 * generation progress is a stream of `progress` events of its `generate` request. Errors cross as
 * `{ name, message }` and are rebuilt as the named classes: structured clone keeps neither the
 * class nor a custom `name`.
 */
import { CatalogModelSchema } from '../../model-manager/catalogSchema';
import {
  EscribaError,
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
  NoteGenerationError,
  NoteGpuLostError,
  NoteLoadError,
  NoteModelMissingError,
  NoteNotReadyError,
  NoteWorkerError,
  StorageFullError,
} from '../../shared/errors';
import { isRecord } from '../../shared/isRecord';
import type { NoteChatMessage, NoteEngineStatus, NoteGenerationProgress, NoteGenerationResult, NoteLoadRequest, NotePhase } from './noteEngine';

/** A generation request as it crosses: no signal (cancel is a message) and no callback (progress is events). */
export interface WireGenerationRequest {
  messages: NoteChatMessage[];
  jsonSchema: object;
  maxTokens: number;
}

/** Main thread → worker. */
export type NoteRequest =
  /** Asks for every status change, as `status` events with this id, until the worker ends. */
  | { type: 'watch'; id: number }
  | { type: 'load'; id: number; request: NoteLoadRequest }
  | { type: 'generate'; id: number; request: WireGenerationRequest }
  /** Cancels the generation started by the request with this id (it rejects as cancelled). */
  | { type: 'cancel'; id: number }
  | { type: 'dispose'; id: number };

export interface WireError {
  name: string;
  message: string;
}

export type NoteResult = { type: 'load'; status: NoteEngineStatus } | { type: 'generate'; result: NoteGenerationResult };

/** Worker → main thread, keyed by the request id. */
export type NoteEvent =
  | { type: 'status'; id: number; status: NoteEngineStatus }
  | { type: 'progress'; id: number; progress: NoteGenerationProgress }
  | { type: 'result'; id: number; result: NoteResult }
  | { type: 'error'; id: number; error: WireError }
  /** A request with no result (dispose) finished. */
  | { type: 'done'; id: number };

const PHASES: readonly NotePhase[] = ['idle', 'loading', 'warming', 'ready', 'generating', 'error'];
const DEVICES = ['webgpu', 'wasm'];
const ROLES = ['system', 'user', 'assistant'];

const isDevice = (value: unknown): value is 'webgpu' | 'wasm' => typeof value === 'string' && DEVICES.includes(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

function isWireError(value: unknown): value is WireError {
  return isRecord(value) && typeof value.name === 'string' && typeof value.message === 'string';
}

function isLoadRequest(value: unknown): value is NoteLoadRequest {
  return isRecord(value) && isDevice(value.device) && CatalogModelSchema.safeParse(value.model).success;
}

function isGenerationRequest(value: unknown): value is WireGenerationRequest {
  return (
    isRecord(value) &&
    isRecord(value.jsonSchema) &&
    isNumber(value.maxTokens) &&
    Array.isArray(value.messages) &&
    value.messages.every((m) => isRecord(m) && typeof m.content === 'string' && ROLES.includes(String(m.role)))
  );
}

/** Message data is untyped: check it rather than cast it. */
export function isNoteRequest(data: unknown): data is NoteRequest {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'watch':
    case 'cancel':
    case 'dispose':
      return true;
    case 'load':
      return isLoadRequest(data.request);
    case 'generate':
      return isGenerationRequest(data.request);
    default:
      return false;
  }
}

export function isNoteStatus(value: unknown): value is NoteEngineStatus {
  return (
    isRecord(value) &&
    PHASES.some((phase) => phase === value.phase) &&
    isOptionalString(value.modelId) &&
    (value.device === undefined || isDevice(value.device)) &&
    (value.progress === undefined || isNumber(value.progress)) &&
    (value.error === undefined || isWireError(value.error)) &&
    isOptionalString(value.notice) &&
    Array.isArray(value.files) &&
    value.files.every(
      (file) => isRecord(file) && typeof file.file === 'string' && isNumber(file.loadedBytes) && (file.totalBytes === null || isNumber(file.totalBytes)),
    )
  );
}

function isProgress(value: unknown): value is NoteGenerationProgress {
  return isRecord(value) && isNumber(value.outputTokens) && isNumber(value.tokensPerSecond) && typeof value.text === 'string';
}

function isGenerationResult(value: unknown): value is NoteGenerationResult {
  return (
    isRecord(value) &&
    typeof value.text === 'string' &&
    [value.promptTokens, value.outputTokens, value.timeToFirstTokenMs, value.totalMs].every(isNumber)
  );
}

function isNoteResult(value: unknown): value is NoteResult {
  if (!isRecord(value)) return false;
  if (value.type === 'load') return isNoteStatus(value.status);
  return value.type === 'generate' && isGenerationResult(value.result);
}

export function isNoteEvent(data: unknown): data is NoteEvent {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'status':
      return isNoteStatus(data.status);
    case 'progress':
      return isProgress(data.progress);
    case 'result':
      return isNoteResult(data.result);
    case 'error':
      return isWireError(data.error);
    case 'done':
      return true;
    default:
      return false;
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    // The cause (a runtime's own words) stays readable on the other side, for diagnosis.
    const { cause } = error;
    const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
    return { name: error.name, message: detail ? `${error.message}: ${detail}` : error.message };
  }
  // web-llm rejects with plain strings: keep their text.
  return { name: 'Error', message: String(error) };
}

const NAMED: Record<string, new (message: string) => Error> = {
  NoteDeviceUnsupportedError,
  NoteGenerationCancelledError,
  NoteGenerationError,
  NoteGpuLostError,
  NoteLoadError,
  NoteModelMissingError,
  NoteNotReadyError,
  NoteWorkerError,
  StorageFullError,
};

export function fromWireError(wire: WireError): Error {
  const Named = Object.hasOwn(NAMED, wire.name) ? NAMED[wire.name] : undefined;
  if (Named) return new Named(wire.message);
  // Unexpected errors keep their name for diagnosis; the UI shows its generic message.
  const error = new EscribaError(wire.message);
  error.name = wire.name;
  return error;
}
