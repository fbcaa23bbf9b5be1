/**
 * The note worker's methods (note.worker.ts → note.host.ts, which owns the engines; its client on
 * the main thread is noteClient.ts) and the checks of what each one carries. The envelope, ids,
 * cancelling and errors by name are the worker runtime's (shared/worker/).
 */
import { CatalogModelSchema } from '../../model-manager/catalogSchema';
import * as named from '../../shared/errors';
import { errorClasses } from '../../shared/worker/errorCodec';
import { isRecord } from '../../shared/isRecord';
import { engineMethodChecks, type EngineMethods } from '../../shared/worker/engineClient';
import type { Method, Protocol } from '../../shared/worker/protocol';
import { isDevice, isModelStatus, isNumber } from '../../shared/worker/statusChecks';
import type { NoteChatMessage, NoteEngineStatus, NoteGenerationProgress, NoteGenerationResult, NoteLoadRequest, NotePhase } from './noteEngine';

/** A generation request as it crosses: no signal (cancel is a message) and no callback (progress is events). */
export interface WireGenerationRequest {
  messages: NoteChatMessage[];
  jsonSchema: object;
  maxTokens: number;
}

/** The note engine's own work; watch, load and dispose are every engine's. */
export type NoteWork = { generate: Method<WireGenerationRequest, NoteGenerationProgress, NoteGenerationResult> };
export type NoteMethods = EngineMethods<NoteLoadRequest, NoteEngineStatus> & NoteWork;

const PHASES: readonly NotePhase[] = ['idle', 'loading', 'warming', 'ready', 'generating', 'error'];
const ROLES = ['system', 'user', 'assistant'];

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

export function isNoteStatus(value: unknown): value is NoteEngineStatus {
  return isModelStatus(value, PHASES) && (value.progress === undefined || isNumber(value.progress));
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

export const NOTE_PROTOCOL: Protocol<NoteMethods> = {
  methods: {
    ...engineMethodChecks(isLoadRequest, isNoteStatus),
    generate: { params: isGenerationRequest, progress: isProgress, result: isGenerationResult },
  },
  errors: errorClasses(named, [
    'NoteDeviceUnsupportedError', 'NoteGenerationCancelledError', 'NoteGenerationError', 'NoteGpuLostError', 'NoteLoadError',
    'NoteModelMissingError', 'NoteNotReadyError', 'NoteWorkerError', 'StorageFullError',
  ]),
};
