/** The repository's own evaluation cases (models/eval/cases), parsed; a broken file throws with its problems. */
import { readdirSync, readFileSync } from 'node:fs';
import { parseCase, type EvalCase } from './caseFile';

const DIR = new URL('../../models/eval/cases/', import.meta.url);

export function repositoryCases(): EvalCase[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.ref.json'))
    .map((f) => f.slice(0, -'.ref.json'.length))
    .sort()
    .map((name) => {
      const parsed = parseCase(name, {
        text: readFileSync(new URL(`${name}.txt`, DIR), 'utf8'),
        textFile: `${name}.txt`,
        reference: readFileSync(new URL(`${name}.ref.json`, DIR), 'utf8'),
        referenceFile: `${name}.ref.json`,
      });
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      return parsed.case;
    });
}
