/**
 * The worker's side of the speech protocol: answers its requests with a speech engine. Separate
 * from speech.worker.ts so tests can join it to a SpeechClient without a real worker, and so a test
 * worker can host the same engine with test-only extras.
 */
import { serve, watchStatus, type HostScope } from '../shared/worker/host';
import { SPEECH_PROTOCOL } from './speech.protocol';
import type { SpeechEngine } from './speechEngine';

export type SpeechHostScope = HostScope;

export function serveSpeech(scope: HostScope, engine: SpeechEngine): void {
  serve(scope, SPEECH_PROTOCOL, {
    watch: watchStatus(engine),
    load: (request) => engine.load(request),
    transcribe: ({ audio, prompt }, { signal }) => engine.transcribe(audio, { signal, ...(prompt === undefined ? {} : { prompt }) }),
    dispose: async () => {
      await engine.dispose();
      return undefined;
    },
  });
}
