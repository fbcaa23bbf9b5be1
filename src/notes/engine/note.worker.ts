/**
 * The note worker: the note LLM (transformers.js on the model store in OPFS, or web-llm), answering
 * the note protocol. Start it through NoteClient. A worker keeps inference off the UI thread
 * (invariant 3) and can read the store's files, which live in the Origin Private File System.
 *
 * Each engine is imported when a model of its kind is first loaded: transformers.js (with ONNX
 * Runtime) and web-llm are each megabytes, and a clinic uses one of them.
 */
import { serveNotes, type NoteHostScope } from './note.host';
import { EngineSwitch } from './engineSwitch';

const scope: NoteHostScope = self;
serveNotes(
  scope,
  new EngineSwitch({
    'transformers.js': async () => {
      const [{ env }, { useAppOnnxRuntimeFiles }, { OpfsModelStore }, { TransformersNoteEngine }] = await Promise.all([
        import('@huggingface/transformers'),
        import('../../speech/onnxRuntimeFiles'),
        import('../../model-manager/store.opfs'),
        import('./transformersNoteEngine'),
      ]);
      // ORT's WebAssembly files come from the app, never a CDN (invariant 1; offline use).
      useAppOnnxRuntimeFiles(env);
      return new TransformersNoteEngine({ store: new OpfsModelStore() });
    },
    'web-llm': async () => new (await import('./webLlmNoteEngine')).WebLlmNoteEngine(),
  }),
);
