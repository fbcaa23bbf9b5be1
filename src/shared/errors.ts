/**
 * Named errors that Escriba expects and explains to the doctor. Code branches on the class (or on
 * `name` once an error has crossed a worker boundary), never on message text.
 */

export class EscribaError extends Error {
  // Spelled out in every class: a production build minifies class names, and `name` is what
  // rebuilds the error on the other side of a worker boundary.
  override name = 'EscribaError';
}

/** The browser refused to store more data (disk full, small profile, incognito quota). */
export class StorageFullError extends EscribaError {
  override name = 'StorageFullError';
}
/** The doctor (or a policy) denied microphone access. */
export class MicrophoneDeniedError extends EscribaError {
  override name = 'MicrophoneDeniedError';
}
/** No microphone is connected. */
export class MicrophoneMissingError extends EscribaError {
  override name = 'MicrophoneMissingError';
}
/** The microphone stopped delivering audio mid-recording (unplugged, taken by another app). */
export class MicrophoneDisconnectedError extends EscribaError {
  override name = 'MicrophoneDisconnectedError';
}
/**
 * Audio stopped arriving although the microphone is still there: the track was muted (a privacy
 * switch, another app took the device), the system suspended audio, or the capture went silent.
 */
export class CaptureStalledError extends EscribaError {
  override name = 'CaptureStalledError';
}
/** Another tab or window of Escriba is recording this consultation (it holds the recording lock). */
export class RecordingElsewhereError extends EscribaError {
  override name = 'RecordingElsewhereError';
}
/** The browser lacks something Escriba needs (AudioWorklet, IndexedDB…). */
export class UnsupportedBrowserError extends EscribaError {
  override name = 'UnsupportedBrowserError';
}
/** The model catalogue could not be read or does not follow its format; `problems` lists each one in Spanish. */
export class InvalidCatalogError extends EscribaError {
  override name = 'InvalidCatalogError';
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.problems = problems;
  }
}

/**
 * A model file could not be downloaded: the connection kept failing after the automatic retries,
 * or the server refused the file (`status` is then its HTTP status). What was already downloaded
 * stays on disk and a later download resumes from it.
 */
export class ModelDownloadError extends EscribaError {
  override name = 'ModelDownloadError';
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}
/** The download worker failed to start or crashed; what was on disk stays the resume point. */
export class DownloadWorkerError extends EscribaError {
  override name = 'DownloadWorkerError';
}
/** A model file did not match the catalogue (size or SHA-256), even after it was fetched again. */
export class IntegrityError extends EscribaError {
  override name = 'IntegrityError';
}
/** The picked folder lacks files of a model it seemed to hold (`missing`: their paths in the folder). */
export class ModelFolderIncompleteError extends EscribaError {
  override name = 'ModelFolderIncompleteError';
  readonly missing: readonly string[];
  constructor(message: string, options?: { cause?: unknown; missing?: readonly string[] }) {
    super(message, options);
    this.missing = options?.missing ?? [];
  }
}
/**
 * The commit a web-llm build's branch (`main`) points to could not be read from its host: no
 * connection, the repository or branch not found, or an answer that names no commit. Nothing of the
 * build is fetched without it, so no download can mix files of two commits.
 */
export class ModelRevisionError extends EscribaError {
  override name = 'ModelRevisionError';
}
/** A web-llm build's manifest (`tensor-cache.json`, `mlc-chat-config.json`) cannot be read or trusted. */
export class ModelManifestError extends IntegrityError {
  override name = 'ModelManifestError';
}
/**
 * Not enough storage for the model files: found before starting (then `neededBytes` and
 * `availableBytes` say by how much) or when the browser refused a write mid-download.
 */
export class ModelStorageFullError extends StorageFullError {
  override name = 'ModelStorageFullError';
  readonly neededBytes: number | undefined;
  readonly availableBytes: number | undefined;
  constructor(message: string, options?: { cause?: unknown; neededBytes?: number; availableBytes?: number }) {
    super(message, options);
    this.neededBytes = options?.neededBytes;
    this.availableBytes = options?.availableBytes;
  }
}

/** The chosen file is not one of the audio formats Escriba imports (by its extension or type). */
export class UnsupportedAudioFileError extends EscribaError {
  override name = 'UnsupportedAudioFileError';
  readonly fileName: string;
  constructor(fileName: string, options?: { cause?: unknown }) {
    super(`Formato no importable: ${fileName}`, options);
    this.fileName = fileName;
  }
}

