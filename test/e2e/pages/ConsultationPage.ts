/**
 * Page model of one consultation (`#/consulta/<id>`): details, recorder controls, level meter,
 * playback, the transcript, interrupted-recording recovery and errors. Accessible names only.
 */
import type { Download, Locator, Page } from 'playwright-core';
import { pollUntil } from '../../support/poll';
import { ConsultationsPage, parseClockSeconds } from './ConsultationsPage';

const UI_TIMEOUT_MS = 15_000;

export interface PlaybackInfo {
  duration: number;
  seekableEnd: number;
}

export interface PlaybackResult {
  startedAt: number;
  currentTime: number;
  paused: boolean;
  error: string | undefined;
}

/** One transcript segment as the doctor sees it. */
export interface ShownSegment {
  /** As shown on its time button, e.g. "1:23". */
  time: string;
  text: string;
  corrected: boolean;
  /** Who said it, as its «Hablante del segmento …» control shows: "Médico", "Paciente"… */
  speaker: string;
}

export interface AudioState {
  currentTime: number;
  paused: boolean;
}

export class ConsultationPage {
  readonly patient: Locator;
  readonly reason: Locator;
  readonly recordButton: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly stopButton: Locator;
  readonly timer: Locator;
  readonly levelMeter: Locator;
  readonly audio: Locator;
  readonly backLink: Locator;
  readonly interruptedNotice: Locator;
  readonly otherTabNotice: Locator;
  readonly continueButton: Locator;
  readonly finishButton: Locator;
  readonly alert: Locator;
  /** The "Transcripción" region. */
  readonly transcript: Locator;
  /** Its status line (the region's first status; rows have their own short-lived ones). */
  readonly transcriptStatus: Locator;
  readonly segmentRows: Locator;
  /** Transcript rows a selected note item cites (aria-current). */
  readonly highlightedSegments: Locator;
  /** The "Nota" region and its controls. */
  readonly note: Locator;
  readonly noteStatus: Locator;
  readonly templateSelect: Locator;
  readonly generateNoteButton: Locator;
  readonly editNoteButton: Locator;
  readonly signButton: Locator;
  readonly copyNoteButton: Locator;
  /** "Revisar" marks on note items. */
  readonly noteReviewMarks: Locator;
  /** "Firmada el …" beside the version shown. */
  readonly noteSignedBadge: Locator;
  /** "Versión 2 · editada por el médico …", newest first. */
  readonly noteVersions: Locator;
  /** The dialog "Firmar" opens: what signing means, and a «Revisado» checkbox per open flag. */
  readonly signDialog: Locator;
  /** "Firmar nota" in that dialog. */
  readonly confirmSignButton: Locator;
  /** «Imprimir» and «Exportar FHIR» under the note's toolbar, and the panel «Exportar FHIR» opens. */
  readonly printButton: Locator;
  readonly exportFhirButton: Locator;
  readonly exportPanel: Locator;
  /** «Eliminar consulta» in the screen's header. */
  readonly deleteButton: Locator;
  /** The dialog it opens: patient, date and what will be lost. */
  readonly deleteDialog: Locator;
  /** «Eliminar definitivamente» in that dialog. */
  readonly confirmDeleteButton: Locator;
  /** "Espacio en esta computadora: …" under the title. */
  readonly sizeLine: Locator;
  /** The Audio card. */
  readonly audioCard: Locator;
  /** «Documentos» and its «Redactar con» choice (model or template). */
  readonly documents: Locator;
  readonly documentWay: Locator;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    readonly id: string,
  ) {
    this.patient = page.getByRole('textbox', { name: 'Paciente', exact: true });
    this.reason = page.getByRole('textbox', { name: 'Motivo de consulta', exact: true });
    this.recordButton = page.getByRole('button', { name: 'Grabar', exact: true });
    this.pauseButton = page.getByRole('button', { name: 'Pausar', exact: true });
    this.resumeButton = page.getByRole('button', { name: 'Reanudar', exact: true });
    this.stopButton = page.getByRole('button', { name: 'Detener', exact: true });
    this.timer = page.getByRole('timer', { name: 'Tiempo grabado', exact: true });
    this.levelMeter = page.getByRole('meter', { name: 'Nivel de audio', exact: true });
    this.audio = page.locator('audio[aria-label="Reproducción de la consulta"]');
    // The header's navigation has a "Consultas" link too; this is the screen's own back link.
    this.backLink = page.getByRole('main').getByRole('link', { name: 'Consultas', exact: true });
    this.interruptedNotice = page.getByText('La grabación se interrumpió');
    this.otherTabNotice = page.getByText('Esta consulta se está grabando en otra pestaña');
    this.continueButton = page.getByRole('button', { name: 'Continuar grabando', exact: true });
    this.finishButton = page.getByRole('button', { name: 'Finalizar', exact: true });
    // The update prompt may also be an alert; errors are the other alerts.
    this.alert = page.getByRole('alert').filter({ hasNotText: 'Hay una versión nueva' });
    this.transcript = page.getByRole('region', { name: 'Transcripción', exact: true });
    this.transcriptStatus = this.transcript.getByRole('status').first();
    this.segmentRows = this.transcript.getByRole('listitem');
    this.highlightedSegments = this.transcript.locator('li[aria-current="true"]');
    this.note = page.getByRole('region', { name: 'Nota', exact: true });
    this.noteStatus = this.note.getByRole('status').first();
    this.templateSelect = this.note.getByRole('combobox', { name: 'Plantilla', exact: true });
    this.generateNoteButton = this.note.getByRole('button', { name: /^Generar (nota|de nuevo)$/ });
    this.editNoteButton = this.note.getByRole('button', { name: 'Editar nota', exact: true });
    this.signButton = this.note.getByRole('button', { name: 'Firmar', exact: true });
    this.copyNoteButton = this.note.getByRole('button', { name: 'Copiar nota', exact: true });
    this.noteReviewMarks = this.note.locator('.note-review');
    this.noteSignedBadge = this.note.getByText(/^Firmada el /);
    this.noteVersions = this.note.getByRole('list', { name: 'Versiones de la nota', exact: true }).getByRole('listitem');
    this.signDialog = this.note.getByRole('dialog', { name: 'Firmar la nota', exact: true });
    this.confirmSignButton = this.signDialog.getByRole('button', { name: 'Firmar nota', exact: true });
    this.printButton = this.note.getByRole('button', { name: 'Imprimir', exact: true });
    this.exportFhirButton = this.note.getByRole('button', { name: 'Exportar FHIR', exact: true });
    this.exportPanel = this.note.getByRole('form', { name: 'Exportar FHIR', exact: true });
    this.deleteButton = page.getByRole('button', { name: 'Eliminar consulta', exact: true });
    this.deleteDialog = page.getByRole('dialog', { name: 'Eliminar la consulta', exact: true });
    this.confirmDeleteButton = this.deleteDialog.getByRole('button', { name: 'Eliminar definitivamente', exact: true });
    this.sizeLine = page.getByText(/^Espacio en esta computadora: /);
    this.audioCard = page.getByRole('region', { name: 'Audio', exact: true });
    this.documents = page.getByRole('region', { name: 'Documentos', exact: true });
    this.documentWay = this.documents.getByRole('combobox', { name: 'Redactar con', exact: true });
  }

  static idFromUrl(url: string): string {
    const match = /#\/consulta\/([^/?#]+)$/.exec(url);
    if (!match?.[1]) throw new Error(`Not a consultation URL: ${url}`);
    return decodeURIComponent(match[1]);
  }

  async goto(): Promise<this> {
    await this.page.goto(`${this.baseUrl}/#/consulta/${encodeURIComponent(this.id)}`);
    return this.waitUntilShown();
  }

  async waitUntilShown(): Promise<this> {
    await this.patient.waitFor({ timeout: UI_TIMEOUT_MS });
    return this;
  }

  async fillDetails(patient: string, reason: string): Promise<void> {
    await this.patient.fill(patient);
    await this.reason.fill(reason);
  }

  /**
   * Clicks "Grabar" and waits until the recorder says it is recording. Resolves to the time (epoch
   * ms) "Pausar" appeared: the start of the recording as the doctor sees it, after the microphone
   * and the audio worklet have started, which a reference taken at the click would include.
   */
  async startRecording(): Promise<number> {
    await this.recordButton.click();
    return this.waitUntilRecording();
  }

  /**
   * Recording means audio is being captured: "Pausar" is offered (and "Detener"). Resolves to the
   * time (epoch ms) "Pausar" was first seen.
   */
  async waitUntilRecording(timeoutMs = UI_TIMEOUT_MS): Promise<number> {
    // Playwright's own wait reacts to the DOM change; the poll below adds up to its interval.
    await this.pauseButton.waitFor({ timeout: timeoutMs });
    const seenAt = Date.now();
    await pollUntil(
      async () => (await this.pauseButton.isEnabled({ timeout: 100 })) && (await this.stopButton.isEnabled({ timeout: 100 })),
      Boolean,
      { timeoutMs, what: 'the recorder to record ("Pausar" and "Detener" enabled)' },
    );
    return seenAt;
  }

  /** Not recording: no capture is running ("Pausar" gone or disabled); it may be paused or stopped. */
  async waitUntilNotRecording(timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await pollUntil(() => isGoneOrDisabled(this.pauseButton), Boolean, {
      timeoutMs,
      what: 'the recorder to stop capturing ("Pausar" gone or disabled)',
    });
  }

  /** Clicks "Detener" and waits until the recording is finished ("Detener" gone or disabled). */
  async stopRecording(timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await this.stopButton.click();
    await pollUntil(() => isGoneOrDisabled(this.stopButton), Boolean, {
      timeoutMs,
      what: 'the recording to finish ("Detener" gone or disabled)',
    });
  }

  async timerSeconds(): Promise<number> {
    return parseClockSeconds(await this.timer.innerText());
  }

  async levelValue(): Promise<number> {
    const value = await this.levelMeter.getAttribute('aria-valuenow');
    if (value === null) throw new Error('The level meter has no aria-valuenow');
    return Number(value);
  }

  async alertText(): Promise<string> {
    await this.alert.first().waitFor({ timeout: UI_TIMEOUT_MS });
    return (await this.alert.allInnerTexts()).join('\n');
  }

  /** Waits for the player to know its media's length and reports it. */
  async playbackInfo(): Promise<PlaybackInfo> {
    await this.audio.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    return this.audio.evaluate(
      (element, timeoutMs) => {
        const audio = element as HTMLAudioElement;
        const read = (): PlaybackInfo => ({
          duration: audio.duration,
          seekableEnd: audio.seekable.length ? audio.seekable.end(audio.seekable.length - 1) : 0,
        });
        if (audio.readyState >= HTMLMediaElement.HAVE_METADATA) return read();
        return new Promise<PlaybackInfo>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no loadedmetadata within ${timeoutMs} ms (src=${audio.currentSrc})`)), timeoutMs);
          audio.addEventListener('loadedmetadata', () => (clearTimeout(timer), resolve(read())), { once: true });
          audio.addEventListener('error', () => (clearTimeout(timer), reject(new Error(`media error ${audio.error?.code}: ${audio.error?.message}`))), { once: true });
          if (audio.preload === 'none') audio.load();
        });
      },
      UI_TIMEOUT_MS,
    );
  }

  /** Seeks to `at` seconds and plays for about `forSeconds`; reports where playback got to. */
  async playFrom(at: number, forSeconds: number): Promise<PlaybackResult> {
    return this.audio.evaluate(
      async (element, { at, forSeconds }) => {
        const audio = element as HTMLAudioElement;
        audio.currentTime = at;
        if (audio.seeking) await new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
        const startedAt = audio.currentTime;
        await audio.play();
        const deadline = performance.now() + forSeconds * 1000 * 4 + 2000;
        while (audio.currentTime < startedAt + forSeconds && !audio.ended && !audio.error && performance.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        audio.pause();
        return {
          startedAt,
          currentTime: audio.currentTime,
          paused: audio.paused,
          error: audio.error ? `${audio.error.code}: ${audio.error.message}` : undefined,
        };
      },
      { at, forSeconds },
    );
  }

  /** The transcript as shown, in screen order. */
  async segments(): Promise<ShownSegment[]> {
    await this.transcript.waitFor({ timeout: UI_TIMEOUT_MS });
    const shown: ShownSegment[] = [];
    for (const row of await this.segmentRows.all()) {
      const time = (await row.getByRole('button', { name: /^Escuchar desde / }).getAttribute('aria-label')) ?? '';
      shown.push({
        time: time.replace('Escuchar desde ', ''),
        // The first visible paragraph is the text; the original sits in a closed <details>.
        text: (await row.getByRole('paragraph').first().innerText()).trim(),
        corrected: (await row.getByText('corregido', { exact: true }).count()) > 0,
        speaker: await this.speakerControl(row).evaluate((select) => {
          const element = select as HTMLSelectElement;
          return element.selectedOptions[0]?.textContent ?? '';
        }),
      });
    }
    return shown;
  }

  segmentRow(index: number): Locator {
    return this.segmentRows.nth(index);
  }

  /** The button that plays the audio from segment `index`'s start ("Escuchar desde 1:23"). */
  segmentTimeButton(index: number): Locator {
    return this.segmentRow(index).getByRole('button', { name: /^Escuchar desde / });
  }

  retranscribeButton(index: number): Locator {
    return this.segmentRow(index).getByRole('button', { name: /^Transcribir de nuevo/ });
  }

  /** Segment `index`'s speaker control («Hablante del segmento 1:23»). */
  speakerSelect(index: number): Locator {
    return this.speakerControl(this.segmentRow(index));
  }

  private speakerControl(row: Locator): Locator {
    return row.getByRole('combobox', { name: /^Hablante del segmento / });
  }

  /** Says who spoke segment `index` ("Acompañante"). */
  async setSpeaker(index: number, label: string): Promise<void> {
    await this.speakerSelect(index).selectOption({ label });
  }

  /** Opens segment `index`'s editor, replaces its text and saves; waits for the editor to close. */
  async correctSegment(index: number, text: string): Promise<void> {
    const row = this.segmentRow(index);
    await row.getByRole('button', { name: /^Corregir/ }).click();
    const editor = row.getByRole('textbox', { name: /^Texto del segmento / });
    await editor.fill(text);
    await row.getByRole('button', { name: 'Guardar', exact: true }).click();
    await editor.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  /** Opens "Ver transcripción original" of segment `index` and reads the model's text. */
  async originalText(index: number): Promise<string> {
    const row = this.segmentRow(index);
    const details = row.getByRole('group').filter({ hasText: 'Ver transcripción original' });
    if ((await details.getAttribute('open')) === null) await row.getByText('Ver transcripción original', { exact: true }).click();
    return (await details.getByRole('paragraph').innerText()).trim();
  }

  async audioState(): Promise<AudioState> {
    return this.audio.evaluate((element) => {
      const audio = element as HTMLAudioElement;
      return { currentTime: audio.currentTime, paused: audio.paused };
    });
  }

  /** A note item (a statement the doctor can click to see where it was said), by its text. */
  noteItem(text: string | RegExp): Locator {
    return this.note.getByRole('button', { name: text });
  }

  /** The text of a narrative section of the note, by its title ("Plan"). */
  async noteSectionText(title: string): Promise<string> {
    const section = this.note.getByRole('region', { name: title, exact: true });
    return (await section.locator('.note-item-text, .note-none').first().innerText()).trim();
  }

  /** The lines of a list of the note ("Medicación", "Alergias"…), as shown. */
  async noteListItems(title: string): Promise<string[]> {
    const group = this.note.getByRole('region', { name: title, exact: true });
    return (await group.locator('.note-item-text').allInnerTexts()).map((text) => text.trim());
  }

  /** "Editar nota", apply `edit` to the open form, then "Guardar versión"; waits for the form to close. */
  async editNote(edit: (form: Locator) => Promise<void>): Promise<void> {
    await this.editNoteButton.click();
    const form = this.note.getByRole('form', { name: 'Editar nota', exact: true });
    await edit(form);
    await form.getByRole('button', { name: 'Guardar versión', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  /** "Firmar", then "Firmar nota" in the dialog (a note with no open flag); waits for "Firmada el …". */
  async signNote(): Promise<void> {
    await this.signButton.click();
    await this.confirmSignButton.click();
    await this.noteSignedBadge.first().waitFor({ timeout: UI_TIMEOUT_MS });
  }

  /** The open flags the sign dialog lists, as "label: reason" lines. */
  async signDialogFlags(): Promise<string[]> {
    await this.signDialog.waitFor({ timeout: UI_TIMEOUT_MS });
    const items = this.signDialog.getByRole('list', { name: 'Elementos para revisar', exact: true }).getByRole('listitem');
    return Promise.all(
      (await items.all()).map(async (item) => {
        const [label, reason] = await Promise.all([
          item.locator('.sign-dialog-flag-label').innerText(),
          item.locator('.sign-dialog-flag-reason').innerText(),
        ]);
        return `${label.trim()}: ${reason.replace(/^Revisar\s+/, '').trim()}`;
      }),
    );
  }

  /** The «Revisado» checkbox of the flagged item `label` ("Medicamento: Ibuprofeno") in the sign dialog. */
  reviewedCheckbox(label: string): Locator {
    return this.signDialog.getByRole('checkbox', { name: `Revisado: ${label}`, exact: true });
  }

  /** The note's rendering for paper: a PDF of the page with its print stylesheet, as «Guardar como PDF» makes it. */
  async printToPdf(): Promise<Buffer> {
    return this.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  }

  /**
   * «Exportar FHIR», the DNI if given, «Descargar archivo»: resolves to the browser's download.
   * The panel closes once the file is handed over.
   */
  async exportFhir(dni?: string): Promise<Download> {
    await this.exportFhirButton.click();
    if (dni !== undefined) await this.exportPanel.getByRole('textbox', { name: 'DNI del paciente (opcional)', exact: true }).fill(dni);
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
      this.exportPanel.getByRole('button', { name: 'Descargar archivo', exact: true }).click(),
    ]);
    await this.exportPanel.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    return download;
  }

  /** «Eliminar consulta»: waits for the dialog to have counted what will be lost; returns those lines. */
  async openDeleteDialog(): Promise<string[]> {
    await this.deleteButton.click();
    const losses = this.deleteDialog.getByRole('list', { name: 'Lo que se pierde', exact: true }).getByRole('listitem');
    await losses.first().waitFor({ timeout: UI_TIMEOUT_MS });
    return (await losses.allInnerTexts()).map((line) => line.trim());
  }

  /** «Eliminar definitivamente» in the open dialog; follows the app back to the list. */
  async confirmDelete(): Promise<ConsultationsPage> {
    await this.confirmDeleteButton.click();
    await this.page.waitForURL((url) => !/#\/consulta\//.test(url.hash), { timeout: UI_TIMEOUT_MS });
    return new ConsultationsPage(this.page, this.baseUrl).waitUntilShown();
  }

  /** One document's part of «Documentos», by its name («Indicaciones para el paciente», «Carta de derivación»). */
  documentCard(title: string): Locator {
    return this.documents.getByRole('region', { name: title, exact: true });
  }

  /** "Versión 2 · editada por el médico de la nota versión 1, firmada · …" above the sheet shown. */
  documentVersionLine(title: string): Locator {
    return this.documentCard(title).getByRole('paragraph').filter({ hasText: /^Versión \d+ · / });
  }

  /** The sheet shown for that document (title, meta lines, headings and lines), as text. */
  async documentSheetText(title: string): Promise<string> {
    return (await this.documentCard(title).getByRole('article', { name: title, exact: true }).innerText()).replace(/\n{2,}/g, '\n').trim();
  }

  /** «Generar» (or «Generar de nuevo») for a document; waits until "Versión N guardada." and returns N. */
  async generateDocument(title: string, timeoutMs = UI_TIMEOUT_MS): Promise<number> {
    const card = this.documentCard(title);
    await card.getByRole('button', { name: /^Generar( de nuevo)?$/ }).click();
    const saved = card.getByRole('status').filter({ hasText: /^Versión \d+ guardada\.$/ });
    await saved.waitFor({ timeout: timeoutMs });
    return Number(/\d+/.exec(await saved.innerText())![0]);
  }

  /** The «Vista de impresión» dialog of a document, opened. */
  async openPrintPreview(title: string): Promise<Locator> {
    await this.documentCard(title).getByRole('button', { name: 'Vista de impresión', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: `Vista de impresión: ${title}`, exact: true });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    return dialog;
  }

  async backToList(): Promise<ConsultationsPage> {
    await this.backLink.click();
    return new ConsultationsPage(this.page, this.baseUrl).waitUntilShown();
  }
}

async function isGoneOrDisabled(button: Locator): Promise<boolean> {
  if ((await button.count()) === 0) return true;
  return !(await button.isVisible()) || (await button.isDisabled({ timeout: 100 }));
}
