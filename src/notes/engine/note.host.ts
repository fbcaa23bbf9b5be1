/**
 * The worker's side of the note protocol: answers NoteRequests with an engine. Separate from
 * note.worker.ts so tests can join it to a NoteClient without a real worker, and so a test worker
 * can host the same engines with test-only extras.
 */
import { toWireError, type NoteEvent, type NoteRequest, isNoteRequest } from './note.protocol';
import type { NoteEngine } from './noteEngine';

/** What the host uses of DedicatedWorkerGlobalScope (the project compiles against the DOM lib). */
export interface NoteHostScope {
  postMessage(message: NoteEvent): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export function serveNotes(scope: NoteHostScope, engine: NoteEngine): void {
  const generations = new Map<number, AbortController>();
  const fail = (id: number) => (error: unknown) => scope.postMessage({ type: 'error', id, error: toWireError(error) });

  async function generate({ id, request }: Extract<NoteRequest, { type: 'generate' }>): Promise<void> {
    const controller = new AbortController();
    generations.set(id, controller);
    try {
      const result = await engine.generate({
        ...request,
        signal: controller.signal,
        onProgress: (progress) => scope.postMessage({ type: 'progress', id, progress }),
      });
      scope.postMessage({ type: 'result', id, result: { type: 'generate', result } });
    } catch (error) {
      fail(id)(error);
    } finally {
      generations.delete(id);
    }
  }

  scope.addEventListener('message', (event) => {
    if (!isNoteRequest(event.data)) return;
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
      case 'generate':
        void generate(request);
        return;
      case 'cancel':
        generations.get(request.id)?.abort();
        return;
      case 'dispose':
        engine.dispose().then(() => scope.postMessage({ type: 'done', id: request.id }), fail(request.id));
        return;
    }
  });
}
