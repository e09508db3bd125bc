/**
 * Finds and loads the compiled addon, or explains in one line why it cannot.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NativeBinding } from './native-binding.ts';

/** Directory of this package (one level above src/). */
export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The addon to load; FRONTIER_ONEDNN_ADDON overrides it (tests, custom builds). */
export const addonPath =
  process.env.FRONTIER_ONEDNN_ADDON ?? join(packageDir, 'build', 'Release', 'frontier_onednn.node');

/** The command that installs oneDNN and rebuilds the addon. */
export const fixCommand = 'apt-get install -y libdnnl-dev g++ make && npm rebuild @frontier/backend-onednn';

export type NativeLoadResult =
  { ok: true; binding: NativeBinding } | { ok: false; reason: string; fix: string };

let cached: NativeLoadResult | undefined;

/** Loads build/Release/frontier_onednn.node once; never throws. */
export function loadNative(): NativeLoadResult {
  if (cached) return cached;
  cached = tryLoad();
  return cached;
}

function tryLoad(): NativeLoadResult {
  if (!existsSync(addonPath)) {
    return {
      ok: false,
      reason: `the native addon is not built (${addonPath} is missing)`,
      fix: fixCommand,
    };
  }
  // OpenMP threads that spin at barriers are descheduled as soon as another
  // process wants the core, and every later parallel region then waits a whole
  // scheduler slice for them: measured 1.7x slower training with one busy core
  // on 2 cores. Sleeping waits cost little when idle. libgomp reads this when it
  // is loaded with the addon, so it must be set first; an explicit setting wins.
  const setPolicy = process.env.OMP_WAIT_POLICY === undefined;
  if (setPolicy) process.env.OMP_WAIT_POLICY = 'PASSIVE';
  try {
    const require = createRequire(import.meta.url);
    const binding = require(addonPath) as NativeBinding;
    binding.info();
    return { ok: true, binding };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const missingLib = /libdnnl|cannot open shared object/.test(message);
    return {
      ok: false,
      reason: missingLib
        ? `the oneDNN shared library is missing (${message.split('\n')[0]})`
        : `the native addon failed to load (${message.split('\n')[0]})`,
      fix: fixCommand,
    };
  } finally {
    // libgomp has read it by now; do not leak it into child processes.
    if (setPolicy) delete process.env.OMP_WAIT_POLICY;
  }
}
