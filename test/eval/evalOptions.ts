/** The options of `npm run eval` (scripts/eval.mjs parses them; defaults and meanings in models/eval/README.md). */
import type { EvalMode } from '../../src/eval/report';

export interface EvalOptions {
  casesDir: string;
  mode: EvalMode;
  /** Note model, by catalogue id; by default the one «Modelos» recommends here. */
  noteModel?: string;
  /** Speech model for audio mode, by catalogue id; by default the recommended one. */
  speechModel?: string;
  /** Folder served at /models/ (catalog.json + files). */
  modelsDir: string;
  template: string;
  /** Only these cases, by name. */
  only?: string[];
  /** Longest wait for one note, from «Generar nota» (model loading included). */
  noteTimeoutSeconds: number;
  /** Audio mode: longest wait for the transcript after «Detener», per second of audio. */
  sttTimeoutPerAudioSecond: number;
  /** Longest wait for a model to download and verify. */
  installTimeoutSeconds: number;
  /** Longest wait for a page to load or a control to answer (a busy machine is slow, not broken). */
  uiTimeoutSeconds: number;
  wavCacheDir: string;
  log: (message: string) => void;
}
