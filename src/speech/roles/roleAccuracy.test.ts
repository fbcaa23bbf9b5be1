/**
 * Role accuracy per line on the consultation scripts (roleScripts.testkit.ts), printed as a table:
 * `npx vitest run --project unit src/speech/roles/roleAccuracy.test.ts`. A line left «sin asignar»
 * counts as wrong in accuracy; precision is over the lines given a role. The floors below are the
 * figures measured when the cues were set, less a little: they catch a regression, not a tuning.
 */
import { describe, expect, it } from 'vitest';
import type { SpeakerRole } from '../../storage/types';
import { classifyTranscript } from './roleClassifier';
import { devScripts, heldOutScripts, type RoleScript } from './roleScripts.testkit';

interface Tally {
  lines: number;
  correct: number;
  unassigned: number;
  errors: string[];
  confusion: Map<string, number>;
}

/** The same scripts as a Whisper that dropped every «¿» and «?» would write them. */
function unmarked(scripts: readonly RoleScript[]): RoleScript[] {
  return scripts.map((s) => ({ ...s, lines: s.lines.map((l) => ({ ...l, text: l.text.replace(/[¿?]/g, '').replace(/\s+/g, ' ').trim() })) }));
}

function measure(scripts: readonly RoleScript[]): Tally {
  const tally: Tally = { lines: 0, correct: 0, unassigned: 0, errors: [], confusion: new Map() };
  for (const script of scripts) {
    const guesses = classifyTranscript(script.lines.map((l) => l.text));
    script.lines.forEach((line, i) => {
      const guess = guesses[i]?.role ?? 'sin asignar';
      tally.lines += 1;
      if (guess === line.role) tally.correct += 1;
      else if (guess === 'sin asignar') tally.unassigned += 1;
      if (guess !== line.role) {
        tally.errors.push(`${script.name}:${i + 1} ${line.role} → ${guess} [${guesses[i]?.cues.join(', ')}] ${line.text}`);
      }
      const key = `${line.role} → ${guess}`;
      tally.confusion.set(key, (tally.confusion.get(key) ?? 0) + 1);
    });
  }
  return tally;
}

function report(name: string, t: Tally): string {
  const assigned = t.lines - t.unassigned;
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
  return [
    `${name}: ${t.correct}/${t.lines} líneas correctas (${pct(t.correct, t.lines)}); sin asignar ${t.unassigned}; ` +
      `precisión en las asignadas ${t.correct}/${assigned} (${pct(t.correct, assigned)})`,
    ...[...t.confusion].filter(([k]) => !k.split(' → ').every((r, _, a) => r === a[0])).map(([k, n]) => `  ${k}: ${n}`),
    ...(process.env.ROLE_ERRORS ? t.errors.map((e) => `  ${e}`) : []),
  ].join('\n');
}

const ROLES: readonly SpeakerRole[] = ['médico', 'paciente', 'acompañante'];

describe('speaker role accuracy on rioplatense consultation scripts (no model: text cues and turn-taking)', () => {
  it('measures accuracy per line on the development and the held-out scripts', () => {
    const dev = measure(devScripts());
    const heldOut = measure(heldOutScripts());
    const devUnmarked = measure(unmarked(devScripts()));
    const heldOutUnmarked = measure(unmarked(heldOutScripts()));
    console.log(
      [
        report('desarrollo', dev),
        report('reservados', heldOut),
        report('desarrollo, sin signos de pregunta', devUnmarked),
        report('reservados, sin signos de pregunta', heldOutUnmarked),
      ].join('\n'),
    );
    expect(dev.lines).toBe(189);
    expect(heldOut.lines).toBe(98);
    expect(dev.correct / dev.lines).toBeGreaterThanOrEqual(0.9);
    expect(heldOut.correct / heldOut.lines).toBeGreaterThanOrEqual(0.83);
    // A wrong label misleads more than none: of the lines given a role, few may be wrong.
    expect(dev.correct / (dev.lines - dev.unassigned)).toBeGreaterThanOrEqual(0.95);
    expect(heldOut.correct / (heldOut.lines - heldOut.unassigned)).toBeGreaterThanOrEqual(0.9);
  });

  it('reads every reference line of every script', () => {
    for (const script of [...devScripts(), ...heldOutScripts()]) {
      expect(script.lines.every((l) => ROLES.includes(l.role) && l.text.length > 0), script.name).toBe(true);
    }
  });
});
