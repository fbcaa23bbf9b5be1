/**
 * What the WebGPU adapter offers, asked by Escriba itself before a note model is chosen: web-llm's
 * q4f16 builds need `shader-f16`, and several of its prebuilt entries do not say so (FACTS.md), so
 * the catalogue's `requiredFeatures` are checked against this list, never left to the library.
 */
import { isRecord } from '../../shared/isRecord';

/** Reads the adapter's features; `undefined` when there is no WebGPU or no adapter. */
export type AdapterFeatures = () => Promise<string[] | undefined>;

export const browserAdapterFeatures: AdapterFeatures = async () => {
  const gpu: unknown = typeof navigator === 'undefined' ? undefined : Reflect.get(navigator, 'gpu');
  if (!isRecord(gpu) || typeof gpu.requestAdapter !== 'function') return undefined;
  const adapter: unknown = await Reflect.apply(gpu.requestAdapter, gpu, [{ powerPreference: 'high-performance' }]);
  if (!isRecord(adapter) || !isRecord(adapter.features)) return undefined;
  // GPUSupportedFeatures is a set-like of strings.
  return isIterable(adapter.features) ? [...adapter.features].filter((f): f is string => typeof f === 'string') : [];
};

function isIterable(value: unknown): value is Iterable<unknown> {
  return isRecord(value) && typeof Reflect.get(value, Symbol.iterator) === 'function';
}
