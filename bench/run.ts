// `npm run bench`: runs every benchmark in turn, each in its own process so one
// cannot warm or pollute another. Results go to stdout; docs/benchmarks.md records
// them with the machine and the command. Run it on a quiet machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BENCHES: Array<{ name: string; file: string; args?: string[] }> = [
  { name: 'onednn backend vs tfjs-cpu vs PyTorch', file: 'packages/backend-onednn/bench/bench.ts' },
  { name: '(c) Transformer encoder training', file: 'packages/core/bench/transformer.ts' },
  { name: 'deep CNN with batch norm: training step', file: 'packages/core/bench/batchnorm.ts' },
  { name: 'KernelSHAP time per row', file: 'packages/core/bench/explain.ts' },
  { name: 'augmentation and directory loading throughput', file: 'packages/core/bench/preprocess.ts' },
  { name: 'PCA and raw pixels on 100 labels', file: 'packages/core/bench/pca.ts' },
  {
    name: 'TPE + ASHA vs random search',
    file: 'packages/core/bench/tune.ts',
    args: [
      '--seeds',
      '1,2,3,4,5,6,7,8,9,10',
      '--trials',
      '12',
      '--epochs',
      '9',
      '--train-limit',
      '3000',
      '--validation',
      '10000',
    ],
  },
];

const only = process.argv.slice(2);
let failed = 0;
for (const bench of BENCHES) {
  if (only.length > 0 && !only.some((o) => bench.file.includes(o))) continue;
  if (!existsSync(bench.file)) continue;
  process.stdout.write(`\n## ${bench.name}\n$ node --import tsx ${bench.file}\n\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', bench.file, ...(bench.args ?? [])], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
