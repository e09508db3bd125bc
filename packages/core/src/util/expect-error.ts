import assert from 'node:assert/strict';
import { FrontierError } from './errors.ts';

/** Test helper: `fn` throws a FrontierError with this code and `where` (and a message matching `message`). */
export function expectError(fn: () => unknown, code: string, where: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof FrontierError, `expected FrontierError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.where, where);
    if (message) assert.match(e.message, message);
    return true;
  });
}
