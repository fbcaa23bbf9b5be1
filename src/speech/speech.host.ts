/**
 * The worker's side of the speech protocol: answers SpeechRequests with an engine. Separate from
 * speech.worker.ts so tests can join it to a SpeechClient without a real worker, and so a test
 * worker can host the same engine with test-only extras.
 */
import { isSpeechRequest, toWireError, type SpeechEvent, type SpeechRequest } from './speech.protocol';
import type { SpeechEngine } from './speechEngine';

/** What the host uses of DedicatedWorkerGlobalScope (the project compiles against the DOM lib). */
export interface SpeechHostScope {
  postMessage(message: SpeechEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export function serveSpeech(scope: SpeechHostScope, engine: SpeechEngine): void {
  const transcriptions = new Map<number, AbortController>();
  const fail = (id: number) => (error: unknown) => scope.postMessage({ type: 'error', id, error: toWireError(error) });

  async function transcribe(request: Extract<SpeechRequest, { type: 'transcribe' }>): Promise<void> {
    const controller = new AbortController();
    transcriptions.set(request.id, controller);
    try {
      const options = { signal: controller.signal, ...(request.prompt === undefined ? {} : { prompt: request.prompt }) };
      const transcription = await engine.transcribe(request.audio, options);
      scope.postMessage({ type: 'result', id: request.id, result: { type: 'transcribe', transcription } });
    } catch (error) {
      fail(request.id)(error);
    } finally {
      transcriptions.delete(request.id);
    }
  }

  scope.addEventListener('message', (event) => {
    if (!isSpeechRequest(event.data)) return;
    const request = event.data;
    switch (request.type) {
      case 'watch':
        scope.postMessage({ type: 'status', id: request.id, status: engine.getStatus() });
        engine.subscribe((status) => scope.postMessage({ type: 'status', id: request.id, status }));
        return;
      case 'load':
        engine.load(request.request).then(
          (status) => scope.postMessage({ type: 'result', id: request.id, result: { type: 'load', status } }),
          fail(request.id),
        );
        return;
      case 'transcribe':
        void transcribe(request);
        return;
      case 'cancel':
        transcriptions.get(request.id)?.abort();
        return;
      case 'dispose':
        engine.dispose().then(() => scope.postMessage({ type: 'done', id: request.id }), fail(request.id));
        return;
    }
  });
}
