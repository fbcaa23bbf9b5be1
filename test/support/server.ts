/**
 * The app server for a test: `scripts/serve.mjs` started on a free port and closed when the test
 * finishes. `restart()` brings it back on the same port (same origin, so the same service worker
 * and IndexedDB), optionally serving another build.
 *
 * Every page it serves reports Content-Security-Policy violations back to it, and a test that
 * caused one fails when it finishes: the policy is the browser's guarantee that nothing leaves the
 * computer, so code the policy blocks is either a leak or a feature broken in production.
 */
import { onTestFinished } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../scripts/serve.mjs';

export class TestServer {
  private running: RunningServer | undefined;
  /** Violations reported to the servers this one replaced (restarts). */
  private readonly earlierViolations: unknown[] = [];

  private constructor(
    private readonly options: ServerOptions,
    readonly port: number,
    running: RunningServer,
  ) {
    this.running = running;
  }

  static async start(options: ServerOptions = {}): Promise<TestServer> {
    const running = await startServer({ port: 0, reportCsp: true, ...options });
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
    if (running) {
      await running.close();
      this.earlierViolations.push(...running.cspViolations);
    }
  }

  /** Violations reported so far, across restarts. */
  get cspViolations(): unknown[] {
    return [...this.earlierViolations, ...(this.running?.cspViolations ?? [])];
  }

  /** Serves again on the same port; `root` swaps in another build. */
  async restart(overrides: Pick<ServerOptions, 'root' | 'fixtures'> = {}): Promise<void> {
    await this.stop();
    this.running = await startServer({ reportCsp: true, ...this.options, ...overrides, port: this.port });
  }
}

/** Starts the server for the current test; it is stopped when the test finishes. */
export async function serveApp(options: ServerOptions = {}): Promise<TestServer> {
  const server = await TestServer.start(options);
  onTestFinished(async () => {
    await server.stop();
    if (server.cspViolations.length > 0) {
      throw new Error(`Content-Security-Policy violations: ${JSON.stringify(server.cspViolations, null, 2)}`);
    }
  });
  return server;
}
