/**
 * "Importar audio": a file in each accepted format becomes a recorded consultation holding its
 * sound, second for second; a file that cannot be imported is refused in Spanish and leaves no
 * consultation behind, in the list or in the database; cancelling or reloading midway leaves
 * nothing half-made either.
 *
 * The files are cuts of the fixture speech made by test/fixtures/audio/import/make-import-audio.sh,
 * whose fixtures.json says what each holds; the broken ones are made here from them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { framesToMono, readWavLayout } from '../../src/audio/import/wav';
import { launchBrowser, REPO_ROOT, CONSULTATION_WAV } from '../support/browser';
import { serveApp } from '../support/server';
import { readStoredAudio, STORED_SAMPLE_RATE_HZ, storedSeconds } from '../support/stored-audio';
import { ConsultationsPage, type ImportFile } from './pages/ConsultationsPage';

const FIXTURES_DIR = join(REPO_ROOT, 'test/fixtures/audio/import');
interface Fixture {
  file: string;
  codec: string;
  sampleRateHz: number;
  channels: number;
  /** The container's duration (ffprobe). */
  fileSeconds: number;
  sourceSeconds: number;
  /** Where the cut starts in consulta-es.wav; null for generated silence. */
  sourceStartSeconds: number | null;
}
const FIXTURES: Fixture[] = JSON.parse(readFileSync(join(FIXTURES_DIR, 'fixtures.json'), 'utf8'));
const SPEECH = FIXTURES.filter((f) => f.sourceStartSeconds !== null);
const LONG_SILENCE = join(FIXTURES_DIR, 'silencio-10min.ogg');

/** 20 ms of loudness per point: what a listener hears, whatever the codec did to the waveform. */
const ENVELOPE_WINDOW_SAMPLES = STORED_SAMPLE_RATE_HZ / 50;
/**
 * Pearson correlation of the stored and source envelopes. Measured 0.997–1.000 for the six files;
 * the same speech 20 ms late scores 0.74, another stretch of it about 0.
 */
const MIN_ENVELOPE_CORRELATION = 0.95;
const FORMATS = 'Formatos aceptados: WAV, MP3, M4A, OGG y WEBM.';
/** Room for the app's rows but not for ten minutes of audio (19 MB): the disk fills mid-import. */
const QUOTA_FOR_FULL_DISK_BYTES = 4 * 1024 * 1024;

