/** Errors across a worker boundary: sent as `{ name, message }`, rebuilt as the class of that name. */
import { EscribaError } from '../errors';
import type { WireError } from './protocol';

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    // The cause (a runtime's own words) stays readable on the other side, for diagnosis.
    const { cause } = error;
    const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
    return { name: error.name, message: detail ? `${error.message}: ${detail}` : error.message };
  }
  // Libraries (web-llm) sometimes reject with a plain string: keep its text.
  return { name: 'Error', message: String(error) };
}

/** `named` maps each name to its class; write it with shorthand keys, which minifying keeps. */
export function fromWireError(named: Record<string, new (message: string) => Error>, wire: WireError): Error {
  const Named = Object.hasOwn(named, wire.name) ? named[wire.name] : undefined;
  if (Named) return new Named(wire.message);
  // Unexpected errors keep their name for diagnosis; the UI shows its generic message.
  const error = new EscribaError(wire.message);
  error.name = wire.name;
  return error;
}

/**
 * A protocol's `errors`: the classes of `module` (shared/errors.ts) with these names, keyed by name.
 * Named by strings, because a production build minifies class names.
 */
export function errorClasses<K extends string>(
  module: { [P in K]: new (message: string) => Error },
  names: readonly K[],
): Record<string, new (message: string) => Error> {
  return Object.fromEntries(names.map((name) => [name, module[name]]));
}
