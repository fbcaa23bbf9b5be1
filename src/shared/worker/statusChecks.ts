/** Checks of what every model engine's status carries, for the engines' protocol files. */
import type { ComputeDevice } from '../gpuRecovery';
import { isRecord } from '../isRecord';
import { isWireError } from './protocol';

export const isDevice = (value: unknown): value is ComputeDevice => value === 'webgpu' || value === 'wasm';
export const isOptionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** A phase among `phases`; model, device, notice and error if present; bytes read per file. */
export function isModelStatus(value: unknown, phases: readonly string[]): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    phases.some((phase) => phase === value.phase) &&
    isOptionalString(value.modelId) &&
    (value.device === undefined || isDevice(value.device)) &&
    isOptionalString(value.notice) &&
    (value.error === undefined || isWireError(value.error)) &&
    Array.isArray(value.files) &&
    value.files.every(
      (file) => isRecord(file) && typeof file.file === 'string' && isNumber(file.loadedBytes) && (file.totalBytes === null || isNumber(file.totalBytes)),
    )
  );
}
