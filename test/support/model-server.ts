/**
 * A model host that misbehaves on request, for the download tests and benchmark: serves files from
 * a folder or synthetic files generated on the fly (any size, deterministic, nothing on disk), with
 * HTTP Range support, and can be told per file to drop the connection after N bytes or at a file
 * offset, ignore Range, flip a byte, answer an error status, or send slowly. It answers CORS like a
 * model hub does (the app's origin differs), logs every request, and listens on loopback only.
 * Given branches, it also answers the hub's model API for them (`api/models/{repo}/revision/{branch}`
 * with the commit as `sha`), and a test can move a branch (`setBranch`).
 *
 * Used in-process: `const server = await ModelServer.start({ synthetic: { 'm/a.bin': { bytes: 8 << 20 } } })`,
 * `server.setFaults('m/a.bin', { dropAtOffset: 3 << 20 })`, `server.requests`, `await server.close()`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { resolve, sep } from 'node:path';

export interface ModelServerFaults {
  /** End each faulty response's connection after this many body bytes (see `waitBeforeDrop`). */
  dropAfterBytes?: number;
  /** End the connection when the transfer reaches this offset of the file: no retry gets past it. */
  dropAtOffset?: number;
  /** Answer 200 with the whole file whatever Range asks (as some proxies and servers do). */
  ignoreRange?: boolean;
  /** Flip this byte of the file (xor 0xff) in faulty responses. */
  corruptOffset?: number;
  /** Send at most this fast. */
  bytesPerSecond?: number;
  /** Answer this status with no body instead (e.g. 503). */
  status?: number;
  /** How many responses are faulty; every one when omitted. */
  times?: number;
}

export interface SyntheticFile {
  bytes: number;
  /** Different seeds give different content. */
  seed?: number;
}

export interface ModelServerOptions {
  /** Serve the files under this folder (by relative path). */
  root?: string;
  /** Generated files by path; they take precedence over `root`. */
  synthetic?: Record<string, SyntheticFile>;
  faults?: Record<string, ModelServerFaults | ModelServerFaults[]>;
  /** Commits of branches by repository (`{ 'escriba/m': { main: '<40 hex>' } }`), for the revision API. */
  branches?: Record<string, Record<string, string>>;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  port?: number;
}

export interface ServedRequest {
  method: string;
  path: string;
  range: string | null;
  status: number;
  /** Body bytes handed to the socket. */
  bytesSent: number;
  /** The server cut the connection on purpose (a drop fault). */
  dropped: boolean;
}

interface Source {
  size: number;
  read(start: number, endInclusive: number): AsyncIterable<Buffer>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
/** Hugging Face's `GET /api/models/{owner}/{name}/revision/{revision}` (the revision is one encoded segment). */
const REVISION_API = /^api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/;
const SYNTHETIC_BLOCK_BYTES = 64 * 1024;
/** Throttled sends go out in slices this big, so the rate is smooth at the test's time scale. */
const THROTTLE_SLICE_BYTES = 16 * 1024;

/** A drop fault about to cut a response that carried bytes: the file offset its last byte reached. */
export interface PendingDrop {
  path: string;
  /** Where the response started in the file plus the bytes it sent. */
  reachedOffset: number;
}

export class ModelServer {
  readonly requests: ServedRequest[] = [];
  /**
   * Awaited before a drop fault cuts a response that carried bytes, e.g. until the page has stored
   * them. Without it, how much of the sent body survives a drop depends on timing: Chromium
   * discards body bytes the page had not read yet when the connection errors (seen here: 1 MiB
   * sent, all of it lost by a page that waited 50 ms before reading), as a real network loses what
   * is in flight. Tests that count bytes or requests must wait; tests of recovery alone need not.
   */
  waitBeforeDrop: ((drop: PendingDrop) => PromiseLike<unknown>) | undefined;
  /** What `waitBeforeDrop` threw (the drop went ahead); a spec asserts it is empty. */
  readonly dropWaitErrors: unknown[] = [];
  /** Per path, fault sets applied in order: each lasts its `times` responses (forever without). */
  private readonly faults = new Map<string, { faults: ModelServerFaults; used: number }[]>();
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly sockets = new Set<Socket>();
  private readonly branches = new Map<string, string>();

  private constructor(
    private readonly server: Server,
    private readonly options: ModelServerOptions,
    readonly url: string,
  ) {}

