/**
 * Messages between the download worker (download.worker.ts, which owns the engine and writes the
 * OPFS `.part` files) and its client on the main thread (download.client.ts). Both sides import
 * this file; nothing else defines these messages.
 *
 * Errors cross as `{ name, message, …figures }` and are rebuilt as the named classes, because
 * structured clone keeps neither the class nor a custom `name`.
 */
import { isRecord } from '../shared/isRecord';
import type { FolderFile } from './folderSource';
import {
  EscribaError,
  IntegrityError,
  ModelDownloadError,
  ModelStorageFullError,
  StorageFullError,
  UnsupportedBrowserError,
} from '../shared/errors';
import type { DownloadFile, DownloadProgress, DownloadResult, FileProgress, RetryPolicy } from './download.types';

/** Main thread → worker. */
export type DownloadRequest =
  | { type: 'download'; id: number; files: DownloadFile[]; retry?: Partial<RetryPolicy>; folder?: FolderFile[] }
  /** Pauses the download started by the request with this id (its `result` says `paused`). */
  | { type: 'pause'; id: number };

export interface WireError {
  name: string;
  message: string;
  status?: number;
  neededBytes?: number;
  availableBytes?: number;
}

export type WireFileProgress = Omit<FileProgress, 'error'> & { error?: WireError };
export type WireProgress = Omit<DownloadProgress, 'files'> & { files: WireFileProgress[] };
export type WireResult = Omit<DownloadResult, 'progress' | 'error'> & { progress: WireProgress; error?: WireError };

/** Worker → main thread, keyed by the request id. */
export type DownloadEvent =
  | { type: 'progress'; id: number; progress: WireProgress }
  /** The run ended: ready, paused or with a named error (an expected failure is a result). */
  | { type: 'result'; id: number; result: WireResult }
  /** The worker itself failed (a bug, not a download problem). */
  | { type: 'error'; id: number; error: WireError };


/** Message data is untyped: check it rather than cast it. */
export function isDownloadRequest(data: unknown): data is DownloadRequest {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  if (data.type === 'pause') return true;
  const folderOk =
    data.folder === undefined ||
    (Array.isArray(data.folder) && data.folder.every((f) => isRecord(f) && typeof f.url === 'string' && f.file instanceof File));
  return data.type === 'download' && Array.isArray(data.files) && data.files.every(isDownloadFile) && folderOk;
}

function isDownloadFile(value: unknown): value is DownloadFile {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.url === 'string' &&
    (value.bytes === undefined || typeof value.bytes === 'number') &&
    (value.sha256 === undefined || typeof value.sha256 === 'string') &&
    (value.folderPath === undefined || typeof value.folderPath === 'string')
  );
}

export function isDownloadEvent(data: unknown): data is DownloadEvent {
  if (!isRecord(data) || typeof data.id !== 'number') return false;
  switch (data.type) {
    case 'progress':
      return isRecord(data.progress) && Array.isArray(data.progress.files);
    case 'result':
      return isRecord(data.result) && typeof data.result.outcome === 'string' && isRecord(data.result.progress);
    case 'error':
      return isRecord(data.error) && typeof data.error.name === 'string';
    default:
      return false;
  }
}

export function toWireError(error: Error): WireError {
  const wire: WireError = { name: error.name, message: error.message };
  if (error instanceof ModelDownloadError && error.status !== undefined) wire.status = error.status;
  if (error instanceof ModelStorageFullError) {
    if (error.neededBytes !== undefined) wire.neededBytes = error.neededBytes;
    if (error.availableBytes !== undefined) wire.availableBytes = error.availableBytes;
  }
  return wire;
}

export function fromWireError(wire: WireError): Error {
  switch (wire.name) {
    case 'ModelDownloadError':
      return new ModelDownloadError(wire.message, wire.status === undefined ? {} : { status: wire.status });
    case 'IntegrityError':
      return new IntegrityError(wire.message);
    case 'ModelStorageFullError':
      return new ModelStorageFullError(wire.message, {
        ...(wire.neededBytes === undefined ? {} : { neededBytes: wire.neededBytes }),
        ...(wire.availableBytes === undefined ? {} : { availableBytes: wire.availableBytes }),
      });
    case 'StorageFullError':
      return new StorageFullError(wire.message);
    case 'UnsupportedBrowserError':
      return new UnsupportedBrowserError(wire.message);
    default: {
      // Unexpected errors keep their name for diagnosis; the UI shows its generic message.
      const error = new EscribaError(wire.message);
      error.name = wire.name;
      return error;
    }
  }
}

export function toWireProgress(progress: DownloadProgress): WireProgress {
  return { ...progress, files: progress.files.map(({ error, ...file }) => (error ? { ...file, error: toWireError(error) } : file)) };
}

export function fromWireProgress(progress: WireProgress): DownloadProgress {
  return {
    ...progress,
    files: progress.files.map(({ error, ...file }) => (error ? { ...file, error: fromWireError(error) } : file)),
  };
}

export function toWireResult({ error, progress, ...rest }: DownloadResult): WireResult {
  return { ...rest, progress: toWireProgress(progress), ...(error ? { error: toWireError(error) } : {}) };
}

export function fromWireResult({ error, progress, ...rest }: WireResult): DownloadResult {
  return { ...rest, progress: fromWireProgress(progress), ...(error ? { error: fromWireError(error) } : {}) };
}
