/**
 * KernelSHAP benchmark: time per explained row at M = 10, 30 and 100 features with a
 * background of 100 rows, and the share of that time spent inside the model (a tfjs MLP
 * M → 64 relu → 1 sigmoid on the current backend). Run:
 *   node --import tsx packages/core/bench/explain.ts [--rows N] [--json]
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { backgroundOf } from '../src/explain/background.ts';
import { KernelShap, type KernelShapRowDetails } from '../src/explain/kernel-shap.ts';
import { fromLayersModel, timed } from '../src/explain/model.ts';
import { Rng } from '../src/explain/rng.ts';

/** One benchmark line: features, coalitions per row, ms per row, and the share of it inside model.predict. */
export interface KernelShapBenchResult {
  features: number;
  backgroundRows: number;
  rows: number;
  coalitionsPerRow: number;
  mode: string;
  modelRowsPerRow: number;
  msPerRow: number;
  modelShare: number;
}

/** Times KernelSHAP on `rows` random rows of an `m`-feature MLP against `backgroundRows` random background rows. */
export async function benchKernelShap(
  m: number,
  opts: { rows?: number; backgroundRows?: number; seed?: number } = {},
): Promise<KernelShapBenchResult> {
  const rows = opts.rows ?? 3;
  const nb = opts.backgroundRows ?? 100;
  const rng = new Rng(opts.seed ?? 0);
  const mlp = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [m],
        units: 64,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const model = timed(fromLayersModel(mlp));
  const bg = Float64Array.from({ length: nb * m }, () => rng.normal());
  const x = Float64Array.from({ length: rows * m }, () => rng.normal());
  const ks = new KernelShap(model, { background: backgroundOf(bg, nb), seed: 1 });
  await ks.expectedValue(); // warm-up: tfjs kernels and the base value, outside the timing
  model.stats.ms = 0;
  model.stats.rows = 0;
  const t0 = performance.now();
  const a = await ks.explain(x, rows);
  const ms = performance.now() - t0;
  const d = a.details![0] as unknown as KernelShapRowDetails;
  mlp.dispose();
  return {
    features: m,
    backgroundRows: nb,
    rows,
    coalitionsPerRow: d.coalitions,
    mode: d.mode,
    modelRowsPerRow: model.stats.rows / rows,
    msPerRow: ms / rows,
    modelShare: model.stats.ms / ms,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rowsAt = args.indexOf('--rows');
  const rows = rowsAt >= 0 ? Number(args[rowsAt + 1]) : 3;
  await tf.setBackend(process.env.FRONTIER_BACKEND ?? 'cpu');
  const results: KernelShapBenchResult[] = [];
  for (const m of [10, 30, 100]) results.push(await benchKernelShap(m, { rows }));
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ backend: tf.getBackend(), results }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `KernelSHAP, background 100 rows, MLP M→64→1, backend ${tf.getBackend()}, ${rows} rows per M\n`,
  );
  process.stdout.write('   M  mode     coalitions  model rows/row  ms/row  in model\n');
  for (const r of results) {
    process.stdout.write(
      `${String(r.features).padStart(4)}  ${r.mode.padEnd(8)} ${String(r.coalitionsPerRow).padStart(10)}  ${String(r.modelRowsPerRow).padStart(14)}  ${r.msPerRow.toFixed(0).padStart(6)}  ${(r.modelShare * 100).toFixed(1).padStart(7)}%\n`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
