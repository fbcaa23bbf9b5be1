/**
 * The note harness page (test/bench/note-harness.html) as a page model: each method is one call
 * into `window.escribaNoteHarness` in the browser, so the spec has no `page.evaluate` plumbing.
 */
import type { Page } from 'playwright-core';
import type { NoteDevice, NoteEngineStatus } from '../../src/notes/engine/noteEngine';
import type { WireGenerationRequest } from '../../src/notes/engine/note.protocol';
import type { HarnessWorkerMessage, HarnessWorkerReply } from './harnessGpu';
import type { GenerationOutcome, HarnessOutcome } from './note-harness';

export const NOTE_HARNESS_PATH = '/test/bench/note-harness.html';

export class NoteHarnessPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** `gpuHooks`: run the harness worker, whose GPU the test can lose (note-harness.worker.ts). */
  async goto(options: { gpuHooks?: boolean } = {}): Promise<this> {
    await this.page.goto(`${this.baseUrl}${NOTE_HARNESS_PATH}${options.gpuHooks ? '?gpu-hooks' : ''}`);
    await this.page.locator('#ready:not([hidden])').waitFor({ state: 'attached', timeout: 60_000 });
    return this;
  }

  installFixture(id: string): Promise<string[]> {
    return this.page.evaluate((i) => window.escribaNoteHarness!.installFixture(i), id);
  }

  load(id: string, device: NoteDevice): Promise<HarnessOutcome<NoteEngineStatus>> {
    return this.page.evaluate(([i, d]) => window.escribaNoteHarness!.load(i, d), [id, device] as const);
  }

  generate(request: WireGenerationRequest): Promise<GenerationOutcome> {
    return this.page.evaluate((r) => window.escribaNoteHarness!.generate(r), request);
  }

  generateAndCancel(request: WireGenerationRequest, afterTokens: number): Promise<GenerationOutcome> {
    return this.page.evaluate(([r, n]) => window.escribaNoteHarness!.generateAndCancel(r, n), [request, afterTokens] as const);
  }

  generateAndLoseGpu(request: WireGenerationRequest, afterTokens: number): Promise<GenerationOutcome> {
    return this.page.evaluate(([r, n]) => window.escribaNoteHarness!.generateAndLoseGpu(r, n), [request, afterTokens] as const);
  }

  worker(message: HarnessWorkerMessage): Promise<HarnessWorkerReply> {
    return this.page.evaluate((m) => window.escribaNoteHarness!.worker(m), message);
  }

  statuses(): Promise<NoteEngineStatus[]> {
    return this.page.evaluate(() => window.escribaNoteHarness!.statuses());
  }

  phaseTimes(): Promise<{ phase: string; ms: number }[]> {
    return this.page.evaluate(() => window.escribaNoteHarness!.phaseTimes());
  }

  status(): Promise<NoteEngineStatus> {
    return this.page.evaluate(() => window.escribaNoteHarness!.status());
  }

  dispose(): Promise<void> {
    return this.page.evaluate(() => window.escribaNoteHarness!.dispose());
  }
}
