/**
 * The quota check before a download starts: better to say "not enough space" at once than after
 * an hour of downloading. It is only a first line: Chromium's `navigator.storage.estimate()`
 * reports usage + ~10 GiB whatever the real quota (and ignores DevTools quota overrides), so a
 * refused write mid-download is still handled (see download.file.ts).
 */
import { ModelStorageFullError } from '../shared/errors';

/**
 * Space left free after the models: about an hour of recorded audio (16 kHz int16 ≈ 115 MB/h),
 * so downloading models never leaves the doctor unable to record the next consultation.
 */
export const QUOTA_HEADROOM_BYTES = 120 * 1000 * 1000;

export interface QuotaEstimate {
  quota?: number | undefined;
  usage?: number | undefined;
}

/** Throws ModelStorageFullError when `remainingBytes` (still to download) will not fit. */
export function checkQuota(remainingBytes: number, estimate: QuotaEstimate): void {
  if (remainingBytes <= 0) return;
  // Without both figures there is nothing to compare: the write-time check still applies.
  if (estimate.quota === undefined || estimate.usage === undefined) return;
  const availableBytes = Math.max(0, estimate.quota - estimate.usage);
  const neededBytes = remainingBytes + QUOTA_HEADROOM_BYTES;
  if (neededBytes > availableBytes) {
    throw new ModelStorageFullError(`Model download needs ${neededBytes} bytes; ${availableBytes} available`, {
      neededBytes,
      availableBytes,
    });
  }
}
