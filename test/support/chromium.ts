/**
 * Headless Chromium for the end-to-end tests: the system browser (/usr/bin/chromium, never a
 * downloaded one) with WebGPU on SwiftShader, a fake microphone that plays a WAV file, a fresh
 * profile in the OS temp folder, and a network guard.
 *
 * The guard is Escriba's first invariant made executable: every http(s)/ws(s) request to a host
 * other than localhost/127.0.0.1/[::1] (from pages, workers or the service worker) is recorded and
 * aborted, and `close()` throws listing those URLs. Specs use `launchBrowser()` from ./browser,
 * which runs that `close()` when the test finishes; this module has no test-runner dependency so
 * the benchmark scripts can drive the same browser.
 *
 * A session can also crash the browser for real (SIGKILL of the browser process) and relaunch on
 * the same profile, which is how the crash-recovery spec proves no recorded second is lost.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

/** The system browser (Debian's chromium); never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const CONSULTATION_WAV = join(REPO_ROOT, 'test/fixtures/audio/consulta-es.wav');
const BROWSER_EXIT_TIMEOUT_MS = 15_000;

/**
 * Playwright passes its own `--enable-features=…`, and Chromium keeps only the last occurrence of a
 * switch, so ours must repeat Playwright's features next to the ones WebGPU needs.
 */
const ENABLED_FEATURES = ['Vulkan', 'WebGPU', 'CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'];

/** The flags checked on these machines (see shared/FACTS.md); Playwright adds --headless itself. */
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  `--enable-features=${ENABLED_FEATURES.join(',')}`,
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  // Lets a spec call audio.play() from page.evaluate, which is not a user gesture.
  '--autoplay-policy=no-user-gesture-required',
];

export type MicrophoneMode =
  /** The fake device plays `audioFile` in a loop and getUserMedia is granted without a prompt. */
  | 'granted'
  /**
   * The microphone permission is set to "denied" for the origin, as if the doctor had refused it.
   * `--use-fake-ui-for-media-stream` must then be absent: with it Chromium grants getUserMedia even
   * over an explicit "denied" permission.
   */
  | 'denied';

export interface LaunchOptions {
  /** Origin the app is served from (e.g. the test server's url); permissions are set for it. */
  origin: string;
  microphone?: MicrophoneMode;
  /** Absolute path of the WAV the fake microphone loops. */
  audioFile?: string;
  /** Reuse a profile (e.g. across a crash); by default a fresh one is made in the OS temp folder. */
  userDataDir?: string;
  /** Scripts run in every page before its own scripts (e.g. a PerformanceObserver). */
  initScripts?: string[];
}

