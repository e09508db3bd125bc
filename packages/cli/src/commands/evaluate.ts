import type { Command } from 'commander';
import { evaluate } from '@frontier/core/evaluate';
import { formatMeasure } from '@frontier/core/report';
import { studyConfig, studyOptions, type StudyFlags } from '../config-file.ts';
import { emit, table, type GlobalFlags } from '../output.ts';

/** `frontier evaluate [config]`: the main job. */
export function evaluateCommand(program: Command, flags: () => GlobalFlags): void {
  studyOptions(
    program
      .command('evaluate')
      .description('train the baseline, apply every technique, measure each, and write a report')
      .argument('[config]', 'study config JSON (default: the brief CNN on MNIST)'),
  )
    .option('--reports <dir>', 'reports folder', 'reports')
    .addHelpText(
      'after',
      `
Examples:
  $ frontier evaluate                         # default study: brief CNN on MNIST
  $ frontier evaluate study.json --json       # your config, machine-readable summary
  $ frontier evaluate --epochs 1 --train-limit 2000 --test-limit 500
  $ frontier evaluate --images photos/train   # your images: one subfolder per class

A config is JSON, every field optional:
  { "dataset": { "name": "mnist" } | { "name": "penguins" } | { "name": "table", "path": "x.csv", "label": "y", "features": ["a","b"] }
               | { "name": "images", "path": "photos/train", "testPath": "photos/test", "targetSize": [64,64] },
    "model": "cnn" | "mlp" | { "name": "m", "inputShape": [28,28,1], "layers": [...] },
    "train": { "epochs": 3, "batchSize": 32, "optimizer": { "name": "adam", "learningRate": 0.001 }, "clipNorm": 1 },
    "techniques": ["baseline"], "seed": 42 }`,
    )
    .action(async (configPath: string | undefined, o: StudyFlags & { reports: string }) => {
      const config = await studyConfig(configPath, o);
      config.reportsDir ??= o.reports;
      const result = await evaluate(config);
      emit(
        flags(),
        {
          runId: result.runId,
          report: result.htmlPath,
          json: result.jsonPath,
          seconds: result.seconds,
          matrix: result.report.matrix,
        },
        () => {
          const keys = [
            'accuracy',
            'deltaAccuracy',
            'parameters',
            'gzipBytes',
            'latencyP50',
            'latencyP99',
            'throughput',
            'seconds',
          ];
          const rows = result.report.matrix.map((r) => [
            r.technique,
            ...keys.map((k) => (r.metrics[k] ? formatMeasure(r.metrics[k].value, r.metrics[k].unit) : '–')),
          ]);
          return `${table(['technique', ...keys], rows)}\n\nrun ${result.runId} in ${result.seconds.toFixed(0)} s\nreport: ${result.htmlPath}`;
        },
      );
    });
}
