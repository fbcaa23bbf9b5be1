import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from './audit';
import { AudioRepository } from './audio';
import { EncounterRepository } from './encounters';
import { findAbandonedImports, importLockName } from './recovery';
import { EscribaDatabase } from './schema';
import { TranscriptRepository } from './transcript';

let database: EscribaDatabase;
let encounters: EncounterRepository;
let audio: AudioRepository;
let transcript: TranscriptRepository;

beforeEach(() => {
  database = new EscribaDatabase(`transcript-test-${crypto.randomUUID()}`);
  encounters = new EncounterRepository(database);
  audio = new AudioRepository(database);
  transcript = new TranscriptRepository(database);
});
afterEach(async () => {
  database.close();
  await Dexie.delete(database.name);
});

describe('TranscriptRepository', () => {
  it('stores a segment and moves the cursor past it in one step, in time order', async () => {
    const e = await encounters.create();
    await transcript.commit(e.id, { startSample: 0, endSample: 16_000, text: ' Hola.', modelId: 'm', device: 'wasm' });
    await transcript.commit(e.id, { startSample: 20_000, endSample: 40_000, text: ' Me duele.' });
    const segments = await transcript.list(e.id);
    expect(segments.map((s) => [s.startMs, s.endMs, s.text])).toEqual([
      [0, 1000, ' Hola.'],
      [1250, 2500, ' Me duele.'],
    ]);
    expect(segments[0]).toMatchObject({ modelId: 'm', device: 'wasm', startSample: 0, endSample: 16_000 });
    expect((await encounters.get(e.id))?.transcribedSamples).toBe(40_000);
  });

  it('refuses a result for audio the cursor already passed, so a resumed queue stores nothing twice', async () => {
    const e = await encounters.create();
    expect(await transcript.commit(e.id, { startSample: 0, endSample: 16_000, text: 'uno' })).not.toBeNull();
    expect(await transcript.commit(e.id, { startSample: 0, endSample: 16_000, text: 'uno' })).toBeNull();
    expect(await transcript.list(e.id)).toHaveLength(1);
  });

  it('moves the cursor over silence without a segment, and never backwards', async () => {
    const e = await encounters.create();
    expect(await transcript.commit(e.id, { startSample: 0, endSample: 8_000, text: null })).toBeNull();
    await transcript.skipTo(e.id, 30_000);
    await transcript.skipTo(e.id, 10_000);
    expect((await encounters.get(e.id))?.transcribedSamples).toBe(30_000);
    expect(await transcript.list(e.id)).toEqual([]);
  });

  it('keeps the model text when the doctor corrects a segment, and audits it', async () => {
    const e = await encounters.create();
    const s = await transcript.commit(e.id, { startSample: 0, endSample: 16_000, text: 'ibu profeno' });
    await transcript.correct(s!.id, 'ibuprofeno');
    await transcript.correct(s!.id, 'ibuprofeno 600');
    expect(await transcript.get(s!.id)).toMatchObject({ text: 'ibuprofeno 600', originalText: 'ibu profeno' });
    expect((await auditTrail(database, e.id)).map((a) => a.action)).toContain('transcript.edited');
  });

  it('a new transcription replaces the model text, but never the doctor’s correction', async () => {
    const e = await encounters.create();
    const a = await transcript.commit(e.id, { startSample: 0, endSample: 16_000, text: 'viejo' });
    const b = await transcript.commit(e.id, { startSample: 16_000, endSample: 32_000, text: 'viejo' });
    await transcript.correct(b!.id, 'corregido');
    const model = { modelId: 'whisper-small', device: 'webgpu' };
    await transcript.retranscribed(a!.id, 'nuevo', model);
    await transcript.retranscribed(b!.id, 'nuevo', model);
    const renewed = await transcript.get(a!.id);
    expect(renewed).toMatchObject({ text: 'nuevo', ...model });
    expect(renewed).not.toHaveProperty('originalText');
    expect(await transcript.get(b!.id)).toMatchObject({ text: 'corregido', originalText: 'nuevo' });
  });
});

