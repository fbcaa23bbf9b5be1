/**
 * The note benchmark's worker: the runtime the note worker's TransformersNoteEngine runs
 * (transformersNoteRuntime.ts: same loader, same warm-up, same `generateNote`, model files from the
 * same OPFS store, ORT files from the app), without the engine's status keeping, so one generation
 * can go with the note grammar and the next without it. Only the benchmark starts it.
 */
import { env } from '@huggingface/transformers';
import { variantFor } from '../../src/model-manager/catalog';
import { OpfsModelStore } from '../../src/model-manager/store.opfs';
import { useModelStore } from '../../src/model-manager/transformersStore';
import { browserAdapterFeatures } from '../../src/notes/engine/gpuAdapter';
import { disposeNoteRuntime, generateNote, loadNoteRuntime, warmUp, type NoteRuntime } from '../../src/notes/engine/transformersNoteRuntime';
import { loadXGrammar } from '../../src/notes/engine/xgrammar';
import { useAppOnnxRuntimeFiles } from '../../src/speech/onnxRuntimeFiles';
import { isBenchRequest, type BenchReply, type BenchRequest } from './note-bench.protocol';

const scope: { postMessage(message: BenchReply): void } = self;
useModelStore(env, new OpfsModelStore());
useAppOnnxRuntimeFiles(env);

let runtime: NoteRuntime | undefined;

async function answer(request: BenchRequest): Promise<BenchReply> {
  switch (request.type) {
    case 'load': {
      const startedAt = performance.now();
      if (runtime) await disposeNoteRuntime(runtime);
      runtime = undefined;
      const features = request.device === 'webgpu' ? ((await browserAdapterFeatures()) ?? []) : [];
      const variant = variantFor(request.model, request.device, { features });
      if (!variant) throw new Error(`${request.model.id} has no ${request.device} variant here`);
      const loaded = await loadNoteRuntime(request.model.id, { device: request.device, dtype: variant.dtype }, await loadXGrammar());
      await warmUp(loaded);
      runtime = loaded;
      return { type: 'loaded', id: request.id, loadMs: performance.now() - startedAt };
    }
    case 'generate': {
      if (!runtime) throw new Error('No model loaded');
      const startedAt = performance.now();
      const { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs, complete } = await generateNote(runtime, request.generation);
      const wallMs = performance.now() - startedAt;
      return { type: 'generated', id: request.id, run: { text, promptTokens, outputTokens, timeToFirstTokenMs, totalMs, wallMs, complete } };
    }
    case 'dispose':
      if (runtime) await disposeNoteRuntime(runtime);
      runtime = undefined;
      return { type: 'disposed', id: request.id };
  }
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isBenchRequest(request)) return;
  answer(request).then(
    (reply) => scope.postMessage(reply),
    (error: unknown) => {
      const named = error instanceof Error ? error : new Error(String(error));
      scope.postMessage({ type: 'error', id: request.id, error: { name: named.name, message: named.message } });
    },
  );
});
