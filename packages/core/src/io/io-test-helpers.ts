// Shared fixtures for the io tests (not a test file itself).
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder; call the returned `cleanup` when done. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-io-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A small seeded Conv2D + Dense model: [6, 6, 1] → 3 softmax outputs. */
export function seededModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [6, 6, 1],
      filters: 2,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
      biasInitializer: tf.initializers.randomNormal({ seed: 8 }),
    }),
  );
  model.add(tf.layers.flatten());
  model.add(
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }),
      biasInitializer: tf.initializers.randomNormal({ seed: 10 }),
    }),
  );
  return model;
}

/** A fixed input batch for {@link seededModel}: 2 images with values i / 72 - 0.5. */
export function seededInput(): tf.Tensor {
  return tf.tensor4d(
    Array.from({ length: 72 }, (_, i) => i / 72 - 0.5),
    [2, 6, 6, 1],
  );
}

/** The model's predictions on {@link seededInput} as a Float32Array. */
export function predictFlat(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(seededInput()) as tf.Tensor).dataSync() as Float32Array);
}

/**
 * Writes a crafted model folder: `model.json` holding `doc` (or raw text), and each
 * entry of `files` (name → byte count, or explicit bytes) beside it.
 */
export async function writeCrafted(
  dir: string,
  doc: unknown,
  files: Record<string, number | Uint8Array> = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'model.json');
  await writeFile(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'number' ? new Uint8Array(content) : content);
  }
  return path;
}

/** A minimal model.json document whose one group is `weights` stored in `paths`. */
export function craftedDoc(weights: unknown[], paths: string[] = ['weights.bin']): Record<string, unknown> {
  return { modelTopology: {}, format: 'layers-model', weightsManifest: [{ paths, weights }] };
}
