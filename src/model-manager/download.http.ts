/**
 * HTTP for resumable downloads: the Range request that continues a `.part`, and what a response
 * means for it. Only `bytes=N-` is ever sent: it is the one form Chromium treats as a
 * CORS-safelisted header, so resuming from a model host needs no preflight.
 */

export function rangeHeaders(offset: number): Record<string, string> {
  return offset > 0 ? { Range: `bytes=${offset}-` } : {};
}

export type ContentRange = { start: number; end: number; total: number | undefined } | { unsatisfiedTotal: number };

/** Parses `bytes 100-199/1000`, `bytes 100-199/*` and `bytes *\/1000`; undefined when malformed. */
export function parseContentRange(header: string | null): ContentRange | undefined {
  if (!header) return undefined;
  const unsatisfied = /^bytes \*\/(\d+)$/i.exec(header.trim());
  if (unsatisfied) return { unsatisfiedTotal: Number(unsatisfied[1]) };
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/i.exec(header.trim());
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) return undefined;
  return { start, end, total: match[3] === '*' ? undefined : Number(match[3]) };
}

export type ResponsePlan =
  /** 206 from the requested offset: append the body. `total` is the whole file's size if given. */
  | { kind: 'append'; total: number | undefined }
  /**
   * 200: the whole file from byte 0 (a server that ignores Range answers so); restart the `.part`.
   * Content-Length is only a hint for progress: with Content-Encoding it counts compressed bytes,
   * and cross-origin the encoding header cannot be read to tell. (Chromium itself fails the body
   * if fewer bytes than declared arrive, so a short 200 is still caught.)
   */
  | { kind: 'restart'; lengthHint: number | undefined }
  /** 416: nothing at or past the offset. Complete if `total` equals it; otherwise start over. */
  | { kind: 'unsatisfiable'; total: number | undefined }
  /** Worth trying again after a pause (5xx, 408, 429, a 206 that is not what was asked). */
  | { kind: 'retry'; status: number }
  /** The server will not give this file (404, 403…): retrying will not help. */
  | { kind: 'fail'; status: number };

const RETRIABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export interface ResponseHead {
  status: number;
  headers: { get(name: string): string | null };
}

export function planResponse(response: ResponseHead, offset: number): ResponsePlan {
  const { status, headers } = response;
  if (status === 206) {
    const range = parseContentRange(headers.get('Content-Range'));
    if (!range || 'unsatisfiedTotal' in range || range.start !== offset) return { kind: 'retry', status };
    return { kind: 'append', total: range.total };
  }
  if (status === 200) return { kind: 'restart', lengthHint: contentLength(headers) };
  if (status === 416) {
    const range = parseContentRange(headers.get('Content-Range'));
    return { kind: 'unsatisfiable', total: range && 'unsatisfiedTotal' in range ? range.unsatisfiedTotal : undefined };
  }
  if (RETRIABLE_STATUS.has(status)) return { kind: 'retry', status };
  return { kind: 'fail', status };
}

function contentLength(headers: ResponseHead['headers']): number | undefined {
  const value = headers.get('Content-Length');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** Exponential back-off: base, 2×base, 4×base… capped; `attempt` counts from 1. */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}
