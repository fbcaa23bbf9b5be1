/**
 * Whether an Ogg file was cut short. Chromium decodes a truncated Ogg without complaint and returns
 * the audio up to the cut (measured: a 4 s file cut at 12 KB of 25 KB decodes to 1.01 s), so an
 * interrupted copy would become a shorter consultation that looks whole. Ogg lets us tell: the file
 * is a chain of pages, each with its length and a CRC, and a file that stops inside a page was cut.
 *
 * Only the file's tail is read: a page is at most 65 307 bytes, so the last complete page and
 * whatever follows it lie within that many bytes of the end.
 */

/** Header (27) + the largest segment table (255) + the largest body (255 × 255). */
export const OGG_MAX_PAGE_BYTES = 27 + 255 + 255 * 255;
/** What `oggIsTruncated` needs: enough to hold a whole page before the last one. */
export const OGG_TAIL_BYTES = 2 * OGG_MAX_PAGE_BYTES;

const HEADER_BYTES = 27;

/** Ogg's CRC-32: polynomial 0x04c11db7, no reflection, initial value 0, over the page with its CRC field zeroed. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function pageCrc(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    // Bytes 22–25 of the header hold the CRC itself and count as zero.
    const byte = i - start >= 22 && i - start < 26 ? 0 : bytes[i]!;
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  }
  return crc;
}

function isCapture(bytes: Uint8Array, at: number): boolean {
  // "OggS" and stream structure version 0.
  return bytes[at] === 0x4f && bytes[at + 1] === 0x67 && bytes[at + 2] === 0x67 && bytes[at + 3] === 0x53 && bytes[at + 4] === 0;
}

/** Length of the complete, CRC-valid page at `at`, or 0 if there is none there. */
function validPageLength(bytes: Uint8Array, at: number): number {
  if (!isCapture(bytes, at) || at + HEADER_BYTES > bytes.length) return 0;
  const segments = bytes[at + 26]!;
  if (at + HEADER_BYTES + segments > bytes.length) return 0;
  let length = HEADER_BYTES + segments;
  for (let i = 0; i < segments; i++) length += bytes[at + HEADER_BYTES + i]!;
  if (at + length > bytes.length) return 0;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + at + 22, 4).getUint32(0, true);
  return pageCrc(bytes, at, at + length) === stored ? length : 0;
}

/**
 * `tail` is the last `OGG_TAIL_BYTES` of the file (or all of it). True when the chain of valid
 * pages stops before the end of the file: the last page is incomplete or damaged. A tail with no
 * valid page at all is not judged here (false): the decoder will say whether it is audio.
 */
export function oggIsTruncated(tail: Uint8Array): boolean {
  for (let start = 0; start + HEADER_BYTES <= tail.length; start++) {
    const first = validPageLength(tail, start);
    if (first === 0) continue;
    let at = start + first;
    for (let length = validPageLength(tail, at); length > 0; length = validPageLength(tail, at)) at += length;
    return at !== tail.length;
  }
  return false;
}
