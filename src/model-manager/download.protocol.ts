/**
 * The download worker's one method (download.worker.ts → download.host.ts, which owns the engine
 * and writes the OPFS `.part` files; its client on the main thread is download.client.ts) and the
 * checks of what it carries. The envelope, ids and cancelling are the worker runtime's
 * (shared/worker/): pausing a download is cancelling its call, and its `result` says `paused`.
 *
 * An expected failure is a result, not an error: its errors cross inside the progress and result
 * as `{ name, message, …figures }` and are rebuilt as the named classes with their figures,
 * because structured clone keeps neither the class nor a custom `name`.
 */
import { isRecord } from '../shared/isRecord';
import type { Method, Protocol } from '../shared/worker/protocol';
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

export interface WireDownloadRequest {
  files: DownloadFile[];
  retry?: Partial<RetryPolicy>;
  folder?: FolderFile[];
}

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

export type DownloadMethods = { download: Method<WireDownloadRequest, WireProgress, WireResult> };

function isDownloadRequest(value: unknown): value is WireDownloadRequest {
  if (!isRecord(value)) return false;
  const folderOk =
    value.folder === undefined ||
    (Array.isArray(value.folder) && value.folder.every((f) => isRecord(f) && typeof f.url === 'string' && f.file instanceof File));
  return Array.isArray(value.files) && value.files.every(isDownloadFile) && folderOk;
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

const isWireProgress = (value: unknown): value is WireProgress => isRecord(value) && Array.isArray(value.files);

export const DOWNLOAD_PROTOCOL: Protocol<DownloadMethods> = {
  methods: {
    download: {
      params: isDownloadRequest,
      progress: isWireProgress,
      result: (value): value is WireResult => isRecord(value) && typeof value.outcome === 'string' && isWireProgress(value.progress),
    },
  },
  // A thrown error is the worker failing (a bug, not a download problem): its name is enough.
  errors: { IntegrityError, ModelDownloadError, StorageFullError, UnsupportedBrowserError },
};

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
