/** Steps several specs share: record a consultation for a while through the real UI. */
import type { Page } from 'playwright-core';
import type { ConsultationPage } from '../e2e/pages/ConsultationPage';
import { ConsultationsPage } from '../e2e/pages/ConsultationsPage';

export interface RecordedConsultation {
  consultation: ConsultationPage;
  /** Wall-clock seconds from capture starting ("Pausar" shown) to clicking "Detener". */
  wallSeconds: number;
}

/** From the list: new consultation, record for `seconds`, stop; leaves the page on the consultation. */
export async function recordConsultation(page: Page, baseUrl: string, seconds: number): Promise<RecordedConsultation> {
  const consultations = await new ConsultationsPage(page, baseUrl).goto();
  const consultation = await consultations.createConsultation();
  // Microphone start-up is not recording time: the clock starts when capture has begun.
  const startedAt = await consultation.startRecording();
  await page.waitForTimeout(Math.max(0, seconds * 1000 - (Date.now() - startedAt)));
  const stoppedAt = Date.now();
  await consultation.stopRecording();
  return { consultation, wallSeconds: (stoppedAt - startedAt) / 1000 };
}
