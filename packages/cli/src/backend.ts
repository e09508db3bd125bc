import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '@frontier/core';

/**
 * Picks the tensor backend: the native `onednn` backend when it is installed and
 * built and FRONTIER_BACKEND does not say otherwise, else pure-JS `cpu` (with one
 * line saying what is missing and how to fix it).
 */
export async function selectBackend(): Promise<string> {
  const onednn = await importOptional('@frontier/backend-onednn');
  let name: string;
  if (onednn) {
    name = await onednn.selectBackend();
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
      process.stderr.write(
        'frontier: using the cpu backend because @frontier/backend-onednn is not installed; run: npm ci\n',
      );
    }
    await tf.setBackend('cpu');
    name = 'cpu';
  }
  quietCpuBanner();
  return name;
}

type OnednnModule = { selectBackend(): Promise<string> };

// The backend is an optional package: a checkout or install without it still runs.
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

// tfjs-backend-cpu prints a multi-line advert for tfjs-node on first use in Node;
// Frontier deliberately runs without tfjs-node, so the advert is only noise.
function quietCpuBanner(): void {
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in backend) backend.firstUse = false;
}
