/**
 * The Whisper fixture in the built app, for the transcription specs: installed through «Modelos»
 * from the fixtures server on the chosen device, and the sentence it says for any speech.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ModelsPage } from '../e2e/pages/ModelsPage';
import { WHISPER_FIXTURE_TEXT } from '../fixtures/whisper-fixture';

export const SPEECH_FIXTURE_NAME = 'Whisper de prueba';
/** What the fixture writes for any speech when Spanish is forced. */
export const SENTENCE = WHISPER_FIXTURE_TEXT.speech.trim();

/** Installs the fixture through Modelos with «Procesamiento de la voz» set to `option`. */
export async function installSpeechFixture(page: Page, baseUrl: string, option: string): Promise<void> {
  const models = await new ModelsPage(page).goto(baseUrl);
  const device = page.getByRole('combobox', { name: 'Procesamiento de la voz' });
  const chosen = await device.getByRole('option', { name: option, exact: true }).getAttribute('value');
  await device.selectOption({ label: option });
  // The device is a stored setting: React puts the old value back until the setting's live query
  // re-renders with the new one, and only from that render does «Descargar» fetch that device's files.
  await expect.poll(() => device.inputValue(), { timeout: 15_000 }).toBe(chosen);
  await models.downloadButton(SPEECH_FIXTURE_NAME).click();
  await expect.poll(() => models.row(SPEECH_FIXTURE_NAME).innerText(), { timeout: 30_000 }).toContain('Listo');
}

export function transcriptRegion(page: Page) {
  return page.getByRole('region', { name: 'Transcripción', exact: true });
}
