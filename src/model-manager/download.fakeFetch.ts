/**
 * A fake `fetch` for unit tests of the downloader: serves byte arrays by URL with HTTP Range
 * support and the faults real networks have (a connection that drops mid-body, a server that
 * ignores Range, a flipped byte, error statuses, a stalled body). The browser tests use a real HTTP
 * server with the same faults (test/support/model-server.ts).
 */

export interface FakeFaults {
  /** Each faulty response errors its body after this many bytes of it. */
  dropAfterBytes?: number;
  /** …or once the transfer reaches this offset in the file (a dead spot: no retry gets past it). */
  dropAtOffset?: number;
  /** Answer 200 with the whole file whatever the Range. */
  ignoreRange?: boolean;
  /** Flip this byte of the file in faulty responses. */
  corruptOffset?: number;
  /** Stop sending (without closing) after this many bytes of the body. */
  stallAfterBytes?: number;
  /** Statuses to answer, in order, before serving normally (e.g. [503, 503]). */
  statuses?: number[];
  /** How many responses are faulty; every one when omitted. */
  times?: number;
  /** Serve a plain (not byte) stream, as some polyfills do: no BYOB reader. */
  plainStream?: boolean;
}

export interface FakeRequest {
  url: string;
  range: string | null;
  status: number;
}

const CHUNK_BYTES = 1024;

export class FakeFileServer {
  readonly requests: FakeRequest[] = [];
  private readonly files = new Map<string, { bytes: Uint8Array; faults: FakeFaults; faulty: number }>();

  serve(url: string, bytes: Uint8Array, faults: FakeFaults = {}): void {
    this.files.set(url, { bytes, faults, faulty: 0 });
  }

  setFaults(url: string, faults: FakeFaults): void {
    const file = this.files.get(url);
    if (!file) throw new Error(`not served: ${url}`);
    file.faults = faults;
    file.faulty = 0;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    const range = new Headers(init?.headers).get('Range');
    const file = this.files.get(url);
    if (!file) return this.answer(url, range, new Response('not found', { status: 404 }));
    const { faults } = file;
    const faulty = faults.times === undefined || file.faulty < faults.times;
    const status = faults.statuses?.shift();
    if (status !== undefined) return this.answer(url, range, new Response(null, { status }));
    if (faulty) file.faulty++;

    const size = file.bytes.byteLength;
    let start = 0;
    const match = range && !(faulty && faults.ignoreRange) ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) start = Number(match[1]);
    if (match && start >= size) {
      return this.answer(url, range, new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } }));
    }
    let body = file.bytes.slice(start);
    if (faulty && faults.corruptOffset !== undefined && faults.corruptOffset >= start && faults.corruptOffset < size) {
      body[faults.corruptOffset - start]! ^= 0xff;
    }
    let failAfter: number | undefined;
    if (faulty && faults.dropAfterBytes !== undefined) failAfter = faults.dropAfterBytes;
    if (faulty && faults.dropAtOffset !== undefined) failAfter = Math.max(0, faults.dropAtOffset - start);
    const stallAfter = faulty ? faults.stallAfterBytes : undefined;
    const headers: Record<string, string> = { 'Content-Length': String(body.byteLength), 'Accept-Ranges': 'bytes' };
    if (match) headers['Content-Range'] = `bytes ${start}-${size - 1}/${size}`;
    const stream = bodyStream(body, { failAfter, stallAfter, signal, plain: faults.plainStream === true });
    body = new Uint8Array(0);
    return this.answer(url, range, new Response(stream, { status: match ? 206 : 200, headers }));
  };

  private answer(url: string, range: string | null, response: Response): Response {
    this.requests.push({ url, range, status: response.status });
    return response;
  }
}

interface StreamOptions {
  failAfter?: number | undefined;
  stallAfter?: number | undefined;
  signal?: AbortSignal | undefined;
  plain: boolean;
}

/** A byte stream (BYOB-readable, like a browser's fetch body) unless `plain`. */
function bodyStream(bytes: Uint8Array, options: StreamOptions): ReadableStream<Uint8Array> {
  const pull = puller(bytes, options);
  if (options.plain) return new ReadableStream<Uint8Array>({ pull });
  return new ReadableStream({ type: 'bytes', pull });
}

interface Sink {
  enqueue(chunk: Uint8Array<ArrayBuffer>): void;
  error(reason: unknown): void;
  close(): void;
  /** Byte streams only: a BYOB read waiting for bytes. */
  readonly byobRequest?: { respond(bytesWritten: number): void } | null;
}

function puller(bytes: Uint8Array, { failAfter, stallAfter, signal }: StreamOptions): (controller: Sink) => Promise<void> {
  let sent = 0;
  return async (controller) => {
    if (signal?.aborted) return controller.error(signal.reason);
    const limit = Math.min(bytes.byteLength, failAfter ?? Infinity, stallAfter ?? Infinity);
    if (sent >= limit) {
      if (failAfter !== undefined && sent >= failAfter) return controller.error(new TypeError('network error'));
      if (stallAfter !== undefined && sent >= stallAfter) {
        // Never resolves by itself: only an abort (the caller's or its stall timer) ends it.
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
        return controller.error(signal?.reason);
      }
      controller.close();
      // A BYOB read pending at the end only settles (done) once answered with 0 bytes.
      controller.byobRequest?.respond(0);
      return;
    }
    const end = Math.min(limit, sent + CHUNK_BYTES);
    controller.enqueue(bytes.slice(sent, end));
    sent = end;
  };
}
