/** Types for `serve.mjs`, which stays plain JavaScript so `node scripts/serve.mjs` runs without a build. */
export interface ServerOptions {
  /** 0 picks a free port. Restart on the same port to keep the same origin (and its storage). */
  port?: number;
  /** Also serve `test/fixtures/models/` at `/models/`. */
  fixtures?: boolean;
  /** Serve this folder at `/models/` instead (a clinic server's catalogue, made by a test). */
  modelsDir?: string;
  /** The built app to serve; `dist/` by default. */
  root?: string;
  host?: string;
  /** Ask the browser to report Content-Security-Policy violations; they land in `cspViolations`. */
  reportCsp?: boolean;
}

export interface RunningServer {
  /** `http://localhost:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** Violation reports received (only with `reportCsp`). */
  cspViolations: unknown[];
  close(): Promise<void>;
}

export const DEFAULT_ROOT: string;
export const FIXTURE_MODELS_DIR: string;
export const DEFAULT_PORT: number;
export function startServer(options?: ServerOptions): Promise<RunningServer>;
