import * as tf from '@tensorflow/tfjs';

/**
 * Picks the tensor backend: the native `onednn` backend when it is built and
 * FRONTIER_BACKEND does not say otherwise, else pure-JS `cpu` (the backend package
 * prints one line saying what is missing and how to fix it).
 */
export async function selectBackend(): Promise<string> {
  const onednn = await import('@frontier/backend-onednn');
  const name = await onednn.selectBackend();
  quietCpuBanner();
  return name;
}

// tfjs-backend-cpu prints a multi-line advert for tfjs-node on first use in Node;
// Frontier deliberately runs without tfjs-node, so the advert is only noise.
function quietCpuBanner(): void {
  const backend = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in backend) backend.firstUse = false;
}
