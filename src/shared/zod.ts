/**
 * zod, configured once for the whole app: every schema module imports `z` from here.
 *
 * `jitless`: zod otherwise probes whether it may compile validators with `new Function`. The app's
 * Content-Security-Policy forbids evaluating JavaScript (scripts/security-headers.mjs), so the
 * probe would be a reported violation on every page and worker, for a speed-up the note and
 * catalogue sizes do not need.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
