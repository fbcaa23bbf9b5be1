/**
 * Page model of the consultations list (the app's home screen). Specs talk to the screen through
 * this class only, by accessible names and roles, never by CSS classes or test ids: if a doctor
 * using a screen reader cannot find something, neither can the tests.
 */
import type { Locator, Page } from 'playwright-core';
import { pollUntil } from '../../support/poll';
import { ConsultationPage } from './ConsultationPage';

export const STATUS_LABELS = ['Nueva', 'Grabando', 'En pausa', 'Interrumpida', 'Grabada', 'Importando'] as const;
export type StatusLabel = (typeof STATUS_LABELS)[number];

export interface ConsultationSummary {
  status: StatusLabel;
  /** As shown, m:ss (or h:mm:ss). */
  durationText: string;
  /** From the `<time dateTime="PT…S">` attribute. */
  durationSeconds: number;
  text: string;
}

const UI_TIMEOUT_MS = 15_000;
/** Decoding a file, then storing it a second per transaction, on two busy cores. */
const IMPORT_TIMEOUT_MS = 60_000;

/** A file for "Importar audio": a path, or bytes made by the spec. */
export type ImportFile = string | { name: string; mimeType: string; buffer: Buffer };

export class ConsultationsPage {
  readonly heading: Locator;
  readonly newConsultationButton: Locator;
  readonly list: Locator;
  readonly storageIndicator: Locator;
  readonly updatePrompt: Locator;
  readonly updateButton: Locator;
  readonly importButton: Locator;
  readonly importProgress: Locator;
  readonly importStatus: Locator;
  readonly cancelImportButton: Locator;
  readonly alert: Locator;
  /** "Se eliminó la consulta de …" after «Eliminar consulta». */
  readonly deletedNotice: Locator;
  /** «Conservación del audio»: the checkbox «Borrar el audio después de N días», its days, and the last run. */
  readonly retention: Locator;
  readonly retentionCheckbox: Locator;
  readonly retentionDays: Locator;
  readonly retentionLastRun: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    this.heading = page.getByRole('heading', { name: 'Consultas', exact: true });
    this.newConsultationButton = page.getByRole('button', { name: 'Nueva consulta', exact: true });
    this.list = page.getByRole('list', { name: 'Consultas', exact: true });
    this.storageIndicator = page.locator('footer').getByText(/^Almacenamiento/);
    this.updatePrompt = page
      .getByRole('alert')
      .or(page.getByRole('status'))
      .filter({ hasText: 'Hay una versión nueva' });
    this.updateButton = this.updatePrompt.getByRole('button', { name: 'Actualizar', exact: true });
    this.importButton = page.getByRole('button', { name: 'Importar audio', exact: true });
    this.importProgress = page.getByRole('progressbar', { name: 'Progreso de la importación', exact: true });
    this.importStatus = page.getByRole('region', { name: /^Importando/ }).getByRole('status');
    this.cancelImportButton = page.getByRole('button', { name: 'Cancelar importación', exact: true });
    // The update prompt may also be an alert; errors are the other alerts.
    this.alert = page.getByRole('alert').filter({ hasNotText: 'Hay una versión nueva' });
    this.deletedNotice = page.getByRole('status').filter({ hasText: /^Se eliminó la consulta de / });
    this.retention = page.getByRole('region', { name: 'Conservación del audio', exact: true });
    this.retentionCheckbox = this.retention.getByRole('checkbox', { name: /^Borrar el audio después de \d+ días$/ });
    this.retentionDays = this.retention.getByRole('spinbutton', { name: 'Días que se conserva el audio', exact: true });
    this.retentionLastRun = this.retention.getByRole('status');
  }

  async goto(): Promise<this> {
    await this.page.goto(`${this.baseUrl}/`);
    await this.waitUntilShown();
    return this;
  }

  /** The heading, and the list loaded: until its live query answers, the list shows a placeholder and no items. */
  async waitUntilShown(): Promise<this> {
    await this.heading.waitFor({ timeout: UI_TIMEOUT_MS });
    await this.page.getByText('Cargando consultas…', { exact: true }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    return this;
  }

  /** Creates a consultation and follows the app to its screen. */
  async createConsultation(): Promise<ConsultationPage> {
    await this.newConsultationButton.click();
    await this.page.waitForURL(/#\/consulta\/[^/]+$/, { timeout: UI_TIMEOUT_MS });
    const consultation = new ConsultationPage(this.page, this.baseUrl, ConsultationPage.idFromUrl(this.page.url()));
    await consultation.waitUntilShown();
    return consultation;
  }

  /** Picks `file` in the file chooser that "Importar audio" opens, as the doctor would. */
  async chooseFileToImport(file: ImportFile): Promise<void> {
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser', { timeout: UI_TIMEOUT_MS }), this.importButton.click()]);
    await chooser.setFiles(file);
  }

  /** Imports `file` and follows the app to the new consultation's screen. */
  async importAudio(file: ImportFile, timeoutMs = IMPORT_TIMEOUT_MS): Promise<ConsultationPage> {
    await this.chooseFileToImport(file);
    await this.page.waitForURL(/#\/consulta\/[^/]+$/, { timeout: timeoutMs });
    const consultation = new ConsultationPage(this.page, this.baseUrl, ConsultationPage.idFromUrl(this.page.url()));
    await consultation.waitUntilShown();
    return consultation;
  }

  /** The import's percentage as its progress bar reports it; `undefined` while it has none (decoding). */
  async importPercent(): Promise<number | undefined> {
    const value = await this.importProgress.getAttribute('value', { timeout: UI_TIMEOUT_MS });
    return value === null ? undefined : Number(value);
  }

  /** Waits until no import is running: its progress bar is gone. */
  async waitUntilNoImport(timeoutMs = IMPORT_TIMEOUT_MS): Promise<void> {
    await this.importProgress.waitFor({ state: 'detached', timeout: timeoutMs });
  }

  /** The message of the first alert (without its "Cerrar aviso" button), once one is shown. */
  async alertMessage(timeoutMs = IMPORT_TIMEOUT_MS): Promise<string> {
    const message = this.alert.first().getByRole('paragraph');
    await message.waitFor({ timeout: timeoutMs });
    return (await message.innerText()).trim();
  }

  async dismissAlert(): Promise<void> {
    await this.alert.getByRole('button', { name: 'Cerrar aviso', exact: true }).click();
    await this.alert.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  /** How many consultations the list shows. */
  async listedCount(): Promise<number> {
    return this.list.getByRole('listitem').count();
  }

  /** The list item of one consultation, found by the link to it. */
  item(encounterId: string): Locator {
    return this.list
      .getByRole('listitem')
      .filter({ has: this.page.locator(`a[href$="#/consulta/${encounterId}"]`) });
  }

  async open(encounterId: string): Promise<ConsultationPage> {
    await this.item(encounterId).getByRole('link').first().click();
    const consultation = new ConsultationPage(this.page, this.baseUrl, encounterId);
    await consultation.waitUntilShown();
    return consultation;
  }

  async summary(encounterId: string): Promise<ConsultationSummary> {
    await this.item(encounterId).waitFor({ timeout: UI_TIMEOUT_MS });
    return this.readSummary(encounterId);
  }

  /** Waits until the list shows this status (the list updates live from the database). */
  async waitForStatus(encounterId: string, status: StatusLabel, timeoutMs = UI_TIMEOUT_MS): Promise<ConsultationSummary> {
    return pollUntil(
      () => this.readSummary(encounterId),
      (summary) => summary.status === status,
      { timeoutMs, what: `consultation ${encounterId} listed as "${status}"` },
    );
  }

  private async readSummary(encounterId: string): Promise<ConsultationSummary> {
    const item = this.item(encounterId);
    const count = await item.count();
    if (count !== 1) throw new Error(`Expected one list item for consultation ${encounterId}, found ${count}`);
    const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
    const statuses = STATUS_LABELS.filter((label) => new RegExp(`(^|\\s)${label}(\\s|$)`).test(text));
    if (statuses.length !== 1) {
      throw new Error(`Expected exactly one status among ${STATUS_LABELS.join(', ')} in "${text}", found ${statuses.length}`);
    }
    const time = item.locator('time');
    const dateTime = await time.getAttribute('dateTime');
    if (!dateTime) throw new Error(`No <time dateTime> duration in "${text}"`);
    return {
      status: statuses[0]!,
      durationText: (await time.innerText()).trim(),
      durationSeconds: parseIsoDurationSeconds(dateTime),
      text,
    };
  }
}

/** Parses the subset of ISO-8601 durations a `<time>` uses for elapsed time, e.g. "PT1M2.5S". */
export function parseIsoDurationSeconds(value: string): number {
  const match = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value);
  if (!match || value === 'PT') throw new Error(`Not an ISO-8601 time duration: "${value}"`);
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** "m:ss" or "h:mm:ss" to seconds. */
export function parseClockSeconds(value: string): number {
  const match = /^(?:(\d+):)?(\d+):(\d\d)$/.exec(value.trim());
  if (!match) throw new Error(`Not an m:ss duration: "${value}"`);
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
