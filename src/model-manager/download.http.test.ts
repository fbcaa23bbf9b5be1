import { describe, expect, it } from 'vitest';
import { backoffMs, parseContentRange, planResponse, rangeHeaders } from './download.http';

const head = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });

describe('rangeHeaders', () => {
  it('asks for the rest of the file from the offset, and nothing at 0', () => {
    expect(rangeHeaders(0)).toEqual({});
    expect(rangeHeaders(1234)).toEqual({ Range: 'bytes=1234-' });
  });
});

describe('parseContentRange', () => {
  it('reads ranges with and without a known total, and the 416 form', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 100-199/*')).toEqual({ start: 100, end: 199, total: undefined });
    expect(parseContentRange('bytes */1000')).toEqual({ unsatisfiedTotal: 1000 });
  });
  it('rejects what is malformed', () => {
    expect(parseContentRange(null)).toBeUndefined();
    expect(parseContentRange('bytes 200-100/1000')).toBeUndefined();
    expect(parseContentRange('items 0-1/2')).toBeUndefined();
  });
});

describe('planResponse', () => {
  it('appends a 206 that starts where the .part ends', () => {
    expect(planResponse(head(206, { 'Content-Range': 'bytes 500-999/1000' }), 500)).toEqual({ kind: 'append', total: 1000 });
  });
  it('retries a 206 for another range than asked', () => {
    expect(planResponse(head(206, { 'Content-Range': 'bytes 0-999/1000' }), 500)).toEqual({ kind: 'retry', status: 206 });
    expect(planResponse(head(206), 500)).toEqual({ kind: 'retry', status: 206 });
  });
  it('restarts on a 200 (Range ignored), with Content-Length only as a hint', () => {
    expect(planResponse(head(200, { 'Content-Length': '1000' }), 500)).toEqual({ kind: 'restart', lengthHint: 1000 });
    expect(planResponse(head(200), 0)).toEqual({ kind: 'restart', lengthHint: undefined });
  });
  it('reads the total from a 416', () => {
    expect(planResponse(head(416, { 'Content-Range': 'bytes */1000' }), 1000)).toEqual({ kind: 'unsatisfiable', total: 1000 });
    expect(planResponse(head(416), 1000)).toEqual({ kind: 'unsatisfiable', total: undefined });
  });
  it('retries server trouble and gives up on refusals', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(planResponse(head(status), 0).kind).toBe('retry');
    for (const status of [400, 401, 403, 404, 410]) expect(planResponse(head(status), 0)).toEqual({ kind: 'fail', status });
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, 1_000, 10_000))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });
});
