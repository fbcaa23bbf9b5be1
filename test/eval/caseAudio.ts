/**
 * The recording of a case for audio mode: its own `NAME.wav` when the folder has one, otherwise
 * synthetic speech made from `NAME.txt` with espeak-ng (es-419: a male voice for «M:», a female one
 * for «P:», another for «A:») and sox. Synthetic speech proves the path from microphone to note; it
 * says little about how Whisper hears a real consulting room.
 *
 * Chromium's fake microphone loops its file, so every file gets silence before and after the
 * speech: wherever the loop happens to start, one pass of the file is the whole consultation once.
 * Made files go to a cache folder, named by a hash of the text and of how they were made, so a case
 * is synthesised once and again only when its text changes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalCase, SpeakerCode } from '../../src/eval/caseFile';

export const VOICES: Record<SpeakerCode, string> = { M: 'es-419+m3', P: 'es-419+f3', A: 'es-419+f5' };
const WORDS_PER_MINUTE = 150;
const GAP_BETWEEN_TURNS_S = 0.6;
export const LEAD_SILENCE_S = 1.0;
export const TAIL_SILENCE_S = 2.5;
/** Bump when the recipe changes, so cached files are made again. */
const RECIPE = `v1 ${JSON.stringify(VOICES)} ${WORDS_PER_MINUTE} ${GAP_BETWEEN_TURNS_S} ${LEAD_SILENCE_S} ${TAIL_SILENCE_S}`;

export interface CaseAudio {
  path: string;
  seconds: number;
  /** Made here with espeak-ng, or the case's own recording (padded). */
  synthetic: boolean;
}

function run(command: string, args: readonly string[], input?: string): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`No se pudo ejecutar ${command}: ${result.error.message} (¿está instalado?)`);
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')}… falló: ${result.stderr.trim()}`);
}

export function audioSeconds(path: string): number {
  const result = spawnSync('soxi', ['-D', path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`soxi no pudo leer ${path}: ${result.stderr.trim()}`);
  return Number(result.stdout.trim());
}

const SOX_FORMAT = ['-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer'];

/** The case's recording, made or padded into `cacheDir` if needed. */
export function caseAudio(evalCase: EvalCase, ownWav: string | null, cacheDir: string): CaseAudio {
  mkdirSync(cacheDir, { recursive: true });
  const source = ownWav ? createHash('sha256').update(ownWav).digest('hex') : JSON.stringify(evalCase.turns.map((t) => [t.speaker, t.text]));
  const hash = createHash('sha256').update(`${RECIPE}\n${source}`).digest('hex').slice(0, 12);
  const path = join(cacheDir, `${evalCase.name}-${hash}.wav`);
  if (!existsSync(path)) {
    const work = mkdtempSync(join(tmpdir(), 'escriba-eval-audio-'));
    try {
      const lead = join(work, 'lead.wav');
      const tail = join(work, 'tail.wav');
      run('sox', ['-n', ...SOX_FORMAT, lead, 'trim', '0', String(LEAD_SILENCE_S)]);
      run('sox', ['-n', ...SOX_FORMAT, tail, 'trim', '0', String(TAIL_SILENCE_S)]);
      const parts = ownWav ? [convert(ownWav, work)] : synthesise(evalCase, work);
      const partial = join(work, 'out.wav');
      // -3 dBFS: clearly speech to the voice-activity detector, never clipped.
      run('sox', ['-D', lead, ...parts, tail, ...SOX_FORMAT, partial, 'gain', '-n', '-3']);
      renameSync(partial, path);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { path, seconds: audioSeconds(path), synthetic: ownWav === null };
}

function convert(wav: string, work: string): string {
  const out = join(work, 'own.wav');
  run('sox', ['-D', wav, ...SOX_FORMAT, out]);
  return out;
}

function synthesise(evalCase: EvalCase, work: string): string[] {
  return evalCase.turns.map((turn, i) => {
    const raw = join(work, `turn-${i}-raw.wav`);
    const out = join(work, `turn-${i}.wav`);
    // The text goes in on stdin: a turn may start with "-" or hold characters a shell would read.
    run('espeak-ng', ['-v', VOICES[turn.speaker], '-s', String(WORDS_PER_MINUTE), '-a', '100', '-w', raw], turn.text);
    // espeak's own silence trimmed at both ends, then the pause before the next turn.
    run('sox', ['-D', '-G', raw, ...SOX_FORMAT, out, 'silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse', 'pad', '0', String(GAP_BETWEEN_TURNS_S)]);
    return out;
  });
}
