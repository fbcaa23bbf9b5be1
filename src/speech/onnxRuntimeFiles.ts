/**
 * ONNX Runtime's WebAssembly files, served by Escriba itself. Left alone, transformers.js points
 * ORT at a CDN (jsdelivr): offline that fails ("no available backend found"), and online it would
 * be traffic to a host outside the catalogue (invariant 1).
 *
 * transformers.js 4.3's onnxruntime-web build (the WebGPU one, `onnxruntime-web/webgpu`) loads
 * `ort-wasm-simd-threaded.asyncify.{mjs,wasm}` for both WASM and WebGPU sessions (seen in Chromium:
 * no other ORT file is requested). The `?url` imports make Vite serve them in development and emit
 * them (content-hashed) into the build, where the PWA precaches them (vite.config.ts), so speech
 * works offline from the first visit on. They resolve to the one onnxruntime-web in node_modules,
 * the exact version transformers.js pins.
 */
// `?url` types, for the test project too (it type-checks this file without the app's Vite types).
/// <reference types="vite/client" />
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

interface OnnxEnvLike {
  backends: { onnx: { wasm?: { wasmPaths?: unknown } } };
}

export function useAppOnnxRuntimeFiles(env: OnnxEnvLike, base: string = globalThis.location.href): void {
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('transformers.js exposes no ONNX Runtime WebAssembly settings');
  // Absolute URLs: ORT imports the .mjs from inside its own module, whose base is not the app's.
  wasm.wasmPaths = { mjs: new URL(ortMjsUrl, base).href, wasm: new URL(ortWasmUrl, base).href };
}
