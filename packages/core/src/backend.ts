import * as tf from '@tensorflow/tfjs';

import { registerOptimizerProvider, type OptimizerProvider } from './train/optimizers.ts';
import { FrontierError } from './util/errors.ts';

/** What Frontier uses of the optional @frontier/backend-onednn package. */
interface OnednnModule {
  selectBackend(options?: { log?: (line: string) => void }): Promise<string>;
  fusedOptimizer: OptimizerProvider;
}

/**
 * Makes the best tensor backend of this process active and returns its name: the
 * native `onednn` backend when @frontier/backend-onednn is installed and built and
 * FRONTIER_BACKEND does not say otherwise (its fused optimizers then become what
 * makeOptimizer returns), else pure-JS `cpu`, with one line to `log` saying what is
 * missing and how to fix it.
 */
export async function selectBackend(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  const onednn = await importOptional('@frontier/backend-onednn');
  let name: string;
  if (onednn) {
    name = await onednn.selectBackend({ log });
    registerOptimizerProvider('onednn', onednn.fusedOptimizer);
  } else if (process.env.FRONTIER_BACKEND === 'onednn') {
    throw new FrontierError(
      'BACKEND_MISSING',
      'FRONTIER_BACKEND=onednn but @frontier/backend-onednn is not installed',
      {
        hint: 'run `npm ci` in the repository, or unset FRONTIER_BACKEND',
      },
    );
  } else {
    if (process.env.FRONTIER_BACKEND !== 'cpu') {
      log('frontier: using the cpu backend because @frontier/backend-onednn is not installed; run: npm ci');
    }
    await tf.setBackend('cpu');
    name = 'cpu';
  }
  // tfjs-backend-cpu prints a multi-line advert for tfjs-node on first use in Node;
  // Frontier deliberately runs without tfjs-node, so the advert is only noise.
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in backend) backend.firstUse = false;
  return name;
}

// The backend is an optional package: a checkout or install without it still runs.
// A variable specifier keeps bundlers and the type checker from requiring it.
async function importOptional(specifier: string): Promise<OnednnModule | undefined> {
  try {
    return (await import(specifier)) as OnednnModule;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(err).includes(specifier))
      return undefined;
    throw err;
  }
}

/** The name of the active tensor backend (`onednn`, `cpu`, …). */
export function activeBackend(): string {
  return tf.getBackend();
}
