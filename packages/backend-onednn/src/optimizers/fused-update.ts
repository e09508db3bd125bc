/**
 * How a fused optimizer update writes new values into tfjs variables.
 *
 * Semantics (documented contract): a variable's buffer is updated IN PLACE only
 * when (a) this module allocated that buffer on an earlier step and (b) no other
 * tensor shares it (backend refCount 1: no clone/reshape of the variable alive).
 * Otherwise the update goes into a fresh buffer that is handed to the variable
 * with `variable.assign()`, exactly like the tfjs optimizers do. So the first
 * step never touches a buffer the caller might own (e.g. the array a variable
 * was created from), and clones keep their old values.
 *
 * One aliasing caveat remains, the same as for any in-place tfjs backend: a
 * Float32Array previously returned by `variable.dataSync()` (or `data()`) on the
 * cpu/onednn backend IS the variable's buffer and sees later in-place updates.
 * Copy it (`.slice()`) if you need a snapshot, or pass `inPlace: false`.
 */
import { tensor } from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';

import type { OnednnBackend } from '../backend.ts';

const owned = new WeakSet<Float32Array>();

export interface UpdateTarget {
  /** Buffer holding the variable's current values; the native update writes into it. */
  values: Float32Array;
  /** Makes the variable hold `values` (no-op when updated in place). */
  commit(): void;
}

export function updateTarget(
  backend: OnednnBackend,
  variable: Variable,
  inPlace: boolean,
): UpdateTarget | null {
  const storage = backend.storage(variable.dataId);
  if (!storage.values || variable.dtype !== 'float32') return null;
  if (inPlace && owned.has(storage.values) && storage.refCount === 1) {
    return { values: storage.values, commit: () => {} };
  }
  const values = storage.values.slice();
  return {
    values,
    commit: () => {
      const next = tensor(values, variable.shape, 'float32');
      variable.assign(next);
      next.dispose();
      if (backend.storage(variable.dataId).values === values) owned.add(values);
    },
  };
}
