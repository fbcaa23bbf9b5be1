/** Narrows untyped message data before its fields are read: checked, never cast. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
