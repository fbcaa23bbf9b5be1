/**
 * The worker's side of the note protocol: answers its requests with a note engine. Separate from
 * note.worker.ts so tests can join it to a NoteClient without a real worker, and so a test worker
 * can host the same engines with test-only extras.
 */
import { serve, watchStatus, type HostScope } from '../../shared/worker/host';
import { NOTE_PROTOCOL } from './note.protocol';
import type { NoteEngine } from './noteEngine';

export type NoteHostScope = HostScope;

export function serveNotes(scope: HostScope, engine: NoteEngine): void {
  serve(scope, NOTE_PROTOCOL, {
    watch: watchStatus(engine),
    load: (request) => engine.load(request),
    generate: (request, { signal, progress }) => engine.generate({ ...request, signal, onProgress: progress }),
    dispose: async () => {
      await engine.dispose();
      return undefined;
    },
  });
}
