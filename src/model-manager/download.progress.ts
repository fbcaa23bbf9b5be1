/**
 * Progress maths for downloads: speed over a sliding window, time left, totals across files, and
 * the tracker that holds each file's progress and reports it at a bounded rate (a 2 GB file
 * arrives in ~30,000 chunks; the UI and the worker channel need a few updates a second, not that).
 */
import type { DownloadProgress, FileProgress } from './download.types';

/** Long enough to smooth bursts, short enough to follow a connection that slows down. */
export const SPEED_WINDOW_MS = 5_000;
/** Less than this much history gives a speed too noisy to show. */
export const MIN_SPEED_SPAN_MS = 500;
export const PROGRESS_INTERVAL_MS = 200;

/** Network bytes per second over the last `windowMs`, from cumulative byte counts. */
export class SpeedMeter {
  private samples: { atMs: number; bytes: number }[] = [];

  constructor(private readonly windowMs = SPEED_WINDOW_MS) {}

  /** `networkBytes` is cumulative and only grows (bytes that came over the network this run). */
  record(atMs: number, networkBytes: number): void {
    this.samples.push({ atMs, bytes: networkBytes });
    // Keep one sample at or before the window's start so the span covers the whole window.
    while (this.samples.length > 2 && this.samples[1]!.atMs <= atMs - this.windowMs) this.samples.shift();
  }

  bytesPerSecond(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) return undefined;
    const spanMs = last.atMs - first.atMs;
    if (spanMs < MIN_SPEED_SPAN_MS) return undefined;
    return ((last.bytes - first.bytes) * 1000) / spanMs;
  }

  /** A pause or a retry's back-off is not a slow network: start measuring afresh. */
  reset(): void {
    this.samples = [];
  }
}

export function secondsLeft(remainingBytes: number | undefined, bytesPerSecond: number | undefined): number | undefined {
  if (remainingBytes === undefined) return undefined;
  if (remainingBytes <= 0) return 0;
  if (bytesPerSecond === undefined || bytesPerSecond <= 0) return undefined;
  return Math.ceil(remainingBytes / bytesPerSecond);
}

export function totals(files: readonly FileProgress[]): { receivedBytes: number; totalBytes: number | undefined } {
  let receivedBytes = 0;
  let totalBytes: number | undefined = 0;
  for (const file of files) {
    receivedBytes += file.receivedBytes;
    totalBytes = totalBytes === undefined || file.totalBytes === undefined ? undefined : totalBytes + file.totalBytes;
  }
  return { receivedBytes, totalBytes };
}

export interface TrackerOptions {
  now: () => number;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  intervalMs?: number;
}

/** Each file's progress; reports state changes at once and byte counts at most every interval. */
export class ProgressTracker {
  private readonly files = new Map<string, FileProgress>();
  private readonly speed = new SpeedMeter();
  private networkBytes = 0;
  private lastEmitMs = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(
    keys: readonly { key: string; bytes?: number | undefined }[],
    private readonly options: TrackerOptions,
  ) {
    this.intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
    for (const { key, bytes } of keys) this.files.set(key, { key, state: 'pending', receivedBytes: 0, totalBytes: bytes });
  }

  get(key: string): FileProgress {
    const file = this.files.get(key);
    if (!file) throw new Error(`No download tracked for ${key}`);
    return file;
  }

  /** A state or size change: reported at once. */
  update(key: string, patch: Partial<Omit<FileProgress, 'key'>>): void {
    const file = this.get(key);
    this.files.set(key, { ...file, ...patch });
    if (patch.state === 'paused' || patch.state === 'error') this.speed.reset();
    this.emit(true);
  }

  /** Bytes that arrived over the network and are now on disk. */
  addBytes(key: string, bytes: number): void {
    const file = this.get(key);
    this.files.set(key, { ...file, receivedBytes: file.receivedBytes + bytes });
    this.networkBytes += bytes;
    this.speed.record(this.options.now(), this.networkBytes);
    this.emit(false);
  }

  /** A wait with no traffic (back-off before a retry) must not read as a slow connection. */
  pauseSpeed(): void {
    this.speed.reset();
  }

  snapshot(): DownloadProgress {
    const files = [...this.files.values()].map((file) => ({ ...file }));
    const { receivedBytes, totalBytes } = totals(files);
    const bytesPerSecond = this.speed.bytesPerSecond();
    const remaining = totalBytes === undefined ? undefined : totalBytes - receivedBytes;
    return { files, receivedBytes, totalBytes, bytesPerSecond, secondsLeft: secondsLeft(remaining, bytesPerSecond) };
  }

  private emit(force: boolean): void {
    if (!this.options.onProgress) return;
    const nowMs = this.options.now();
    if (!force && nowMs - this.lastEmitMs < this.intervalMs) return;
    this.lastEmitMs = nowMs;
    this.options.onProgress(this.snapshot());
  }
}
