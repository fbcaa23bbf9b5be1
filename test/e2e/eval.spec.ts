/**
 * `npm run eval` end to end on one case, in text mode, with the fixture models: the harness installs
 * the LLM fixture through «Modelos», stores the case's lines as the transcript, presses «Generar
 * nota» and reads the stored note back. The case is the fixture's own conversation and its
 * reference is exactly the note the fixture writes, so a harness that read the wrong note, the
 * wrong findings or nothing at all could not score 1. A broken case beside it must be reported by
 * file and field while the good one still runs. Fixture figures: plumbing, not quality.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runEval } from '../eval/runEval';
import { FIXTURE_MODELS_DIR } from '../../scripts/serve.mjs';
import { parseTurns, SPEAKERS } from '../../src/eval/caseFile';
import { withRoles } from '../../src/speech/roles/segmentRoles';

const CASES = fileURLToPath(new URL('../fixtures/eval/', import.meta.url));
const FIXTURE_TURNS = parseTurns('fiebre-fixture.txt', readFileSync(new URL('fiebre-fixture.txt', `file://${CASES}`), 'utf8')).turns;

describe('npm run eval', () => {
  it('scores the fixture note against its own reference, and names a broken case file', { timeout: 300_000 }, async () => {
    const report = await runEval({
      casesDir: CASES,
      mode: 'text',
      noteModel: 'llm-fixture',
      modelsDir: FIXTURE_MODELS_DIR,
      template: 'consulta_general',
      noteTimeoutSeconds: 240,
      sttTimeoutPerAudioSecond: 4,
      installTimeoutSeconds: 120,
      uiTimeoutSeconds: 60,
      wavCacheDir: fileURLToPath(new URL('../../node_modules/.cache/escriba-eval', import.meta.url)),
      log: () => undefined,
    });

    expect(report.fixture).toBe(true);
    expect(report.models).toEqual({ speech: null, note: { id: 'llm-fixture', name: 'LLM de prueba (nota fija)', fixture: true } });
    expect(report.networkViolations).toEqual([]);
    expect(report.caseErrors).toEqual([
      { case: 'roto', problems: [expect.stringMatching(/^roto\.ref\.json › medications\[0\]\.status: /)] },
    ]);

    expect(report.cases.map((c) => c.name)).toEqual(['fiebre-fixture']);
    const [scored] = report.cases;
    expect(scored?.error).toBeUndefined();
    expect(scored?.validNote).toBe(true);
    expect(scored?.answers).toEqual({ valid: 1, total: 1 });
    expect(scored?.f1).toEqual({ medications: 1, allergies: null, diagnoses: 1, vitals: 1, orders: null, referrals: null, followUp: 1, overall: 1 });
    expect(scored?.invented).toBe(0);
    expect(scored?.negatedAsPresent).toBe(0);
    expect(scored?.mustNotContainViolations).toBe(0);
    // Stored findings read back, and the screen showed as many «Revisar» marks.
    expect(scored?.grounding.right).toBe(5);
    expect(scored?.warnings).toEqual([]);
    // The roles stored with the segments, read back: the app's guess for each line against its M:/P: label.
    const guessed = withRoles(FIXTURE_TURNS.map((t) => ({ text: t.text })));
    const right = guessed.filter((g, i) => g.role === SPEAKERS[FIXTURE_TURNS[i]!.speaker]).length;
    expect(scored?.roleSegments).toEqual({ scored: 6, right });
    expect(scored?.roleAccuracy).toBeCloseTo(right / 6);
    // Timed from the page: the note engine's own token counts.
    expect(scored?.timings.outputTokens).toBeGreaterThan(0);
    expect(scored?.timings.noteSeconds).toBeGreaterThan(0);
    expect(report.overall.validNoteRate).toBe(1);
    expect(report.overall.wer).toBeNull();
  });
});
