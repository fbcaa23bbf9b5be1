/**
 * The download engine's vocabulary, shared by the engine (in a worker), its client on the main
 * thread and the screens. A catalogue entry maps onto `DownloadFile` (key `${modelId}/${path}`).
 */

import type { FolderFile } from './folderSource';

export interface DownloadFile {
  /** Where the file lives in the model store, e.g. `whisper-base/onnx/encoder_model.onnx`. */
  key: string;
  url: string;
  /** From the catalogue; checked always when given (else what the server declares is checked). */
  bytes?: number;
  /** Lowercase hex, from the catalogue; checked when given. */
  sha256?: string;
  /** Its path in a provisioning folder, where the URL does not say it (see folderSource.ts). */
  folderPath?: string;
}

/**
 * pending → downloading → verifying → ready; `paused` when the caller aborts, `error` with a named
 * error (ModelDownloadError, IntegrityError, ModelStorageFullError). `verifying` also covers
 * re-reading a `.part` left by an earlier page to rebuild its hash before resuming.
 */
export type FileState = 'pending' | 'downloading' | 'paused' | 'verifying' | 'ready' | 'error';

export interface FileProgress {
  key: string;
  state: FileState;
  /** Bytes on disk for this file (resumed bytes included). */
  receivedBytes: number;
  /** From the catalogue, else from the server once it answered; undefined until known. */
  totalBytes: number | undefined;
  error?: Error;
}

export interface DownloadProgress {
  files: FileProgress[];
  receivedBytes: number;
  /** Undefined while some file's size is unknown. */
  totalBytes: number | undefined;
  /** Network speed over the last few seconds; undefined before there is enough to say. */
  bytesPerSecond: number | undefined;
  secondsLeft: number | undefined;
}

export type DownloadOutcome = 'ready' | 'paused' | 'error';

/** Expected failures are results, not exceptions: `error` is the named error that stopped the run. */
export interface DownloadResult {
  outcome: DownloadOutcome;
  progress: DownloadProgress;
  error?: Error;
}

export interface RetryPolicy {
  /** Consecutive failed attempts that brought no new byte before the file is given up. */
  maxAttemptsWithoutProgress: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No byte for this long counts as a dropped connection (a stalled socket never errors). */
  stallTimeoutMs: number;
}

export interface DownloadOptions {
  /** Aborting pauses: the current file keeps its bytes on disk and becomes `paused`. */
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  retry?: Partial<RetryPolicy>;
  /** Read these files of a picked folder (see folderSource.ts) instead of the network. */
  folder?: readonly FolderFile[];
}

/** Implemented by the engine (in the worker) and by its main-thread client alike. */
export interface ModelDownloader {
  download(files: readonly DownloadFile[], options?: DownloadOptions): Promise<DownloadResult>;
}
