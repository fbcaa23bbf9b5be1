/**
 * `npm run check:fhir-hapi`: the exported Bundles through the HAPI FHIR validator. Separate from
 * `npm test` on purpose: it needs Java 17 and Maven, which fetches HAPI's jars from Maven Central
 * the first time; the unit tests validate the same Bundles offline with @medplum/core.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['scripts/fhir-hapi/**/*.check.ts'],
    environment: 'node',
    // A JVM start, HAPI loading the R4 definitions, and a first Maven run that downloads jars.
    testTimeout: 1_200_000,
  },
});
