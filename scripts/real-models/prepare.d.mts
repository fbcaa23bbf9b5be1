/** Types for `prepare.mjs` (plain JavaScript so `npm run start:real` runs without a build). */
export const REAL_MODELS: { folder: string; command: string; what: string }[];
export function realModelsDir(): string;
export function prepareRealModels(options?: { dir?: string; only?: string[] }): { dir: string; clinic: string; models: string[] };