describe('TranscriptRepository: speaker roles', () => {
  /** Stores `texts` as consecutive one-second utterances from second `from`. */
  const commitAll = async (encounterId: string, texts: readonly string[], from = 0) => {
    const stored = [];
    for (const [i, text] of texts.entries()) {
      const startSample = (from + i) * 16_000;
      stored.push((await transcript.commit(encounterId, { startSample, endSample: startSample + 16_000, text }))!);
    }
    return stored;
  };

  it('stores Escriba’s guess with each segment, read after the segments before it', async () => {
    const e = await encounters.create();
    const [ask, answer] = await commitAll(e.id, ['¿Es alérgico a algún medicamento?', 'No, ninguno.']);
    expect(ask).toMatchObject({ role: 'médico', roleSource: 'auto' });
    expect(answer).toMatchObject({ role: 'paciente', roleSource: 'auto' });
    expect((await database.segments.get(answer!.id))?.role).toBe('paciente');
  });

  it('guesses again when the words change, unless the doctor chose the role', async () => {
    const e = await encounters.create();
    const [, said] = await commitAll(e.id, ['Buen día, ¿qué lo trae?', 'Respirá hondo.']);
    expect(said?.role).toBe('médico');
    await transcript.correct(said!.id, 'Me duele la rodilla desde el domingo.');
    expect(await transcript.get(said!.id)).toMatchObject({ role: 'paciente', roleSource: 'auto' });
    await transcript.retranscribed(said!.id, 'Tomá paracetamol.', { modelId: 'm', device: 'wasm' });
    // The doctor's text stays what is shown, so the role read from it stays too.
    expect((await transcript.get(said!.id))?.role).toBe('paciente');
  });

  it('keeps the doctor’s role over any new guess, audits it without the words, and guesses later segments after it', async () => {
    const e = await encounters.create();
    const [, account] = await commitAll(e.id, ['¿Qué le pasa?', 'Está con tos desde el lunes.']);
    expect(account?.role).toBe('paciente');
    await transcript.correctRole(account!.id, 'acompañante');
    await transcript.correct(account!.id, 'Está con tos y mocos desde el lunes.');
    await transcript.retranscribed(account!.id, 'Está con tos desde el lunes.', { modelId: 'm', device: 'wasm' });
    expect(await transcript.get(account!.id)).toMatchObject({ role: 'acompañante', roleSource: 'médico' });

    const [, answer] = await commitAll(e.id, ['¿Y de noche tose?', 'Sí, bastante.'], 2);
    expect(answer?.role).toBe('acompañante');

    const audit = (await auditTrail(database, e.id)).filter((a) => a.action === 'transcript.role.corrected');
    expect(audit.map((a) => a.detail)).toEqual([`${account!.id}: paciente → acompañante`]);
    await transcript.correctRole(account!.id, 'acompañante');
    expect((await auditTrail(database, e.id)).filter((a) => a.action === 'transcript.role.corrected')).toHaveLength(1);
  });

  it('gives segments stored before roles existed a role when read, without writing it', async () => {
    const e = await encounters.create();
    const [ask, answer] = await commitAll(e.id, ['¿Tuvo fiebre?', 'No, fiebre no.']);
    await database.segments.where('encounterId').equals(e.id).modify((segment) => {
      delete segment.role;
      delete segment.roleSource;
    });
    expect((await transcript.list(e.id)).map((s) => [s.role, s.roleSource])).toEqual([
      ['médico', 'auto'],
      ['paciente', 'auto'],
    ]);
    expect(await database.segments.get(answer!.id)).not.toHaveProperty('role');
    await transcript.correctRole(ask!.id, 'paciente');
    expect((await auditTrail(database, e.id)).at(-1)?.detail).toBe(`${ask!.id}: médico → paciente`);
  });
});

describe('AudioRepository.readSamples', () => {
  it('reads any range across uneven chunks, as floats, clipped to what is stored', async () => {
    const e = await encounters.create();
    const sizes = [5, 3, 7, 1, 4];
    let next = 0;
    for (const size of sizes) {
      const pcm = Int16Array.from({ length: size }, () => (next++) * 100);
      await audio.append(e.id, pcm);
    }
    const read = async (from: number, n: number) => Array.from(await audio.readSamples(e.id, from, n), (v) => Math.round(v * 0x8000) / 100);
    expect(await read(0, 20)).toEqual([...Array(20).keys()]);
    expect(await read(6, 5)).toEqual([6, 7, 8, 9, 10]);
    expect(await read(15, 3)).toEqual([15, 16, 17]);
    expect(await read(18, 10)).toEqual([18, 19]);
    expect(await read(20, 10)).toEqual([]);
  });
});

describe('imports', () => {
  it('an import is a consultation only once finished; a discarded one leaves nothing but its audit entry', async () => {
    const kept = await encounters.createImport('consulta.mp3');
    await audio.append(kept.id, new Int16Array(10));
    await encounters.finishImport(kept.id);
    expect(await encounters.get(kept.id)).toMatchObject({ status: 'recorded', importedFrom: 'consulta.mp3', storedSamples: 10 });

    const dropped = await encounters.createImport('roto.ogg');
    await audio.append(dropped.id, new Int16Array(10));
    await transcript.commit(dropped.id, { startSample: 0, endSample: 10, text: 'x' });
    await encounters.discardImport(dropped.id, 'cancelada');
    expect(await encounters.get(dropped.id)).toBeUndefined();
    expect(await database.audioChunks.where('encounterId').equals(dropped.id).count()).toBe(0);
    expect(await transcript.list(dropped.id)).toEqual([]);
    expect((await auditTrail(database, dropped.id)).map((a) => a.action)).toEqual(['import.started', 'import.discarded']);
  });

  it('never discards a finished consultation', async () => {
    const e = await encounters.createImport('a.wav');
    await encounters.finishImport(e.id);
    await encounters.discardImport(e.id, 'x');
    expect(await encounters.get(e.id)).toBeDefined();
  });

  it('finds imports whose tab no longer holds the import lock', async () => {
    const live = await encounters.createImport('a.wav');
    const dead = await encounters.createImport('b.wav');
    expect(await findAbandonedImports(database, new Set([importLockName(live.id)]))).toEqual([dead.id]);
  });
});
