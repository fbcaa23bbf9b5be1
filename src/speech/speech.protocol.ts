/**
 * The speech worker's methods (speech.worker.ts → speech.host.ts, which owns the Whisper engine;
 * its client on the main thread is speechClient.ts) and the checks of what each one carries. The
 * envelope, ids, cancelling and errors by name are the worker runtime's (shared/worker/).
 */
import { TransformersJsModelSchema } from '../model-manager/catalogSchema';
import * as named from '../shared/errors';
import { errorClasses } from '../shared/worker/errorCodec';
import { isRecord } from '../shared/isRecord';
import { engineMethodChecks, type EngineMethods } from '../shared/worker/engineClient';
import type { Method, Protocol } from '../shared/worker/protocol';
import { isDevice, isModelStatus, isOptionalString } from '../shared/worker/statusChecks';
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

function isLoadRequest(value: unknown): value is SpeechLoadRequest {
  return isRecord(value) && isDevice(value.device) && TransformersJsModelSchema.safeParse(value.model).success;
}

export function isSpeechStatus(value: unknown): value is SpeechStatus {
  return isModelStatus(value, PHASES);
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
  errors: errorClasses(named, [
    'SpeechGpuLostError', 'SpeechLoadError', 'SpeechModelMissingError', 'SpeechNotReadyError', 'SpeechWorkerError',
    'StorageFullError', 'TranscriptionCancelledError', 'TranscriptionError', 'UnsupportedBrowserError',
  ]),
};
