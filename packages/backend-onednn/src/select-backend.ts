/**
 * Registration and selection of the onednn backend, with a one-line diagnosis
 * when the native addon cannot be used.
 */
import { findBackendFactory, registerBackend, setBackend } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, OnednnBackend } from './backend.ts';
import { loadNative } from './load-native.ts';
import type { NativeBinding } from './native-binding.ts';
import { registerBatchNormGradient } from './batch-norm-gradient.ts';
import { registerAllKernels } from './register-all-kernels.ts';

/** Priority above the cpu backend (1) so tf.ready() prefers onednn once registered. */
const PRIORITY = 2;

export type RegisterResult = { ok: true } | { ok: false; reason: string; fix: string };

/** Thrown when FRONTIER_BACKEND names a backend that cannot be used. */
export class BackendSelectionError extends Error {
  readonly requested: string;
  readonly fix: string;
  constructor(requested: string, message: string, fix: string) {
    super(`${message}. Fix: ${fix}`);
    this.name = 'BackendSelectionError';
    this.requested = requested;
    this.fix = fix;
  }
}

/**
 * Loads the addon and registers the 'onednn' backend (idempotent). Never
 * throws; on failure says what is missing and the command that fixes it.
 */
export function registerOnednnBackend(): RegisterResult {
  const native = loadNative();
  if (!native.ok) return { ok: false, reason: native.reason, fix: native.fix };
  registerAllKernels();
  registerBatchNormGradient();
  if (findBackendFactory(BACKEND_NAME) === null) {
    const problem = configureNative(native.binding);
    if (problem) return problem;
    registerBackend(BACKEND_NAME, () => new OnednnBackend(native.binding), PRIORITY);
  }
  return { ok: true };
}

/**
 * Applies the environment: FRONTIER_ONEDNN_THREADS=<n> sets the thread count;
 * FRONTIER_ONEDNN_MALLOC_TUNING=0 leaves glibc malloc alone (default: tuned,
 * see NativeBinding.tuneAllocator).
 */
function configureNative(binding: NativeBinding): { ok: false; reason: string; fix: string } | null {
  const threads = process.env.FRONTIER_ONEDNN_THREADS;
  if (threads !== undefined && threads !== '') {
    const n = Number(threads);
    if (!Number.isInteger(n) || n < 1) {
      return {
        ok: false,
        reason: `FRONTIER_ONEDNN_THREADS='${threads}' is not a positive integer`,
        fix: 'set FRONTIER_ONEDNN_THREADS to a thread count such as 2, or unset it',
      };
    }
    binding.setThreads(n);
  }
  if (process.env.FRONTIER_ONEDNN_MALLOC_TUNING !== '0') binding.tuneAllocator();
  return null;
}

export interface SelectBackendOptions {
  /** Where the one-line fallback notice goes. Default: console.warn. */
  log?: (line: string) => void;
  /** Overrides process.env.FRONTIER_BACKEND ('cpu' | 'onednn'); unset means "onednn if available". */
  requested?: string;
}

let warned = false;

/**
 * Makes the best available backend active and returns its name.
 * FRONTIER_BACKEND=cpu forces cpu; FRONTIER_BACKEND=onednn forces onednn and
 * throws BackendSelectionError when it is unavailable; otherwise onednn is
 * used when it loads, else cpu with one line saying why and how to fix it.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<string> {
  const requested = (options.requested ?? process.env.FRONTIER_BACKEND ?? '').trim().toLowerCase();
  if (requested !== '' && requested !== 'cpu' && requested !== BACKEND_NAME) {
    throw new BackendSelectionError(
      requested,
      `FRONTIER_BACKEND='${requested}' is not a backend this build knows (expected 'cpu' or 'onednn')`,
      'set FRONTIER_BACKEND=cpu or FRONTIER_BACKEND=onednn, or unset it',
    );
  }
  if (requested === 'cpu') {
    await activate('cpu');
    return 'cpu';
  }
  const result = registerOnednnBackend();
  if (result.ok) {
    await activate(BACKEND_NAME);
    return BACKEND_NAME;
  }
  if (requested === BACKEND_NAME) {
    throw new BackendSelectionError(requested, `FRONTIER_BACKEND=onednn but ${result.reason}`, result.fix);
  }
  if (!warned) {
    warned = true;
    (options.log ?? console.warn)(
      `frontier: using the cpu backend because ${result.reason}; to enable onednn run: ${result.fix}`,
    );
  }
  await activate('cpu');
  return 'cpu';
}

async function activate(name: string): Promise<void> {
  const ok = await setBackend(name);
  if (!ok)
    throw new BackendSelectionError(
      name,
      `tfjs could not initialize the '${name}' backend`,
      'see the error logged above by tfjs',
    );
}
