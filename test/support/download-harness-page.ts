/**
 * The model-download harness page (test/bench/model-download.html) as a page model: each method is
 * one call into `window.escribaDownloadHarness` in the browser. Shared by the e2e spec and the
 * benchmark, so neither repeats `page.evaluate` plumbing.
 */
import type { Page } from 'playwright-core';
import type { DownloadFile, RetryPolicy } from '../../src/model-manager/download.types';
import type { StoredEntry } from '../../src/model-manager/store';
import type { HarnessRun } from '../bench/model-download-harness';

export const HARNESS_PATH = '/test/bench/model-download.html';

export class DownloadHarnessPage {
  constructor(
    readonly page: Page,
    readonly devServerUrl: string,
  ) {}

  /** Opens (or reopens, as after a reload) the harness and waits until it is wired. */
  async goto(): Promise<this> {
    await this.page.goto(`${this.devServerUrl}${HARNESS_PATH}`);
    await this.page.locator('#ready:not([hidden])').waitFor({ state: 'attached', timeout: 60_000 });
    return this;
  }

  async reload(): Promise<this> {
    await this.page.reload();
    await this.page.locator('#ready:not([hidden])').waitFor({ state: 'attached', timeout: 60_000 });
    return this;
  }

  start(files: DownloadFile[], retry?: Partial<RetryPolicy>): Promise<void> {
    return this.page.evaluate(([f, r]) => window.escribaDownloadHarness!.start(f, r), [files, retry] as const);
  }

  /** Starts and waits for the run to end. */
  async download(files: DownloadFile[], retry?: Partial<RetryPolicy>): Promise<HarnessRun> {
    await this.start(files, retry);
    return this.wait();
  }

  wait(): Promise<HarnessRun> {
    return this.page.evaluate(() => window.escribaDownloadHarness!.wait());
  }

  current(): Promise<HarnessRun> {
    return this.page.evaluate(() => window.escribaDownloadHarness!.current());
  }

  pause(): Promise<void> {
    return this.page.evaluate(() => window.escribaDownloadHarness!.pause());
  }

  list(): Promise<StoredEntry[]> {
    return this.page.evaluate(() => window.escribaDownloadHarness!.list());
  }

  partSize(key: string): Promise<number> {
    return this.page.evaluate((k) => window.escribaDownloadHarness!.partSize(k), key);
  }

  usage(prefix?: string): Promise<number> {
    return this.page.evaluate((p) => window.escribaDownloadHarness!.usage(p), prefix);
  }

  delete(keyOrPrefix: string): Promise<void> {
    return this.page.evaluate((k) => window.escribaDownloadHarness!.delete(k), keyOrPrefix);
  }

  storedSha256(key: string): Promise<string | undefined> {
    return this.page.evaluate((k) => window.escribaDownloadHarness!.storedSha256(k), key);
  }

  responseInfo(key: string) {
    return this.page.evaluate((k) => window.escribaDownloadHarness!.responseInfo(k), key);
  }

  fetchIntoCacheStorage(url: string) {
    return this.page.evaluate((u) => window.escribaDownloadHarness!.fetchIntoCacheStorage(u), url);
  }

  clearCacheStorage(): Promise<void> {
    return this.page.evaluate(() => window.escribaDownloadHarness!.clearCacheStorage());
  }

  sha256MegabytesPerSecond(megabytes: number): Promise<number> {
    return this.page.evaluate((mb) => window.escribaDownloadHarness!.sha256MegabytesPerSecond(mb), megabytes);
  }
}