export function isLocalUrl(url: URL): boolean {
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return true;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

export class BrowserSession {
  /** Every non-local URL the app tried to reach, across relaunches. */
  readonly blockedRequests: string[] = [];
  /** console.error messages and uncaught page errors, for diagnosis when a test fails. */
  readonly consoleErrors: string[] = [];
  /** Uncaught exceptions in pages only: a spec may assert there were none. */
  readonly pageErrors: string[] = [];
  private currentContext: BrowserContext | undefined;
  private closed = false;
  private readonly ownsProfile: boolean;

  private constructor(
    private readonly options: Required<Omit<LaunchOptions, 'userDataDir'>>,
    readonly userDataDir: string,
    ownsProfile: boolean,
  ) {
    this.ownsProfile = ownsProfile;
  }

  static async launch(options: LaunchOptions): Promise<BrowserSession> {
    const ownsProfile = options.userDataDir === undefined;
    const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'escriba-e2e-profile-'));
    const session = new BrowserSession(
      {
        origin: new URL(options.origin).origin,
        microphone: options.microphone ?? 'granted',
        audioFile: options.audioFile ?? CONSULTATION_WAV,
        initScripts: options.initScripts ?? [],
      },
      userDataDir,
      ownsProfile,
    );
    await session.start();
    return session;
  }

  get context(): BrowserContext {
    if (!this.currentContext) throw new Error('The browser is not running (crashed or closed).');
    return this.currentContext;
  }

  /** The persistent context's first tab. */
  get page(): Page {
    const page = this.context.pages()[0];
    if (!page) throw new Error('The browser has no open page.');
    return page;
  }

  /** A DevTools session on the page target (Storage.* domain works there). */
  cdp(page: Page = this.page): Promise<CDPSession> {
    return this.context.newCDPSession(page);
  }

  /** The pid of the browser process itself (not a renderer or the GPU process). */
  async browserPid(): Promise<number> {
    const browser = this.context.browser();
    if (browser) {
      // SystemInfo is only served on the browser target, not on a page's.
      const session = await browser.newBrowserCDPSession();
      try {
        const info = (await session.send('SystemInfo.getProcessInfo')) as {
          processInfo: { type: string; id: number }[];
        };
        const main = info.processInfo.find((p) => p.type === 'browser');
        if (main) return main.id;
      } finally {
        await session.detach().catch(() => undefined);
      }
    }
    return findBrowserPidByProfile(this.userDataDir);
  }

  /**
   * Crashes Chromium's GPU process, as a driver reset does: every GPUDevice in every page and
   * worker is lost for real (`lost` resolves; SwiftShader here), and a new adapter can be asked for
   * once Chromium has restarted the process.
   */
  async crashGpuProcess(): Promise<void> {
    const browser = this.context.browser();
    if (!browser) throw new Error('Cannot reach the browser target to crash the GPU process.');
    const session = await browser.newBrowserCDPSession();
    try {
      await session.send('Browser.crashGpuProcess');
    } finally {
      await session.detach().catch(() => undefined);
    }
  }

  /**
   * Kills the browser process with SIGKILL, as a power cut or an OOM kill would: no unload events,
   * no orderly IndexedDB shutdown. Resolves, once Playwright has seen the browser go away, to the
   * time (epoch ms) the signal was sent.
   */
  async crash(): Promise<number> {
    const context = this.context;
    const pid = await this.browserPid();
    const gone = new Promise<void>((resolveGone) => context.once('close', () => resolveGone()));
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await withTimeout(gone, BROWSER_EXIT_TIMEOUT_MS, `the browser (pid ${pid}) did not go away after SIGKILL`);
    this.currentContext = undefined;
    await waitUntil(() => !processExists(pid), BROWSER_EXIT_TIMEOUT_MS, `pid ${pid} still exists after SIGKILL`);
    return killedAt;
  }

  /** Starts the browser again on the same profile (after `crash()` or to simulate a restart). */
  async relaunch(): Promise<void> {
    if (this.currentContext) await this.currentContext.close();
    this.currentContext = undefined;
    await this.start();
  }

  /**
   * Closes the browser, deletes a profile this session created, and throws if the app tried to
   * reach any non-local host. Only the first call checks; later calls do nothing.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.currentContext?.close();
    } finally {
      this.currentContext = undefined;
      if (this.ownsProfile) rmSync(this.userDataDir, { recursive: true, force: true });
    }
    if (this.blockedRequests.length > 0) {
      throw new Error(
        `The app tried to reach hosts other than localhost (Escriba must not; the requests were aborted):\n` +
          [...new Set(this.blockedRequests)].map((u) => `  - ${u}`).join('\n'),
      );
    }
  }

  /** What a failing test should print: errors seen in the browser and blocked requests. */
  diagnostics(): string {
    const lines: string[] = [];
    if (this.consoleErrors.length) lines.push('Browser errors:', ...this.consoleErrors.map((e) => `  ${e}`));
    if (this.blockedRequests.length) lines.push('Blocked requests:', ...this.blockedRequests.map((u) => `  ${u}`));
    return lines.join('\n');
  }

  private flags(): string[] {
    const flags = [...BASE_FLAGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${this.options.audioFile}`];
    if (this.options.microphone === 'granted') flags.push('--use-fake-ui-for-media-stream');
    return flags;
  }

  private async start(): Promise<void> {
    const context = await chromium.launchPersistentContext(this.userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: this.flags(),
      viewport: { width: 1280, height: 800 },
      locale: 'es-AR',
      timezoneId: 'America/Argentina/Buenos_Aires',
    });
    this.currentContext = context;
    await this.installGuard(context);
    for (const script of this.options.initScripts) await context.addInitScript({ content: script });
    if (this.options.microphone === 'denied') await this.denyMicrophone(context);
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
  }

  private async installGuard(context: BrowserContext): Promise<void> {
    // Routes also see requests from workers and the service worker (Chromium only).
    await context.route(
      (url) => !isLocalUrl(url),
      (route) => {
        this.blockedRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    await context.routeWebSocket(
      (url) => !isLocalUrl(url),
      (ws) => {
        this.blockedRequests.push(ws.url());
        return ws.close({ code: 1008, reason: 'Escriba e2e: non-local host' });
      },
    );
  }

  private async denyMicrophone(context: BrowserContext): Promise<void> {
    const browser = context.browser();
    if (!browser) throw new Error('Cannot reach the browser target to deny the microphone.');
    const session = await browser.newBrowserCDPSession();
    try {
      await session.send('Browser.setPermission', {
        permission: { name: 'microphone' },
        setting: 'denied',
        origin: this.options.origin,
      });
    } finally {
      await session.detach().catch(() => undefined);
    }
  }

  private watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => {
      const text = `${error.name}: ${error.message}`;
      this.pageErrors.push(text);
      this.consoleErrors.push(`pageerror: ${text}`);
    });
  }
}

/** Fallback when CDP is unavailable: the browser process is the one with our profile and no --type. */
export function findBrowserPidByProfile(userDataDir: string): number {
  const marker = `--user-data-dir=${userDataDir}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited while we looked
    }
    if (args.includes(marker) && !args.some((a) => a.startsWith('--type='))) return Number(entry);
  }
  throw new Error(`No browser process found for profile ${userDataDir}`);
}

function processExists(pid: number): boolean {
  // A killed child stays a zombie until reaped; `ps` reports state Z for it.
  const result = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  const state = result.stdout.trim();
  return state !== '' && !state.startsWith('Z');
}

async function waitUntil(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