describe('importing audio', () => {
  it.each(SPEECH.map((f) => [`${f.file} (${f.codec}, ${f.sampleRateHz} Hz, ${f.channels} ch)`, f] as const))(
    'imports %s as a recorded consultation with its sound, that plays',
    async (_, fixture) => {
      const server = await serveApp();
      const session = await launchBrowser({ origin: server.url });
      const list = await new ConsultationsPage(session.page, server.url).goto();

      const consultation = await list.importAudio(join(FIXTURES_DIR, fixture.file));

      const stored = await readStoredAudio(session.page, consultation.id);
      expect(stored).toMatchObject({ status: 'recorded', chunkSamples: stored.storedSamples, contiguous: true });
      expect(Math.abs(storedSeconds(stored) - fixture.fileSeconds)).toBeLessThanOrEqual(0.1);
      const correlation = pearson(await storedEnvelope(session.page, consultation.id), await sourceEnvelope(fixture));
      expect(correlation).toBeGreaterThan(MIN_ENVELOPE_CORRELATION);

      const playback = await consultation.playbackInfo();
      expect(Math.abs(playback.duration - storedSeconds(stored))).toBeLessThanOrEqual(0.1);
      const played = await consultation.playFrom(0.5, 0.5);
      expect(played.error).toBeUndefined();
      expect(played.currentTime).toBeGreaterThanOrEqual(1);

      const back = await consultation.backToList();
      expect((await back.waitForStatus(consultation.id, 'Grabada')).durationSeconds).toBeCloseTo(storedSeconds(stored), 1);
      expect(session.pageErrors).toEqual([]);
    },
  );

  it('refuses files it cannot import, each with its Spanish reason, and keeps no consultation', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const list = await new ConsultationsPage(session.page, server.url).goto();
    const ogg = readFileSync(join(FIXTURES_DIR, 'consulta.ogg'));
    const m4a = readFileSync(join(FIXTURES_DIR, 'consulta.m4a'));
    const cases: [ImportFile, string][] = [
      [bytes('informe.pdf', 'application/pdf', Buffer.from('%PDF-1.4')), `«informe.pdf» no es un archivo de audio que Escriba pueda importar. ${FORMATS}`],
      [bytes('ruido.mp3', 'audio/mpeg', noise(32_768)), `No se pudo leer «ruido.mp3». El archivo puede estar dañado o en un formato que este navegador no abre. ${FORMATS}`],
      // Its index (moov) is at the end, so a cut M4A does not decode at all.
      [bytes('cortado.m4a', 'audio/mp4', m4a.subarray(0, m4a.length * 0.6)), `No se pudo leer «cortado.m4a». El archivo puede estar dañado o en un formato que este navegador no abre. ${FORMATS}`],
      // Chromium would decode the part before the cut as if it were the whole file.
      [bytes('cortado.ogg', 'audio/ogg', ogg.subarray(0, ogg.length * 0.6)), truncatedMessage('cortado.ogg')],
      [bytes('cabecera.ogg', 'audio/ogg', ogg.subarray(0, 200)), truncatedMessage('cabecera.ogg')],
      [bytes('vacio.wav', 'audio/wav', emptyWav()), '«vacio.wav» no tiene audio (dura 0 segundos). No se importó nada.'],
    ];
    for (const [file, message] of cases) {
      await list.chooseFileToImport(file);
      expect(await list.alertMessage()).toBe(message);
      expect(await list.listedCount()).toBe(0);
      expect(await databaseCounts(session.page)).toMatchObject({ encounters: 0, audioChunks: 0 });
      await list.dismissAlert();
    }
    await session.page.reload();
    await list.waitUntilShown();
    expect(await list.listedCount()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  it('cancels while reading and while storing, leaving no consultation', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const list = await new ConsultationsPage(session.page, server.url).goto();

    await list.chooseFileToImport(LONG_SILENCE);
    // Read together: the import may move on to storing between two separate reads.
    await expect
      .poll(async () => ({ status: await list.importStatus.innerText(), percent: await list.importPercent() }))
      .toEqual({ status: 'Leyendo el archivo…', percent: undefined });
    await list.cancelImportButton.click();
    await list.waitUntilNoImport();
    expect(await databaseCounts(session.page)).toMatchObject({ encounters: 0, audioChunks: 0 });

    await list.chooseFileToImport(LONG_SILENCE);
    await expect.poll(async () => (await databaseCounts(session.page)).audioChunks, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    expect(await list.importPercent()).toBeLessThan(100);
    await list.cancelImportButton.click();
    await list.waitUntilNoImport();
    expect(await databaseCounts(session.page)).toMatchObject({ encounters: 0, audioChunks: 0 });
    // The list follows the deletion through a live query, a moment after the progress bar goes.
    await expect.poll(() => list.listedCount()).toBe(0);
    expect(await list.alert.count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  // discardImport deletes in a transaction of its own and writes its audit entry afterwards, best
  // effort: on a full disk that entry may be refused, and it must not keep the half import alive.
  it('discards the import and says so when the disk fills up while storing', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    // Set before the app first opens its database: Chromium's IndexedDB caches the space it may use
    // for ~30 s, so an override on a database in use would bite too late for a short import.
    const cdp = await session.cdp();
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: QUOTA_FOR_FULL_DISK_BYTES });
    const list = await new ConsultationsPage(session.page, server.url).goto();

    await list.chooseFileToImport(LONG_SILENCE);
    expect(await list.alertMessage()).toMatch(/^No queda espacio para guardar en esta computadora\./);
    await expect.poll(() => databaseCounts(session.page)).toMatchObject({ encounters: 0, audioChunks: 0 });
    await expect.poll(() => list.listedCount()).toBe(0);
  });

  it('leaves nothing half-made when the page reloads mid-import', async () => {
    const server = await serveApp();
    const session = await launchBrowser({ origin: server.url });
    const list = await new ConsultationsPage(session.page, server.url).goto();
    await list.chooseFileToImport(LONG_SILENCE);
    await expect.poll(async () => (await databaseCounts(session.page)).audioChunks, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);

    await session.page.reload();
    await list.waitUntilShown();
    await expect.poll(() => databaseCounts(session.page)).toMatchObject({ encounters: 0, audioChunks: 0 });
    await expect.poll(() => list.listedCount()).toBe(0);
    expect((await databaseCounts(session.page)).discarded).toEqual(['pestaña cerrada durante la importación']);
  });
});

function truncatedMessage(name: string): string {
  return `«${name}» está incompleto: termina antes de lo que indica su propio encabezado, como pasa con una copia o una descarga que se cortó. No se importó nada; copie de nuevo el archivo completo y vuelva a intentar.`;
}

function bytes(name: string, mimeType: string, buffer: Buffer): ImportFile {
  return { name, mimeType, buffer: Buffer.from(buffer) };
}

/** Deterministic noise (xorshift32): no codec finds a frame in it. */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** A valid 16 kHz mono WAV header announcing, and holding, no samples. */
function emptyWav(): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(0, 40);
  return header;
}

interface DatabaseCounts {
  encounters: number;
  importing: number;
  audioChunks: number;
  /** Why imports were discarded, from the audit log. */
  discarded: string[];
}

/** Straight from IndexedDB, not through the app: what is really stored. */
function databaseCounts(page: Page): Promise<DatabaseCounts> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('escriba');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    try {
      const encounters = await all<{ status: string }>('encounters');
      const audioChunks = await all<unknown>('audioChunks');
      const audit = await all<{ action: string; detail?: string }>('auditLog');
      return {
        encounters: encounters.length,
        importing: encounters.filter((e) => e.status === 'importing').length,
        audioChunks: audioChunks.length,
        discarded: audit.filter((e) => e.action === 'import.discarded').map((e) => e.detail ?? ''),
      };
    } finally {
      db.close();
    }
  });
}

