import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OGG_MAX_PAGE_BYTES, oggIsTruncated } from './ogg';

/** Real files made by ffmpeg (test/fixtures/audio/import/make-import-audio.sh): Vorbis and Opus. */
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../test/fixtures/audio/import/${name}`, import.meta.url)));
const FILES = ['consulta.ogg', 'consulta-opus.ogg', 'silencio-10min.ogg'];

/** Where pages start, found independently of ogg.ts: every "OggS" capture pattern. */
function pageStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (bytes[i] === 0x4f && bytes[i + 1] === 0x67 && bytes[i + 2] === 0x67 && bytes[i + 3] === 0x53) starts.push(i);
  }
  return starts;
}

describe('oggIsTruncated', () => {
  it.each(FILES)('accepts the complete file %s', (name) => {
    expect(oggIsTruncated(fixture(name))).toBe(false);
  });

  it.each(FILES)('finds %s cut anywhere inside a page after the first', (name) => {
    const bytes = fixture(name);
    const starts = pageStarts(bytes);
    expect(starts.length).toBeGreaterThan(3);
    for (let p = 1; p < starts.length; p++) {
      const pageEnd = starts[p + 1] ?? bytes.length;
      for (const cut of [starts[p]! + 1, starts[p]! + 27, Math.floor((starts[p]! + pageEnd) / 2), pageEnd - 1]) {
        expect(oggIsTruncated(bytes.subarray(0, cut)), `cut at ${cut}`).toBe(true);
      }
    }
  });

  it('cannot tell a cut exactly between two pages (the file then ends on a whole page)', () => {
    const bytes = fixture('consulta.ogg');
    const starts = pageStarts(bytes);
    expect(oggIsTruncated(bytes.subarray(0, starts[3]))).toBe(false);
  });

  it('judges from a tail that begins mid-page, as it is given for large files', () => {
    const bytes = fixture('silencio-10min.ogg');
    const tailStart = bytes.length - Math.min(bytes.length - 1, OGG_MAX_PAGE_BYTES) + 13;
    expect(oggIsTruncated(bytes.subarray(tailStart))).toBe(false);
    expect(oggIsTruncated(bytes.subarray(tailStart, bytes.length - 100))).toBe(true);
  });

  it('calls a file whose last page is damaged incomplete too', () => {
    const bytes = fixture('consulta.ogg').slice();
    bytes[bytes.length - 10]! ^= 0xff;
    expect(oggIsTruncated(bytes)).toBe(true);
  });

  it('leaves bytes with no valid page to the decoder', () => {
    let state = 7;
    const noise = Uint8Array.from({ length: 20_000 }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24));
    expect(oggIsTruncated(noise)).toBe(false);
    expect(oggIsTruncated(new Uint8Array(0))).toBe(false);
  });
});
