import { describe, expect, it } from 'vitest';
import * as errors from './errors';

describe('named errors', () => {
  it("carry their class's name as a literal, so minified builds still rebuild them across workers", () => {
    const checked: string[] = [];
    for (const [exportName, value] of Object.entries(errors)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
      const instance: unknown = Reflect.construct(value, ['x', []]);
      expect(instance instanceof Error && instance.name, exportName).toBe(exportName);
      checked.push(exportName);
    }
    expect(checked).toContain('IntegrityError');
    expect(checked.length).toBeGreaterThan(8);
  });
});