  static async start(options: ModelServerOptions = {}): Promise<ModelServer> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The model server listens on loopback only, not ${host}`);
    const server = createServer();
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolveListen());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('The model server has no TCP address');
    const { port } = address;
    const urlHost = host === '::1' ? '[::1]' : host;
    const instance = new ModelServer(server, options, `http://${urlHost}:${port}`);
    for (const [path, faults] of Object.entries(options.faults ?? {})) instance.setFaults(path, faults);
    for (const [repo, branches] of Object.entries(options.branches ?? {})) {
      for (const [branch, commit] of Object.entries(branches)) instance.setBranch(repo, branch, commit);
    }
    server.on('connection', (socket) => {
      instance.sockets.add(socket);
      socket.once('close', () => instance.sockets.delete(socket));
    });
    server.on('request', (req, res) => void instance.handle(req, res));
    return instance;
  }

  fileUrl(path: string): string {
    return `${this.url}/${path}`;
  }

  /**
   * Replaces the faults for `path` (none when undefined) and restarts their `times` counts. A list
   * is a sequence, e.g. `[{ dropAfterBytes: 1e6, times: 1 }, { ignoreRange: true }]`.
   */
  setFaults(path: string, faults: ModelServerFaults | ModelServerFaults[] | undefined): void {
    if (!faults) return void this.faults.delete(path);
    this.faults.set(path, (Array.isArray(faults) ? faults : [faults]).map((f) => ({ faults: f, used: 0 })));
  }

  /** Points `branch` of `repo` at `commit` (a push to the branch, as far as the revision API tells). */
  setBranch(repo: string, branch: string, commit: string): void {
    this.branches.set(`${repo}@${branch}`, commit);
  }

  /** The faults for the next response to `path`, counting it against their `times`. */
  private takeFaults(path: string): ModelServerFaults {
    const entry = this.faults.get(path)?.find((f) => f.faults.times === undefined || f.used < f.faults.times);
    if (!entry) return {};
    entry.used++;
    return entry.faults;
  }

  /** The SHA-256 (hex) of the file as served without faults. */
  sha256(path: string): Promise<string> {
    let hash = this.hashes.get(path);
    if (!hash) {
      hash = (async () => {
        const source = await this.source(path);
        if (!source) throw new Error(`Not served: ${path}`);
        const hasher = createHash('sha256');
        for await (const chunk of source.read(0, source.size - 1)) hasher.update(chunk);
        return hasher.digest('hex');
      })();
      this.hashes.set(path, hash);
    }
    return hash;
  }

  async size(path: string): Promise<number> {
    const source = await this.source(path);
    if (!source) throw new Error(`Not served: ${path}`);
    return source.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(1));
    const method = req.method ?? 'GET';
    const range = req.headers.range ?? null;
    const log: ServedRequest = { method, path, range, status: 0, bytesSent: 0, dropped: false };
    this.requests.push(log);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Length, Accept-Ranges, ETag');
    if (method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Headers', 'Range');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
      return this.finish(res, log, 204);
    }
    const api = REVISION_API.exec(path);
    const commit = api ? this.branches.get(`${api[1]}@${api[2]}`) : undefined;
    const source = commit === undefined ? await this.source(path).catch(() => undefined) : undefined;
    const found = source !== undefined || commit !== undefined;
    if (!found || (method !== 'GET' && method !== 'HEAD')) return this.finish(res, log, found ? 405 : 404);

    const faults = this.takeFaults(path);
    if (faults.status !== undefined) return this.finish(res, log, faults.status);
    if (api && commit !== undefined) return this.answerJson(res, log, { id: api[1], sha: commit });
    if (!source) return this.finish(res, log, 404);

