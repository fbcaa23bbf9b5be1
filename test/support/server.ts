/**
 * The app server for a test: `scripts/serve.mjs` started on a free port and closed when the test
 * finishes. `restart()` brings it back on the same port (same origin, so the same service worker
 * and IndexedDB), optionally serving another build.
 */
import { onTestFinished } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../scripts/serve.mjs';

export class TestServer {
  private running: RunningServer | undefined;

  private constructor(
    private readonly options: ServerOptions,
    readonly port: number,
    running: RunningServer,
  ) {
    this.running = running;
  }

  static async start(options: ServerOptions = {}): Promise<TestServer> {
    const running = await startServer({ port: 0, ...options });
    return new TestServer(options, running.port, running);
  }

  /** `http://localhost:<port>`; stays valid across restarts. */
  get url(): string {
    return `http://localhost:${this.port}`;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
  }

  /** Serves again on the same port; `root` swaps in another build. */
  async restart(overrides: Pick<ServerOptions, 'root' | 'fixtures'> = {}): Promise<void> {
    await this.stop();
    this.running = await startServer({ ...this.options, ...overrides, port: this.port });
  }
}

/** Starts the server for the current test; it is stopped when the test finishes. */
export async function serveApp(options: ServerOptions = {}): Promise<TestServer> {
  const server = await TestServer.start(options);
  onTestFinished(() => server.stop());
  return server;
}