/**
 * An audio file to import could not become audio: the browser could not decode it (damaged, or a
 * codec it lacks), it ends before its container says it should (`truncated`), or it holds no sound.
 */
export class AudioDecodeError extends EscribaError {
  override name = 'AudioDecodeError';
  readonly fileName: string;
  readonly reason: 'undecodable' | 'truncated' | 'empty';
  constructor(fileName: string, reason: AudioDecodeError['reason'], options?: { cause?: unknown }) {
    super(`No se pudo decodificar ${fileName} (${reason})`, options);
    this.fileName = fileName;
    this.reason = reason;
  }
}

const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Dexie wraps DOMExceptions; a quota failure may sit on the error itself or on `inner`. */
export function isQuotaError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current === 'object' && 'name' in current && QUOTA_ERROR_NAMES.has(String(current.name))) {
      return true;
    }
    current = typeof current === 'object' && current && 'inner' in current ? current.inner : undefined;
  }
  return false;
}

/** Maps getUserMedia's DOMException names onto Escriba's errors. */
export function microphoneError(error: unknown): EscribaError {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new MicrophoneDeniedError('Permiso de micrófono denegado', { cause: error });
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new MicrophoneMissingError('No hay micrófono', { cause: error });
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return new MicrophoneDisconnectedError('El micrófono no entrega audio', { cause: error });
  }
  return new EscribaError('Error de micrófono', { cause: error });
}

/** The speech model could not be loaded on any device (files missing or damaged, runtime failure). */
export class SpeechLoadError extends EscribaError {
  override name = 'SpeechLoadError';
}
/** A file of the speech model (for the device in use) is not in the model store: download it first. */
export class SpeechModelMissingError extends SpeechLoadError {
  override name = 'SpeechModelMissingError';
}
/** A transcription was asked for before a speech model was ready, or after it was released. */
export class SpeechNotReadyError extends EscribaError {
  override name = 'SpeechNotReadyError';
}
/** The caller cancelled a transcription (its AbortSignal fired); nothing is wrong. */
export class TranscriptionCancelledError extends EscribaError {
  override name = 'TranscriptionCancelledError';
}
/** A transcription failed on every device Escriba could try; the audio itself is still stored. */
export class TranscriptionError extends EscribaError {
  override name = 'TranscriptionError';
}
/** "Transcribir de nuevo" found no speech it would keep in the segment's audio; the text stays. */
export class NoSpeechFoundError extends EscribaError {
  override name = 'NoSpeechFoundError';
}
/** An action needs the speech model, and none is installed and runnable here. */
export class NoSpeechModelError extends EscribaError {
  override name = 'NoSpeechModelError';
}
/**
 * A transcription failed because its GPU was lost while it ran: that worker's ONNX Runtime is no
 * longer usable (speechGpuRecovery.ts), so SpeechClient replaces the worker and runs it again.
 */
export class SpeechGpuLostError extends TranscriptionError {
  override name = 'SpeechGpuLostError';
}
/** The speech worker failed to start or crashed; the model has to be loaded again. */
export class SpeechWorkerError extends EscribaError {
  override name = 'SpeechWorkerError';
}

/** The note model could not be loaded (files missing or damaged, runtime failure, web-llm refused it). */
export class NoteLoadError extends EscribaError {
  override name = 'NoteLoadError';
}
/** A file of the note model (for the device in use) is not in the model store: download it first. */
export class NoteModelMissingError extends NoteLoadError {
  override name = 'NoteModelMissingError';
}
/** This note model cannot run here: web-llm without WebGPU, or no variant for the adapter's features. */
export class NoteDeviceUnsupportedError extends NoteLoadError {
  override name = 'NoteDeviceUnsupportedError';
}
/** A note was asked for before a note model was ready, or while another one was being written. */
export class NoteNotReadyError extends EscribaError {
  override name = 'NoteNotReadyError';
}
/** Generating a note failed (runtime error, or the output broke the note grammar); the transcript is intact. */
export class NoteGenerationError extends EscribaError {
  override name = 'NoteGenerationError';
}
/** The GPU was lost while writing a note, and the model would not come back on it. */
export class NoteGpuLostError extends NoteGenerationError {
  override name = 'NoteGpuLostError';
}
/** The caller cancelled a note generation (its AbortSignal fired); nothing is wrong. */
export class NoteGenerationCancelledError extends EscribaError {
  override name = 'NoteGenerationCancelledError';
}
/** The note worker failed to start or crashed; the model has to be loaded again. */
export class NoteWorkerError extends EscribaError {
  override name = 'NoteWorkerError';
}
