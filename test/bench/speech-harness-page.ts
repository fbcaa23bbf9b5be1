/**
 * The speech harness page (test/bench/speech-harness.html) as a page model: each method is one call
 * into `window.escribaSpeechHarness` in the browser, so the spec has no `page.evaluate` plumbing.
 */
import type { Page } from 'playwright-core';
import type { SpeechDevice, SpeechStatus } from '../../src/speech/speechEngine';
import type { HarnessOutcome } from './speech-harness';
import type { HarnessWorkerMessage, HarnessWorkerReply } from './harnessGpu';

export const SPEECH_HARNESS_PATH = '/test/bench/speech-harness.html';
export const CONSULTATION_WAV_URL = '/test/fixtures/audio/consulta-es.wav';

type TranscriptionOutcome = HarnessOutcome<{ text: string; device: SpeechDevice }>;

export class SpeechHarnessPage {
  constructor(
    readonly page: Page,
    readonly devServerUrl: string,
  ) {}

  async goto(): Promise<this> {
    await this.page.goto(`${this.devServerUrl}${SPEECH_HARNESS_PATH}`);
    await this.page.locator('#ready:not([hidden])').waitFor({ state: 'attached', timeout: 60_000 });
    return this;
  }

  installFixture(): Promise<string[]> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.installFixture());
  }

  load(device: SpeechDevice): Promise<HarnessOutcome<SpeechStatus>> {
    return this.page.evaluate((d) => window.escribaSpeechHarness!.load(d), device);
  }

  transcribe(prompt?: string): Promise<TranscriptionOutcome> {
    return this.page.evaluate(([wav, p]) => window.escribaSpeechHarness!.transcribe({ wav }, p), [CONSULTATION_WAV_URL, prompt] as const);
  }

  transcribeSilence(seconds: number): Promise<TranscriptionOutcome> {
    return this.page.evaluate((s) => window.escribaSpeechHarness!.transcribe({ silenceSeconds: s }), seconds);
  }

  transcribeAndCancel(afterMs: number): Promise<TranscriptionOutcome> {
    return this.page.evaluate(([wav, ms]) => window.escribaSpeechHarness!.transcribeAndCancel(wav, ms), [CONSULTATION_WAV_URL, afterMs] as const);
  }

  /** Starts a transcription in the page without waiting; `finished()` gives its outcome. */
  startTranscription(): Promise<void> {
    return this.page.evaluate((wav) => window.escribaSpeechHarness!.startTranscription(wav), CONSULTATION_WAV_URL);
  }

  finished(): Promise<TranscriptionOutcome> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.waitTranscription());
  }

  statuses(): Promise<SpeechStatus[]> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.statuses());
  }

  phaseTimes(): Promise<{ phase: string; ms: number }[]> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.phaseTimes());
  }

  clearStatuses(): Promise<void> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.clearStatuses());
  }

  status(): Promise<SpeechStatus> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.status());
  }

  worker(message: HarnessWorkerMessage): Promise<HarnessWorkerReply> {
    return this.page.evaluate((m) => window.escribaSpeechHarness!.worker(m), message);
  }

  dispose(): Promise<void> {
    return this.page.evaluate(() => window.escribaSpeechHarness!.dispose());
  }
}