/** RMS per 20 ms of the consultation's stored audio, computed in the page. */
function storedEnvelope(page: Page, encounterId: string): Promise<number[]> {
  return page.evaluate(
    async ({ id, window }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('escriba');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const chunks = await new Promise<{ seq: number; pcm: ArrayBuffer }[]>((resolve, reject) => {
        const request = db.transaction('audioChunks', 'readonly').objectStore('audioChunks').index('encounterId').getAll(id);
        request.onsuccess = () => resolve(request.result as { seq: number; pcm: ArrayBuffer }[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const samples = chunks.sort((a, b) => a.seq - b.seq).flatMap((c) => Array.from(new Int16Array(c.pcm), (s) => s / 32768));
      const envelope: number[] = [];
      for (let start = 0; start + window <= samples.length; start += window) {
        let sum = 0;
        for (let i = start; i < start + window; i++) sum += samples[i]! * samples[i]!;
        envelope.push(Math.sqrt(sum / window));
      }
      return envelope;
    },
    { id: encounterId, window: ENVELOPE_WINDOW_SAMPLES },
  );
}

/** The same envelope of the fixture's cut of consulta-es.wav (16 kHz mono, read by the app's WAV reader). */
async function sourceEnvelope(fixture: Fixture): Promise<number[]> {
  const wav = new Uint8Array(readFileSync(CONSULTATION_WAV));
  const reading = await readWavLayout(async (offset, length) => wav.subarray(offset, offset + length), wav.length);
  if (reading.kind !== 'pcm' || reading.layout.sampleRateHz !== STORED_SAMPLE_RATE_HZ) throw new Error('consulta-es.wav is not 16 kHz PCM');
  const { dataOffset, blockAlign } = reading.layout;
  const start = dataOffset + Math.round(fixture.sourceStartSeconds! * STORED_SAMPLE_RATE_HZ) * blockAlign;
  const samples = framesToMono(wav.subarray(start, start + Math.round(fixture.sourceSeconds * STORED_SAMPLE_RATE_HZ) * blockAlign), reading.layout);
  const envelope: number[] = [];
  for (let at = 0; at + ENVELOPE_WINDOW_SAMPLES <= samples.length; at += ENVELOPE_WINDOW_SAMPLES) {
    let sum = 0;
    for (let i = at; i < at + ENVELOPE_WINDOW_SAMPLES; i++) sum += samples[i]! * samples[i]!;
    envelope.push(Math.sqrt(sum / ENVELOPE_WINDOW_SAMPLES));
  }
  return envelope;
}

function pearson(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