    const wanted = faults.ignoreRange ? undefined : parseRange(range, source.size);
    if (wanted === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${source.size}`);
      return this.finish(res, log, 416);
    }
    const start = wanted?.start ?? 0;
    const end = wanted?.end ?? source.size - 1;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', String(end - start + 1));
    if (wanted) res.setHeader('Content-Range', `bytes ${start}-${end}/${source.size}`);
    log.status = wanted ? 206 : 200;
    res.writeHead(log.status);
    if (method === 'HEAD') return void res.end();
    // Headers out now: a drop at byte 0 must still look like a response that broke, not no response.
    res.flushHeaders();
    await this.sendBody(res, log, source, start, end, faults);
  }

  private async sendBody(res: ServerResponse, log: ServedRequest, source: Source, start: number, end: number, faults: ModelServerFaults) {
    let cutAfter = Infinity;
    if (faults.dropAfterBytes !== undefined) cutAfter = faults.dropAfterBytes;
    if (faults.dropAtOffset !== undefined) cutAfter = Math.min(cutAfter, Math.max(0, faults.dropAtOffset - start));
    let closed = false;
    const closing = once(res, 'close').then(() => (closed = true));
    let offset = start;
    for await (const block of source.read(start, end)) {
      const chunk = Buffer.from(block); // a copy: corruption must not reach the source's cache
      if (faults.corruptOffset !== undefined && faults.corruptOffset >= offset && faults.corruptOffset < offset + chunk.length) {
        chunk[faults.corruptOffset - offset]! ^= 0xff;
      }
      const room = cutAfter - log.bytesSent;
      const slice = room < chunk.length ? chunk.subarray(0, Math.max(0, room)) : chunk;
      for (let at = 0; at < slice.length && !closed; ) {
        const piece = faults.bytesPerSecond ? slice.subarray(at, at + THROTTLE_SLICE_BYTES) : slice.subarray(at);
        if (faults.bytesPerSecond) await sleep((piece.length / faults.bytesPerSecond) * 1000);
        if (closed) break;
        const flushed = new Promise<void>((resolveWrite) => res.write(piece, () => resolveWrite()));
        log.bytesSent += piece.length;
        at += piece.length;
        if (res.writableNeedDrain) await Promise.race([once(res, 'drain'), closing]);
        if (log.bytesSent >= cutAfter) await flushed;
      }
      if (closed) return;
      if (log.bytesSent >= cutAfter) {
        // Everything written so far is on its way; then the connection ends mid-body.
        if (this.waitBeforeDrop && log.bytesSent > 0) {
          await Promise.resolve(this.waitBeforeDrop({ path: log.path, reachedOffset: start + log.bytesSent })).catch((error: unknown) =>
            this.dropWaitErrors.push(error),
          );
          if (closed) return;
        }
        log.dropped = true;
        res.socket?.destroy();
        return;
      }
      offset += chunk.length;
    }
    res.end();
  }

  /** The API's answer: JSON, whole (it ignores Range, as an API does). */
  private answerJson(res: ServerResponse, log: ServedRequest, value: unknown): void {
    const body = Buffer.from(JSON.stringify(value));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', String(body.length));
    log.status = 200;
    log.bytesSent = body.length;
    res.writeHead(200);
    res.end(body);
  }

  private finish(res: ServerResponse, log: ServedRequest, status: number): void {
    log.status = status;
    res.statusCode = status;
    res.end();
  }

  private async source(path: string): Promise<Source | undefined> {
    const synthetic = this.options.synthetic?.[path];
    if (synthetic) return syntheticSource(synthetic);
    if (!this.options.root) return undefined;
    const root = resolve(this.options.root);
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) return undefined;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return {
      size: info.size,
      read: (startAt, endAt) => createReadStream(file, { start: startAt, end: endAt, highWaterMark: SYNTHETIC_BLOCK_BYTES }),
    };
  }
}

/** `bytes=N-`, `bytes=N-M` and `bytes=-S`; anything else (several ranges, garbage) is ignored (200). */
function parseRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Deterministic pseudo-random content (xorshift32 per 64 KiB block): incompressible, seekable. */
function syntheticSource({ bytes, seed = 1 }: SyntheticFile): Source {
  return {
    size: bytes,
    async *read(start, endInclusive) {
      for (let block = Math.floor(start / SYNTHETIC_BLOCK_BYTES); block * SYNTHETIC_BLOCK_BYTES <= endInclusive; block++) {
        const blockStart = block * SYNTHETIC_BLOCK_BYTES;
        const content = syntheticBlock(seed, block, Math.min(SYNTHETIC_BLOCK_BYTES, bytes - blockStart));
        yield content.subarray(Math.max(0, start - blockStart), Math.min(content.length, endInclusive - blockStart + 1));
      }
    },
  };
}

function syntheticBlock(seed: number, block: number, length: number): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4));
  let state = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(block + 1, 0x85ebca77)) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return Buffer.from(words.buffer, 0, length);
}

function once(res: ServerResponse, event: 'drain' | 'close'): Promise<void> {
  return new Promise((resolveEvent) => res.once(event, () => resolveEvent()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
