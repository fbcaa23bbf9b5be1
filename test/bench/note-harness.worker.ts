/**
 * The note worker as the harness page starts it with `?gpu-hooks`: the same host and
 * transformers.js note engine as src/notes/engine/note.worker.ts, with the GPU hooks of
 * harnessGpu.ts (lose the device, refuse new ones), which the production protocol does not have.
 */
import { env } from '@huggingface/transformers';
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { serveNotes, type NoteHostScope } from '../../src/notes/engine/note.host';
import { TransformersNoteEngine } from '../../src/notes/engine/transformersNoteEngine';
import { useAppOnnxRuntimeFiles } from '../../src/speech/onnxRuntimeFiles';
import { serveHarnessGpu } from './harnessGpu';

useAppOnnxRuntimeFiles(env);
const scope: NoteHostScope & { postMessage(message: unknown): void } = self;
serveNotes(scope, new TransformersNoteEngine({ store: new OpfsModelStore(), gpu: serveHarnessGpu(scope) }));
